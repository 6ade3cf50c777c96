"""The one Jinja2 environment over the packaged document templates (`documents/templates/`): every value escaped
(client text prints as its characters), an undefined name an error, blocks trimmed, the trailing newline kept."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("venuedesk.documents", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def template(name: str) -> Template:
    """The packaged template `name` (`offer.html.j2`, `function_sheet.html.j2`), loaded once."""
    return _environment().get_template(name)
