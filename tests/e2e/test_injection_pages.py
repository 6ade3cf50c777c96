"""The markup attacks of the injection corpus (tests/corpora/injection/attacks.yaml, category `markup`) rendered in a
real browser (docs/injection.md, invariant `html`): sent as client messages and planted as the client's name,
company and billing address, they run no script, inject no element and are shown as the text they are, on the
client page and in the manager console (task card, conversation, events list, audit trail); a model that echoes
them into a reply's body, table and buttons is rendered the same way."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from live_server import CLOCK  # noqa: E402
from test_web_pages import EMAIL, manager_signs_in  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "injection" / "attacks.yaml"
MARKUP = [attack["text"] for attack in yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["attacks"]
          if attack["category"] == "markup"]
PWNING = [text.replace("alert(", "window.__pwned=alert(") for text in MARKUP]
"""The same payloads, which would also set `window.__pwned` if any of their script ran."""
INQUIRY = "Workshop for 30 people on 10 March 2026, 9 to 5, in Room B please, no catering."
INJECTED = "script:not([src^='/static/']), iframe, object, embed, svg:not([data-own]), img[onerror], " \
    "a[href^='javascript:' i], [onload], [onerror], [onmouseover], [onclick]"
WATCH = """
window.addEventListener('securitypolicyviolation', (e) => (window.__violations = window.__violations || [])
  .push(e.violatedDirective));
"""


def _armed(pages: Any) -> Any:
    """A page whose dialogs (alert, confirm, prompt) are recorded, and whose requests to any host but the desk's are
    recorded and refused (a `<script src=https://evil.example/…>` or an exfiltrating `fetch`)."""
    page = pages.new()
    page.dialogs = []
    page.foreign = []
    page.add_init_script(WATCH)
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))

    def refuse(route: Any) -> None:
        page.foreign.append(route.request.url)
        route.abort()

    page.route(lambda url: not url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")), refuse)
    return page


def _assert_inert(page: Any, where: str) -> None:
    """No dialog opened, no foreign request went out, `window.__pwned` is undefined, the page's CSP had nothing to
    block (the second line of defence stayed idle), no element a payload could have injected exists and no element
    carries an `on…` attribute."""
    handlers = page.evaluate("""() => [...document.querySelectorAll('*')].filter((node) =>
        [...node.attributes].some((attr) => attr.name.toLowerCase().startsWith('on'))).map((node) => node.outerHTML)""")
    injected = page.evaluate(f"() => [...document.querySelectorAll({json.dumps(INJECTED)})].map((n) => n.outerHTML)")
    pwned = page.evaluate("() => typeof window.__pwned")
    blocked = page.evaluate("() => window.__violations || []")
    assert (page.dialogs, page.foreign, pwned, blocked, injected, handlers) == ([], [], "undefined", [], [], []), where


def _client_thread(base_url: str, texts: list[str]) -> tuple[str, dict[str, str]]:
    """A client thread whose offer waits for the manager, then each text as a further client message."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        opened = http.post("/api/threads").raise_for_status().json()
        headers = {"Authorization": f"Bearer {opened['client_token']}"}
        thread = opened["thread_id"]
        http.post(f"/api/threads/{thread}/messages", json={"text": INQUIRY, "from": EMAIL},
                  headers=headers).raise_for_status()
        for text in texts:
            http.post(f"/api/threads/{thread}/messages", json={"text": text}, headers=headers).raise_for_status()
    return thread, headers


def _plant_client(home: Path, thread_id: str) -> None:
    """The client's name, company and billing address set to payloads in the stored event (what the desk would hold
    had the client typed them into a billing form)."""
    from venuedesk.clock import FrozenClock
    from venuedesk.domain.event import Billing
    from venuedesk.store.db import ensure_ready
    from venuedesk.workflow.desk import Desk

    desk = Desk(ensure_ready(f"sqlite:///{home / 'venuedesk.sqlite3'}"), FrozenClock(datetime.fromisoformat(CLOCK)))
    try:
        with desk.uow() as uow:
            state = uow.events.for_thread(thread_id)
            assert state is not None
            state.client_name = PWNING[1]
            state.billing = Billing(company=PWNING[3], name=PWNING[5], street=PWNING[0], city=PWNING[2], country="CH")
            uow.events.save(state, desk.clock.now())
            uow.commit()
    finally:
        desk.engine.dispose()


def test_markup_a_client_writes_runs_nowhere_on_the_client_page(pages: Any, base_url: str) -> None:
    client = _armed(pages)
    client.goto(f"{base_url}/")
    client.get_by_label("Your email").fill(EMAIL)
    client.get_by_label("Your message").fill(INQUIRY)
    client.get_by_role("button", name="Send").click()
    expect(client.locator("#waiting")).to_be_visible()
    for number, text in enumerate(PWNING, start=2):
        client.get_by_label("Your message").fill(text)
        with client.expect_response(lambda response: response.url.endswith("/messages")
                                    and response.request.method == "POST"):
            client.get_by_role("button", name="Send").click()
        expect(client.locator(".msg-client")).to_have_count(number)
        expect(client.locator(".msg-client .bubble").last).to_have_text(text)
    _assert_inert(client, "client page")
    client.reload()
    expect(client.locator(".msg-client")).to_have_count(len(PWNING) + 1)
    assert client.locator(".msg-client .bubble").all_text_contents()[1:] == PWNING
    client.locator(".msg-client").last.hover()
    _assert_inert(client, "client page after a reload")


def test_markup_in_client_messages_and_billing_runs_nowhere_in_the_manager_console(
    pages: Any, base_url: str, tmp_path: Path
) -> None:
    thread_id, _ = _client_thread(base_url, MARKUP + PWNING)
    _plant_client(tmp_path / "home", thread_id)
    manager = _armed(pages)
    manager_signs_in(manager, base_url)
    task = manager.locator(".task").first
    expect(task.locator("[data-part=client]")).to_contain_text(PWNING[3])
    expect(task.locator("[data-part=client]")).to_contain_text(PWNING[1])
    task.locator("[data-part=conversation] summary").first.click()
    shown = task.locator(".line-client .line-text").all_text_contents()
    assert [text for text in MARKUP + PWNING if text not in shown] == []
    expect(manager.locator("#events .client").first).to_have_text(PWNING[1])
    manager.locator("#events .thread-id").first.click()
    expect(manager.locator("#audit table")).to_be_visible()
    for node in manager.locator("b, strong, .line-text").all():
        node.hover()
    _assert_inert(manager, "manager console")


def test_markup_a_model_echoes_into_a_reply_is_shown_as_text(pages: Any, base_url: str) -> None:
    client = _armed(pages)
    client.goto(f"{base_url}/")
    reply = {"thread_id": "thr_x", "turn_id": "turn-1", "agent": "offer_agent", "body_markdown": "\n\n".join(PWNING),
             "table_blocks": [{"type": "table", "caption": PWNING[0], "columns": [PWNING[1], "CHF"],
                               "rows": [[text, "1"] for text in PWNING]}],
             "actions": [{"type": "button", "label": PWNING[4], "action": "select_room", "args": {}}],
             "footer": {"step": 4, "next": PWNING[5], "state": "Awaiting Client"}}
    texts = client.evaluate("""async (reply) => {
        const { renderReplyContent, renderFooter } = await import('/static/reply.js');
        const host = document.createElement('div');
        host.id = 'echo';
        host.append(renderReplyContent(reply), renderFooter(reply.footer));
        document.body.append(host);
        return [...host.querySelectorAll('p, td, th, caption, button')].map((node) => node.textContent);
    }""", reply)
    assert [text for text in PWNING if not any(text in shown for shown in texts)] == []
    for node in client.locator("#echo p, #echo td, #echo button").all():
        node.hover()
    _assert_inert(client, "a reply rendered on the client page")
