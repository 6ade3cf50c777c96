"""Paging for the manager's lists: `limit` and `offset` query parameters; the page is the JSON list, the total
is the `X-Total-Count` header and the next page's address the `Link: <…>; rel="next"` header."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query, Request, Response

MAX_PAGE = 200
DEFAULT_PAGE = 50
MAX_OFFSET = 1_000_000_000
TOTAL_HEADER = "X-Total-Count"
EXPOSED_HEADERS = [TOTAL_HEADER, "Link"]

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page size (1 to {MAX_PAGE}).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many items to skip (the next page's offset "
                                                              "is this offset plus the page's length).")]
PAGE_HEADERS: dict[str, Any] = {
    TOTAL_HEADER: {"description": "How many items match, on every page.", "schema": {"type": "integer"}},
    "Link": {"description": 'The next page, `<path?…&offset=N>; rel="next"`; absent on the last page.',
             "schema": {"type": "string"}},
}


def set_page_headers(request: Request, response: Response, *, total: int, offset: int, shown: int,
                     limit: int) -> None:
    """Put the total and, unless this is the last page, the next page's relative address on the response."""
    response.headers[TOTAL_HEADER] = str(total)
    if shown and offset + shown < total:
        params = {**request.query_params, "offset": str(offset + shown), "limit": str(limit)}
        response.headers["Link"] = f'<{request.url.path}?{urlencode(params)}>; rel="next"'
