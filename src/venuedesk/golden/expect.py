"""Checking a turn's `expect` block (docs/design.md §5) against its reply, event and open task count."""

from __future__ import annotations

from typing import Any

from venuedesk.workflow.reply import Reply, TableBlock

EXPECT_KEYS = frozenset({"step", "state", "agent", "body_contains", "body_not_contains", "footer_contains",
                         "actions", "tables", "event", "hil_open", "sent_contains", "task_contains"})


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _lookup(data: Any, dotted: str) -> tuple[bool, Any]:
    current = data
    for part in dotted.split("."):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return False, None
    return True, current


def values_equal(expected: Any, actual: Any) -> bool:
    """Numbers compare numerically (2090 = 2090.0 = "2090.00"); everything else exactly."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual or expected == actual and type(expected) is type(actual)
    numeric = (int, float)
    if isinstance(expected, numeric) or isinstance(actual, numeric):
        try:
            return float(expected) == float(actual)
        except (TypeError, ValueError):
            return False
    if hasattr(expected, "isoformat"):
        expected = expected.isoformat()
    return expected == actual


def check(
    expect: dict[str, Any], reply: Reply | None, event: dict[str, Any] | None, hil_open: int,
    sent: list[str] | None = None, tasks: list[str] | None = None,
) -> list[str]:
    """Every expectation that failed, as a sentence naming the key, the expected and the actual value; with no
    reply (a `jobs: run` that sent nothing) the text, footer, agent, actions and tables are empty. `sent` is the
    client text of every message sent to the client during the turn (by a job, a decision or the reply); `tasks` the
summaries of the thread's open manager tasks after the turn."""
    failures: list[str] = []
    unknown = set(expect) - EXPECT_KEYS
    if unknown:
        failures.append(f"unknown expect keys: {sorted(unknown)}")
    event = event or {}
    text = reply.client_text() if reply else ""
    agent = reply.agent if reply else None
    footer_text = reply.footer_text if reply else ""
    if "step" in expect and event.get("current_step") != expect["step"]:
        failures.append(f"step: expected {expect['step']}, got {event.get('current_step')}")
    if "state" in expect and event.get("thread_state") != expect["state"]:
        failures.append(f"state: expected {expect['state']!r}, got {event.get('thread_state')!r}")
    if "agent" in expect and agent != expect["agent"]:
        failures.append(f"agent: expected {expect['agent']!r}, got {agent!r}")
    for needle in _as_list(expect.get("body_contains", [])):
        if str(needle) not in text:
            failures.append(f"body_contains: {needle!r} not in the reply" if reply else
                            f"body_contains: {needle!r}: nothing was sent")
    for needle in _as_list(expect.get("body_not_contains", [])):
        if str(needle) in text:
            failures.append(f"body_not_contains: {needle!r} is in the reply")
    for needle in _as_list(expect.get("footer_contains", [])):
        if str(needle) not in footer_text:
            failures.append(f"footer_contains: {needle!r} not in {footer_text!r}")
    names = {a.name for a in reply.actions} | {a.name for t in reply.table_blocks for a in t.row_actions or []} \
        if reply else set()
    for name in _as_list(expect.get("actions", [])):
        if name not in names:
            failures.append(f"actions: {name!r} not among {sorted(names)}")
    if "tables" in expect:
        failures.extend(_check_tables(expect["tables"], reply.table_blocks if reply else []))
    for path, expected in (expect.get("event") or {}).items():
        found, actual = _lookup(event, path)
        if not found or not values_equal(expected, actual):
            failures.append(f"event.{path}: expected {expected!r}, got {actual!r}")
    sent_text = "\n".join(_normalised(text) for text in sent or [])
    for needle in _as_list(expect.get("sent_contains", [])):
        if _normalised(str(needle)) not in sent_text:
            failures.append(f"sent_contains: {needle!r} not in what was sent to the client" if sent else
                            f"sent_contains: {needle!r}: nothing was sent to the client")
    task_text = "\n".join(tasks or [])
    for needle in _as_list(expect.get("task_contains", [])):
        if str(needle) not in task_text:
            failures.append(f"task_contains: {needle!r} not in the summary of any open task")
    if "hil_open" in expect and hil_open != expect["hil_open"]:
        failures.append(f"hil_open: expected {expect['hil_open']}, got {hil_open}")
    return failures


def _normalised(text: str) -> str:
    """Whitespace (no-break spaces included) collapsed to single spaces, as body_contains compares."""
    return " ".join(text.split())


def _check_tables(expected: Any, tables: list[TableBlock]) -> list[str]:
    titles = [table.title for table in tables]
    if isinstance(expected, int):
        return [] if len(titles) == expected else [f"tables: expected {expected}, got {len(titles)} {titles}"]
    return [f"tables: {title!r} not among {titles}" for title in _as_list(expected) if title not in titles]
