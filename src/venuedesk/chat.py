"""`venuedesk chat`: a terminal conversation with the desk, with manager commands for the HIL steps."""

from __future__ import annotations

import json
import shlex
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Engine

from venuedesk.calendars.wiring import calendar_reader
from venuedesk.clock import Clock, FrozenClock, parse_clock
from venuedesk.jobs.base import JobDeps
from venuedesk.jobs.delivery import InAppDelivery
from venuedesk.jobs.scheduler import run_due
from venuedesk.providers.settings import ProviderSettings
from venuedesk.render import render_reply
from venuedesk.workflow.desk import Desk, ThreadInfo
from venuedesk.workflow.errors import DeskError
from venuedesk.workflow.reply import Reply

HELP = """Type a message as the client would, or a command:
  /action NAME k=v ...   run an action (as a button would), e.g. /action select_date date=2026-03-10
  /approve               approve the oldest open task (as the manager)
  /edit TEXT             send TEXT instead of the held draft (as the manager)
  /reject NOTE           reject the held draft with a note, which is required (as the manager)
  /deposit-paid AMOUNT   mark the deposit paid, e.g. /deposit-paid 450.00 (as the manager)
  /jobs [AT]             run the background jobs due now (or at AT, e.g. 2026-02-09T09:00+01:00, when
                         VENUEDESK_CLOCK is frozen) and show what they sent
  /ics [FILE]            save the confirmed booking's calendar invite (default: booking-THREAD.ics)
  /thread ID             switch to another of your threads (a separate inquiry the desk opened)
  /state                 show the event state as JSON
  /tasks                 list open manager tasks
  /help, /quit"""


DEPOSIT_USAGE = "usage: /deposit-paid AMOUNT, the amount received in CHF, e.g. /deposit-paid 450.00"


def parse_amount(text: str) -> Decimal | None:
    """A positive CHF amount as typed (`450`, `450.00`, `1'080.50`); None when it is not one."""
    cleaned = text.strip().removeprefix("CHF").strip().replace("'", "").replace("’", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount > 0 else None


class ChatSession:
    """One thread, driven from a text stream; everything goes through the same Desk as every transport."""

    def __init__(self, engine: Engine, clock: Clock, *, sender: str | None = None,
                 provider_settings: ProviderSettings | None = None) -> None:
        self.desk = Desk(engine, clock, provider_settings=provider_settings)
        self.desk.calendars = calendar_reader(self.desk.venue)
        self.thread = self.desk.open_thread(channel="cli")
        self.sender = sender
        self.clock = clock
        self.jobs = JobDeps(sessions=self.desk._sessions, venue=self.desk.venue, delivery=InAppDelivery())

    def loop(self, stdin: TextIO, stdout: TextIO) -> None:
        interactive = stdin.isatty()
        stdout.write(f"venuedesk chat — {self.desk.venue.name}, thread {self.thread.thread_id}. "
                     "/help for commands, /quit to leave.\n")
        while True:
            if interactive:
                stdout.write("\nyou> ")
                stdout.flush()
            line = stdin.readline()
            if not line:
                return
            line = line.strip()
            if not line:
                continue
            if line in ("/quit", "/exit"):
                return
            stdout.write(self.handle(line) + "\n")
            stdout.flush()

    def handle(self, line: str) -> str:
        """One input line → the text to print."""
        try:
            if line.startswith("/"):
                return self._command(line)
            return render_reply(self.desk.handle_message(self.thread.thread_id, line, sender=self.sender))
        except DeskError as exc:
            return f"error: {exc}"

    def _command(self, line: str) -> str:
        name, _, rest = line[1:].partition(" ")
        if name == "help":
            return HELP
        if name == "thread":
            if not rest.strip():
                return "usage: /thread ID"
            if self.desk.event_view(rest.strip()) is None:
                return f"error: no conversation on thread {rest.strip()!r}"
            self.thread = ThreadInfo(rest.strip(), self.thread.client_token)
            return f"now on thread {self.thread.thread_id}"
        if name == "state":
            return json.dumps(self.desk.event_view(self.thread.thread_id), indent=2, ensure_ascii=False)
        if name == "tasks":
            tasks = self.desk.open_tasks(self.thread.thread_id)
            return "\n".join(f"{t['task_id']}  {t['type']}  {t['summary']}" for t in tasks) or "no open tasks"
        if name == "action":
            parts = shlex.split(rest)
            if not parts:
                return "usage: /action NAME k=v ..."
            args: dict[str, Any] = dict(part.split("=", 1) for part in parts[1:] if "=" in part)
            return render_reply(self.desk.handle_action(self.thread.thread_id, parts[0], args))
        if name == "deposit-paid":
            amount = parse_amount(rest)
            if amount is None:
                return DEPOSIT_USAGE
            reply = self.desk.mark_deposit_paid(self.thread.thread_id, amount)
            return "[manager] deposit marked paid\n" + render_reply(reply)
        if name == "jobs":
            return self._jobs(rest.strip())
        if name == "ics":
            path = Path(rest.strip() or f"booking-{self.thread.thread_id}.ics")
            invite = self.desk.calendar_ics(self.thread.thread_id)
            try:
                path.write_bytes(invite)
            except OSError as exc:
                return f"error: cannot write {path}: {exc.strerror or exc}; give another FILE"
            return f"[calendar] saved the invite ({len(invite)} bytes) to {path}"
        if name in ("approve", "edit", "reject"):
            tasks = self.desk.open_tasks(self.thread.thread_id)
            if not tasks:
                return "no open task to decide"
            note, text = (rest or None, None) if name == "reject" else (None, rest or None)
            reply = self.desk.decide(tasks[0]["task_id"], name, text=text, note=note)
            return "[manager] " + name + "d\n" + render_reply(reply)
        return f"unknown command /{name}; /help lists the commands"

    def _jobs(self, at: str) -> str:
        """Run the due jobs (at `at` on a frozen clock); what each did and every reply sent to this thread."""
        if at:
            if not isinstance(self.clock, FrozenClock):
                return "error: /jobs AT needs a frozen clock; start the chat with VENUEDESK_CLOCK set"
            try:
                moment = parse_clock(at)
            except ValueError:
                return f"error: {at!r} is not an ISO 8601 time; use e.g. /jobs 2026-02-09T09:00+01:00"
            if moment < self.clock.now():
                return f"error: {at} is before the chat's clock {self.clock.now().isoformat()}; time only moves on"
            self.clock.set(moment)
        reports = run_due(self.jobs, self.clock)
        lines = [f"[jobs] {report.name}: {report.done} done, {report.failed} failed" for report in reports]
        for report in reports:
            for sent in report.sent:
                if sent.get("thread_id") == self.thread.thread_id:
                    lines.append(render_reply(Reply.model_validate(sent)))
        return "\n".join(lines) or f"[jobs] nothing due at {self.clock.now().isoformat()}"
