"""/docs works offline: every script, stylesheet and icon it references is served by this app (same origin,
200), none comes from a CDN, and it runs no inline script, under the app's one strict Content-Security-Policy. There is no /redoc (the ReDoc
bundle always loads its logo from a CDN)."""

from __future__ import annotations

from html.parser import HTMLParser

from fastapi.testclient import TestClient


class _Assets(HTMLParser):
    """The URLs a page loads (script src, link href) and its inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.urls.append(values["src"] or "")
        elif tag == "script":
            self._in_inline_script = True
            self.inline.append("")
        elif tag == "link" and values.get("href"):
            self.urls.append(values["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_inline_script = False

    def handle_data(self, data: str) -> None:
        if self._in_inline_script:
            self.inline[-1] += data


def _assets(html: str) -> _Assets:
    parser = _Assets()
    parser.feed(html)
    return parser


def test_every_asset_of_the_docs_page_is_same_origin_and_served(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200

    assets = _assets(response.text)

    assert any(url.endswith(".js") for url in assets.urls), assets.urls
    for url in assets.urls:
        assert url.startswith("/") and not url.startswith("//"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert asset.content, url
    assert "cdn" not in response.text.lower() and "https://" not in response.text


def test_swagger_ui_is_served_with_its_stylesheet(client: TestClient) -> None:
    urls = _assets(client.get("/docs").text).urls
    assert any(url.endswith(".css") for url in urls)
    assert client.get(next(url for url in urls if url.endswith(".css"))).headers["content-type"].startswith("text/css")


def test_the_docs_page_has_no_inline_script_and_the_app_s_strict_csp(client: TestClient) -> None:
    response = client.get("/docs")
    csp = response.headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))

    assert _assets(response.text).inline == []
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "http" not in csp and "'unsafe-eval'" not in csp and "unsafe-inline" not in csp
    assert directives["connect-src"] == "'self'"


def test_the_start_up_script_points_swagger_ui_at_the_spec_without_the_validator(client: TestClient) -> None:
    url = next(url for url in _assets(client.get("/docs").text).urls if "init" in url)
    script = client.get(url)
    assert script.headers["content-type"].startswith("text/javascript")
    assert '"url": "/openapi.json"' in script.text and '"validatorUrl": null' in script.text


def test_the_docs_assets_are_not_sniffed(client: TestClient) -> None:
    url = next(url for url in _assets(client.get("/docs").text).urls if url.endswith(".js"))
    assert client.get(url).headers["x-content-type-options"] == "nosniff"


def test_the_docs_page_and_other_responses_share_one_policy(client: TestClient) -> None:
    assert client.get("/healthz").headers["content-security-policy"] == \
        client.get("/docs").headers["content-security-policy"]


def test_there_is_no_redoc_page_that_would_need_a_cdn(client: TestClient) -> None:
    assert client.get("/redoc").status_code == 404
