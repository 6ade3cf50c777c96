// Views for the manager console: the events table and the audit table (task cards: manager-task.js).

import { el, formatDateTime, formatMoney } from "./dom.js";
import { intlLocale, t } from "./i18n.js";
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

export function eventsTable(events, onAudit) {
  if (events.length === 0) return el("p", { className: "empty", text: t("console.no_events", "No events match.") });
  const rows = events.map((event) => [
    el("div", { className: "client-cell" }, [
      el("span", { className: "client", text: clientName(event) }),
      event.thread_id ? threadLink(event.thread_id, onAudit) : event.event_id || "—",
    ]),
    (event.requirements && event.requirements.participants) || "—",
    el("span", { className: "nowrap", text: event.chosen_date || "—" }),
    el("span", { className: "nowrap", text: roomName(event.locked_room_id) }),
    el("span", { className: `badge badge-${String(event.status || "").toLowerCase()}`,
      text: eventStatus(event.status) }),
    el("span", { className: "nowrap", text: event.offer && event.offer.total !== undefined
      ? formatMoney(event.offer.total, intlLocale()).replace(/^CHF\s*/, "") : "—" }),
  ]);
  return tableElement(t("console.events", "Events"), columns(EVENT_COLUMNS), rows,
    { numeric: [false, true, false, false, false, true] });
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
