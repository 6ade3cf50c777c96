"""The documentation stands on its own: its links resolve inside the repository, nothing points outside it
(`shared/`), and the reference pages name everything the code supports."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from venuedesk.golden.expect import EXPECT_KEYS
from venuedesk.golden.script import GivenBooking, Script, ScriptTurn
from venuedesk.tools.registry import booking_tools
from venuedesk.workflow.actions import ACTIONS

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
SOURCE_SUFFIXES = {".py", ".yaml", ".yml", ".js", ".html", ".css", ".mako", ".md", ".txt", ".ini", ".toml"}
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, https:, mailto:, ...
OLD_DESIGN_CITATION = re.compile(r"\bDESIGN \d")


def _tokens(page: Path) -> list:
    return MarkdownIt("commonmark").enable("table").parse(page.read_text(encoding="utf-8"))


def _links(page: Path) -> list[str]:
    """Every link and image target on the page (code blocks and code spans are not links)."""
    targets = []
    for token in _tokens(page):
        for child in token.children or []:
            if child.type == "link_open":
                targets.append(str(child.attrs["href"]))
            elif child.type == "image":
                targets.append(str(child.attrs["src"]))
    return targets


def _slug(heading: str) -> str:
    """GitHub's heading anchor: lower case, punctuation and symbols dropped, spaces become hyphens."""
    kept = "".join(
        ch for ch in heading.lower()
        if ch in " -" or unicodedata.category(ch)[0] in "LMN" or unicodedata.category(ch) == "Pc"
    )
    return kept.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    """The anchors of the page's headings, with GitHub's -1, -2 suffixes for repeated headings."""
    tokens = _tokens(page)
    seen: dict[str, int] = {}
    anchors: set[str] = set()
    for opening, inline in zip(tokens, tokens[1:], strict=False):
        if opening.type != "heading_open":
            continue
        text = "".join(child.content for child in inline.children or [] if child.type in ("text", "code_inline"))
        slug = _slug(text)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def _relative_links(page: Path) -> list[tuple[str, Path, str]]:
    """(link as written, the file it names, its #anchor or "") for every link inside the repository."""
    found = []
    for target in _links(page):
        if EXTERNAL.match(target):
            continue
        path_part, _, anchor = target.partition("#")
        path = page if not path_part else (page.parent / path_part).resolve()
        found.append((target, path, anchor))
    return found


def _source_files(*folders: Path) -> list[Path]:
    return [path for folder in folders for path in folder.rglob("*")
            if path.is_file() and path.suffix in SOURCE_SUFFIXES and "__pycache__" not in path.parts]


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_every_relative_link_points_to_a_file_in_the_repository(page: Path) -> None:
    broken = [target for target, path, _ in _relative_links(page) if not path.exists()]
    outside = [target for target, path, _ in _relative_links(page) if not path.is_relative_to(ROOT)]
    assert not broken, f"{page.name}: links to missing files: {broken}"
    assert not outside, f"{page.name}: links leave the repository: {outside}"


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_every_link_to_a_heading_names_a_heading_that_exists(page: Path) -> None:
    missing = [target for target, path, anchor in _relative_links(page)
               if anchor and path.suffix == ".md" and path.exists() and anchor not in _anchors(path)]
    assert not missing, f"{page.name}: links to headings that do not exist: {missing}"


def test_the_docs_folder_holds_the_pages_the_readme_promises() -> None:
    linked = {path.name for _, path, _ in _relative_links(ROOT / "README.md") if path.parent == DOCS}
    expected = {"ARCHITECTURE.md", "design.md", "venue.md", "golden.md", "providers.md"}
    assert expected <= linked, f"README does not link {sorted(expected - linked)}"


def test_no_source_file_or_the_readme_refers_to_the_shared_folder() -> None:
    offenders = [str(path.relative_to(ROOT)) for path in [*_source_files(ROOT / "src"), ROOT / "README.md"]
                 if "shared/" in path.read_text(encoding="utf-8", errors="replace")]
    assert not offenders, f"these files point outside the repository (shared/): {offenders}"


def test_design_sections_are_cited_as_docs_design_md() -> None:
    offenders = [str(path.relative_to(ROOT))
                 for path in _source_files(ROOT / "src", ROOT / "tests", ROOT / "bench") + [ROOT / "README.md"]
                 if OLD_DESIGN_CITATION.search(path.read_text(encoding="utf-8", errors="replace"))]
    assert not offenders, f"cite the design as `docs/design.md §4.3`, not as DESIGN x.y: {offenders}"


def test_golden_md_documents_every_key_the_transcript_runner_accepts() -> None:
    text = (DOCS / "golden.md").read_text(encoding="utf-8")
    turn_keys = {info.alias or name for name, info in ScriptTurn.model_fields.items()}
    keys = turn_keys | set(Script.model_fields) | set(GivenBooking.model_fields) | set(EXPECT_KEYS)
    missing = sorted(key for key in keys if not re.search(rf"`{re.escape(key)}\b", text))
    assert not missing, f"docs/golden.md does not describe these transcript keys: {missing}"


def test_architecture_md_lists_every_tool_and_every_action() -> None:
    text = (DOCS / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = sorted(name for name in [*booking_tools(), *ACTIONS] if f"`{name}`" not in text)
    assert not missing, f"docs/ARCHITECTURE.md does not list these tools or actions: {missing}"
