// Views for the manager console: a task card with its draft, the events table, the audit table.

import { el, formatDateTime, formatMoney } from "./dom.js";
import { agentLabel, renderReplyContent, tableElement } from "./reply.js";

export function humanize(value) {
  const text = String(value || "").replace(/[_-]+/g, " ").trim();
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : "—";
}

export function roomName(roomId) {
  if (!roomId) return "—";
  const match = /^room-([a-z0-9])$/i.exec(roomId);
  return match ? `Room ${match[1].toUpperCase()}` : humanize(roomId);
}

// The thread id, shortened; a button that shows the thread's audit trail.
function threadLink(id, onAudit) {
  const node = el("button", { type: "button", className: "btn-link", title: id, "aria-label": `Audit trail of ${id}` },
    el("code", { className: "thread-id", text: id }));
  node.addEventListener("click", () => onAudit(id));
  return node;
}

// handlers: {approve(task), edit(task, text), reject(task, note), audit(threadId)}
export function taskCard(task, handlers) {
  const draft = task.draft && typeof task.draft === "object" ? task.draft : null;
  const titleId = `task-${task.task_id}-title`;
  const card = el("li", { className: "task card", "aria-labelledby": titleId, dataset: { task: task.task_id } });

  card.append(el("div", { className: "task-head" }, [
    el("h3", { id: titleId, text: humanize(task.type) }),
    el("span", { className: "badge", text: task.status || "open" }),
  ]));
  card.append(el("p", { className: "meta" }, [
    `Thread ${task.thread_id} · ${formatDateTime(task.created_at)}`,
  ]));
  if (task.summary) card.append(el("p", { className: "summary", text: task.summary }));

  if (draft) {
    card.append(el("div", { className: "draft" }, [
      el("p", { className: "draft-label" }, [
        "What the client will see · ", el("span", { className: "agent", text: agentLabel(draft.agent) }),
      ]),
      el("div", { className: "bubble" }, renderReplyContent(draft, { preview: true })),
    ]));
  }

  const forms = el("div", { className: "task-forms" });
  const buttons = el("div", { className: "actions" }, [
    button("Approve and send", "primary", () => handlers.approve(task)),
    draft ? button("Edit", "secondary", () => openForm(forms, editForm(task, draft, handlers, forms))) : null,
    button("Reject", "danger", () => openForm(forms, rejectForm(task, handlers, forms))),
    button("Audit trail", "ghost", () => handlers.audit(task.thread_id)),
  ]);
  card.append(buttons, forms);
  return card;
}

function button(label, style, onClick, type = "button") {
  const node = el("button", { type, className: `btn btn-${style}`, text: label });
  if (onClick) node.addEventListener("click", onClick);
  return node;
}

function openForm(container, form) {
  container.replaceChildren(form);
  const field = form.querySelector("textarea, input");
  if (field) field.focus();
}

function closeForm(container) {
  container.replaceChildren();
}

function editForm(task, draft, handlers, container) {
  const id = `edit-${task.task_id}`;
  const area = el("textarea", { id, rows: "8", required: true });
  area.value = draft.body_markdown || "";
  const form = el("form", { className: "stack task-form" }, [
    el("label", { for: id, text: "Message to send instead (the client sees this text)" }),
    area,
    el("div", { className: "actions" }, [
      button("Send edited message", "primary", null, "submit"),
      button("Cancel", "ghost", () => closeForm(container)),
    ]),
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    handlers.edit(task, area.value);
  });
  return form;
}

function rejectForm(task, handlers, container) {
  const id = `reject-${task.task_id}`;
  const note = el("textarea", { id, rows: "3", placeholder: "For example: offer the projector for free" });
  const form = el("form", { className: "stack task-form" }, [
    el("label", { for: id, text: "Note (why; nothing is sent to the client)" }),
    note,
    el("div", { className: "actions" }, [
      button("Reject draft", "danger", null, "submit"),
      button("Cancel", "ghost", () => closeForm(container)),
    ]),
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    handlers.reject(task, note.value);
  });
  return form;
}

export function eventsTable(events, onAudit) {
  if (events.length === 0) return el("p", { className: "empty", text: "No events match." });
  const rows = events.map((event) => [
    event.thread_id ? threadLink(event.thread_id, onAudit) : event.event_id || "—",
    el("span", { className: `badge badge-${String(event.status || "").toLowerCase()}`, text: event.status || "—" }),
    el("span", { className: "nowrap", text: event.chosen_date || "—" }),
    el("span", { className: "nowrap", text: roomName(event.locked_room_id) }),
    event.offer && event.offer.total !== undefined ? formatMoney(event.offer.total) : "—",
  ]);
  return tableElement("Events", ["Thread", "Status", "Date", "Room", "Total"], rows,
    { numeric: [false, false, false, false, true] });
}

// Step changes read "1 → 2"; any other fields the API adds get their own columns.
export function auditTable(id, entries) {
  if (entries.length === 0) return el("p", { className: "empty", text: `No audit entries for ${id}.` });
  const known = ["at", "actor", "from_step", "to_step", "reason"];
  const others = [...new Set(entries.flatMap((entry) => Object.keys(entry)))].filter((key) => !known.includes(key));
  const rows = entries.map((entry) => [
    el("span", { className: "nowrap", text: formatDateTime(entry.at) }),
    entry.actor || "—",
    el("span", { className: "nowrap", text: `${entry.from_step ?? "—"} → ${entry.to_step ?? "—"}` }),
    entry.reason || "",
    ...others.map((key) => (entry[key] !== null && typeof entry[key] === "object" ? JSON.stringify(entry[key]) : entry[key])),
  ]);
  return tableElement(`Audit trail of ${id}`, ["At", "Actor", "Step", "Reason", ...others.map(humanize)], rows);
}
