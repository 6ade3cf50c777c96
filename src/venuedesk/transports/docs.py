"""The API documentation page /docs (Swagger UI), working offline: its script and stylesheet come from the
`fastapi-offline` package (served under /docs-static), never from a CDN, and its start-up code is a file
(/docs-static-init.js), not an inline script, so the app's one Content-Security-Policy (`script-src 'self';
style-src 'self'`, transports/security_headers.py) covers the page like every other.

There is no /redoc: the ReDoc bundle always loads its logo from Redocly's CDN, so it cannot work offline."""

from __future__ import annotations

import json
import logging
from html import escape
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

log = logging.getLogger("venuedesk.api")
DOCS_URL, DOCS_STATIC_URL, DOCS_INIT_URL = "/docs", "/docs-static", "/docs-static-init.js"
SWAGGER_UI_PARAMETERS = {"validatorUrl": None}  # no badge fetched from the online validator
_DEFAULTS = {"dom_id": "#swagger-ui", "layout": "BaseLayout", "deepLinking": True, "showExtensions": True,
             "showCommonExtensions": True}
PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{root}{static}/swagger-ui.css">
<link rel="icon" href="{root}{static}/favicon.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{root}{static}/swagger-ui-bundle.js"></script>
<script src="{root}{init}"></script>
</body>
</html>
"""


def docs_app(**kwargs: Any) -> FastAPI:
    """A FastAPI app whose /docs loads its assets from the package (fastapi-offline); no /redoc."""
    try:
        from fastapi_offline import FastAPIOffline
    except ModuleNotFoundError:
        log.warning("the API docs page needs fastapi-offline (pip install 'venuedesk[server]'); serving "
                    "/openapi.json without /docs")
        return FastAPI(docs_url=None, redoc_url=None, **kwargs)
    kwargs.setdefault("swagger_ui_parameters", SWAGGER_UI_PARAMETERS)
    app = FastAPIOffline(docs_url=None, redoc_url=None, static_url=DOCS_STATIC_URL, **kwargs)

    @app.get(DOCS_URL, include_in_schema=False)
    def docs_page(request: Request) -> HTMLResponse:
        root = escape(str(request.scope.get("root_path", "")))
        return HTMLResponse(PAGE.format(title=escape(f"{app.title} - Swagger UI"), root=root, static=DOCS_STATIC_URL,
                                        init=DOCS_INIT_URL), headers={"Cache-Control": "no-cache"})

    @app.get(DOCS_INIT_URL, include_in_schema=False)
    def docs_init(request: Request) -> Response:
        root = str(request.scope.get("root_path", ""))
        return Response(init_script(f"{root}{app.openapi_url}", app.swagger_ui_parameters or {}),
                        media_type="text/javascript; charset=utf-8", headers={"Cache-Control": "no-cache"})

    return app


def init_script(openapi_url: str, parameters: dict[str, Any]) -> str:
    """Swagger UI's start-up code as a file: the spec's URL and the UI parameters, as JSON."""
    options = json.dumps({"url": openapi_url, **_DEFAULTS, **parameters})
    return (f"const options = {options};\n"
            "options.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];\n"
            "window.ui = SwaggerUIBundle(options);\n")
