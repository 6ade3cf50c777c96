"""The function sheet as one self-contained HTML document (Jinja2, autoescaped): the page the manager reads and the
input of its PDF, so both show the same thing. Changed lines are marked and listed old → new."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from importlib import resources

from markupsafe import Markup

from venuedesk import i18n
from venuedesk.documents.function_sheet import SheetView, sheet_changes
from venuedesk.documents.templating import template

_CSS = resources.files("venuedesk.documents").joinpath("templates/function_sheet.css").read_text(encoding="utf-8")
STYLE_SOURCE = "'sha256-" + base64.b64encode(hashlib.sha256(_CSS.encode("utf-8")).digest()).decode("ascii") + "'"
"""The CSP source that allows exactly the sheet's one inline stylesheet (the page runs no script at all)."""


def render_sheet_html(view: SheetView, *, version: int, made: datetime, previous: SheetView | None = None,
                      previous_version: int | None = None) -> str:
    """The sheet's HTML for `version`; with the previous version's view, its changed lines are marked and listed."""
    language = view.language
    changes = sheet_changes(previous, view) if previous is not None else ()
    words = {name: i18n.say(f"sheet.{name}", language)
             for name in ("staff_only", "changed_mark", "column.item", "column.old", "column.new")}
    return template("function_sheet.html.j2").render(
        view=view, version=version, css=Markup(_CSS), changes=changes,  # our own stylesheet file, never client text
        changed={change.key for change in changes},
        made=i18n.say("sheet.made", language, version=version,
                      made=f"{i18n.long_date(made.date(), language)}, {made:%H:%M}"),
        changed_title=i18n.say("sheet.changed_title", language, version=previous_version or version - 1),
        staff_only=words["staff_only"], changed_mark=words["changed_mark"], column_item=words["column.item"],
        column_old=words["column.old"], column_new=words["column.new"],
    )
