// Views for the manager console: the events table and the audit table (task cards: manager-task.js).

import { el, formatDate, formatDateTime, formatMoney } from "./dom.js";
import { intlLocale, t } from "./i18n.js";
import { amendButton } from "./manager-amend.js";
import { tableElement } from "./reply.js";

export function humanize(value) {
  const text = String(value || "").replace(/[_-]+/g, " ").trim();
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : "—";
}

export function roomName(roomId) {
  if (!roomId) return "—";
  const match = /^room-([a-z0-9])$/i.exec(roomId);
  return match ? t("console.room", "Room {letter}", { letter: match[1].toUpperCase() }) : humanize(roomId);
}

// The thread id, shortened; a button that shows the thread's audit trail.
function threadLink(id, onAudit) {
  const label = t("console.audit_of", "Audit trail of {thread}", { thread: id });
  const node = el("button", { type: "button", className: "btn-link", title: id, "aria-label": label },
    el("code", { className: "thread-id", text: id }));
  node.addEventListener("click", () => onAudit(id));
  return node;
}

export function clientName(event) {
  const billing = event.billing || {};
  return event.client_name || billing.name || event.client_email || billing.company || "—";
}

// handlers: {audit(threadId), depositPaid(event), functionSheet(event, format), amend(event, button)}; a bare function
// is taken as the audit handler.
export function eventsTable(events, handlers) {
  const { audit, depositPaid, functionSheet, amend } = typeof handlers === "function" ? { audit: handlers } : handlers;
  if (events.length === 0) return el("p", { className: "empty", text: t("console.no_events", "No events match.") });
  const rows = events.map((event) => [
    el("div", { className: "client-cell" }, [
      el("span", { className: "client", text: clientName(event) }),
      event.thread_id ? threadLink(event.thread_id, audit) : event.event_id || "—",
    ]),
    (event.requirements && event.requirements.participants) || "—",
    el("span", { className: "nowrap", text: event.chosen_date || "—" }),
    el("span", { className: "nowrap", text: roomName(event.locked_room_id) }),
    statusCell(event, functionSheet, amend),
    el("div", { className: "total-cell" }, [
      el("span", { className: "nowrap", text: event.offer && event.offer.total !== undefined
        ? formatMoney(event.offer.total, intlLocale()).replace(/^CHF\s*/, "") : "—" }),
      depositCell(event, depositPaid),
    ]),
  ]);
  return tableElement(t("console.events", "Events"), columns(EVENT_COLUMNS), rows,
    { numeric: [false, true, false, false, false, true] });
}

// The lifecycle badge; an Option also says until when the room is held; a confirmed (or cancelled) booking links
// its function sheet for the staff.
function statusCell(event, onFunctionSheet, onAmend) {
  const badge = el("span", { className: `badge badge-${String(event.status || "").toLowerCase()}`,
    text: eventStatus(event.status), dataset: { part: "status" } });
  if (SHEET_STATUSES.includes(event.status) && event.event_id && onFunctionSheet) {
    const amend = event.status === "Confirmed" && onAmend ? amendButton(event, onAmend, clientName(event)) : null;
    return el("div", { className: "status-cell" }, [badge, functionSheetLinks(event, onFunctionSheet), amend]);
  }
  if (event.status !== "Option" || !event.hold_expires_at) return badge;
  return el("div", { className: "status-cell" }, [badge, el("span", { className: "hint", dataset: { part: "expiry" },
    text: t("console.option_until", "held until {time}", { time: formatDateTime(event.hold_expires_at, intlLocale()) }) })]);
}

const SHEET_STATUSES = ["Confirmed", "Cancelled"];

// "Function sheet: PDF · page": each fetched with the manager token and saved as a file.
function functionSheetLinks(event, onFunctionSheet) {
  const link = (format, text) => {
    const path = `/api/events/${encodeURIComponent(event.event_id)}/function-sheet${format === "pdf" ? ".pdf" : ""}`;
    const node = el("a", { href: path, className: "btn-link", text, dataset: { part: `function-sheet-${format}` } });
    node.addEventListener("click", (click) => {
      click.preventDefault();
      onFunctionSheet(event, format);
    });
    return node;
  };
  return el("span", { className: "hint", dataset: { part: "function-sheet" } }, [
    el("span", { text: `${t("console.function_sheet", "Function sheet")}: ` }),
    link("pdf", "PDF"), el("span", { text: " · " }), link("html", t("console.function_sheet_page", "page")),
  ]);
}

// Whether the manager may mark the deposit paid: billing & deposit step, a deposit required and not yet paid.
export function awaitsDeposit(event) {
  const deposit = event.deposit || {};
  return event.current_step === 6 && Boolean(deposit.required) && !deposit.paid_at;
}

// "CHF 450.00 · due 12 Feb 2026", "CHF 450.00 · paid 10 Feb 2026, 14:05" or "CHF 450.00 · not paid yet".
export function depositText(deposit) {
  const amount = formatMoney(deposit.amount, intlLocale());
  if (deposit.paid_at) {
    return t("console.deposit.paid", "{amount} · paid {time}",
      { amount, time: formatDateTime(deposit.paid_at, intlLocale()) });
  }
  if (!deposit.due) return t("console.deposit.open", "{amount} · not paid yet", { amount });
  return t("console.deposit.due", "{amount} · due {date}", { amount, date: formatDate(deposit.due, intlLocale()) });
}

// The deposit's state, or "not required"; a "Mark paid" button while the event awaits it.
function depositCell(event, onDepositPaid) {
  const deposit = event.deposit || {};
  if (!deposit.required) {
    return el("div", { className: "deposit-cell" }, el("span", { className: "hint", dataset: { part: "deposit" },
      text: t("console.deposit.none", "no deposit") }));
  }
  const parts = [el("span", { className: deposit.paid_at ? "deposit-paid" : "deposit-open",
    dataset: { part: "deposit" },
    text: t("console.deposit.cell", "Deposit {state}", { state: depositText(deposit) }) })];
  if (onDepositPaid && awaitsDeposit(event)) {
    const label = t("console.deposit.mark_for", "Mark paid: deposit of {client}",
      { client: clientName(event) });
    const button = el("button", { type: "button", className: "btn btn-secondary btn-small", "aria-label": label,
      dataset: { control: "deposit-paid" }, text: t("console.deposit.mark", "Mark paid") });
    button.addEventListener("click", () => onDepositPaid(event, button));
    parts.push(button);
  }
  return el("div", { className: "deposit-cell" }, parts);
}

// The form that records a received deposit: the amount (prefilled with the amount requested), confirm or cancel.
export function depositForm(event, { submit, cancel }) {
  const id = `deposit-${event.thread_id}`;
  const deposit = event.deposit || {};
  const amount = el("input", { id, name: "amount", type: "number", min: "0.05", step: "0.05", required: true,
    inputmode: "decimal", "aria-describedby": `${id}-hint` });
  amount.value = deposit.amount !== null && deposit.amount !== undefined ? Number(deposit.amount).toFixed(2) : "";
  const form = el("form", { className: "stack task-form deposit-form", dataset: { thread: event.thread_id } }, [
    el("h3", { text: t("console.deposit.form_title", "Deposit received from {client}", { client: clientName(event) }) }),
    el("label", { for: id, text: t("console.deposit.amount_label", "Amount received (CHF)") }),
    amount,
    el("p", { id: `${id}-hint`, className: "hint", text: t("console.deposit.form_hint",
      "Requested: {amount}. The client is told, and the booking moves on to its confirmation.",
      { amount: formatMoney(deposit.amount, intlLocale()) }) }),
    el("div", { className: "actions" }, [
      el("button", { type: "submit", className: "btn btn-primary", text: t("console.deposit.confirm", "Mark deposit paid") }),
      cancelButton(cancel),
    ]),
  ]);
  form.addEventListener("submit", (submitted) => {
    submitted.preventDefault();
    if (!amount.checkValidity() || Number(amount.value) <= 0) {
      amount.setCustomValidity(t("console.deposit.amount_invalid", "Enter the amount received, for example 450.00."));
      amount.reportValidity();
      amount.setCustomValidity("");
      return;
    }
    submit(event, amount.value, form);
  });
  return form;
}

function cancelButton(onCancel) {
  const node = el("button", { type: "button", className: "btn btn-ghost", text: t("console.cancel", "Cancel") });
  node.addEventListener("click", onCancel);
  return node;
}

const EVENT_COLUMNS = { client: "Client", guests: "Guests", date: "Date", room: "Room", status: "Status",
  total: "Total CHF" };
const AUDIT_COLUMNS = { at: "At", actor: "Actor", kind: "Kind", step: "Step", what: "What" };
const KINDS = { step: "Step", client_action: "Client action", manager_decision: "Manager decision",
  tool: "Side effect", message: "Message sent" };

const columns = (names) => Object.entries(names).map(([key, english]) => t(`console.column.${key}`, english));

// An event's status in the console's language (`Option`, `Bestätigt`); the badge class keeps the machine name.
export function eventStatus(status) {
  return status ? t(`console.status.${String(status).toLowerCase()}`, status) : "—";
}

const kindName = (kind) => (kind in KINDS ? t(`console.kind.${kind}`, KINDS[kind]) : humanize(kind));

// Every audited happening: step changes read "1 → 2"; the rest name what was done (with the manager's note).
export function auditTable(id, entries) {
  if (entries.length === 0) {
    const text = t("console.no_audit", "No audit entries for {thread}.", { thread: id });
    return el("p", { className: "empty", text });
  }
  const rows = entries.map((entry) => [
    el("span", { className: "nowrap", text: formatDateTime(entry.at, intlLocale()) }),
    entry.actor || "—",
    kindName(entry.kind || "step"),
    el("span", { className: "nowrap", text: entry.from_step !== null && entry.from_step !== undefined
      ? `${entry.from_step} → ${entry.to_step}` : "" }),
    el("span", { className: "what", text: entry.reason || "" }),
  ]);
  return tableElement(t("console.audit_of", "Audit trail of {thread}", { thread: id }), columns(AUDIT_COLUMNS), rows);
}
