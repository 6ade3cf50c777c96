// A task card in the manager console: who the client is, what they asked, the conversation so far, why the task
// exists, the draft as the client will see it, and the approve / edit / reject forms.

import { el, formatDateTime, formatMoney } from "./dom.js";
import { intlLocale, t } from "./i18n.js";
import { renderMarkdown } from "./markdown.js";
import { agentLabel, renderReplyContent } from "./reply.js";
import { humanize, roomName } from "./manager-views.js";

const ROLES = { client: "Client", desk: "Desk", manager: "Manager", system: "System" };
const TYPES = { offer_approval: "Offer approval", manual_review: "Manual review" };

// A task's type and status, a conversation line's speaker in the console's language (`Angebotsfreigabe`).
const typeName = (type) => (type in TYPES ? t(`console.task_type.${type}`, TYPES[type]) : humanize(type));
const statusName = (status) => t(`console.task_status.${status}`, status);
const roleName = (role) => (role in ROLES ? t(`console.role.${role}`, ROLES[role]) : humanize(role));

// handlers: {approve(task), edit(task, text, form), reject(task, note, form), audit(threadId)}
export function taskCard(task, handlers) {
  const draft = task.draft && typeof task.draft === "object" ? task.draft : null;
  const titleId = `task-${task.task_id}-title`;
  const card = el("li", { className: "task card", "aria-labelledby": titleId, dataset: { task: task.task_id } });

  card.append(el("div", { className: "task-head" }, [
    el("h3", { id: titleId, text: typeName(task.type) }),
    el("span", { className: "badge", text: statusName(task.status || "open") }),
  ]));
  card.append(el("p", { className: "meta" }, [t("console.task_meta", "Thread {thread} · {created}",
    { thread: task.thread_id, created: formatDateTime(task.created_at, intlLocale()) })]));
  card.append(clientFacts(task));
  if (task.reason) card.append(el("p", { className: "reason", dataset: { part: "reason" } }, [
    el("strong", { text: `${t("console.why", "Why:")} ` }), task.reason]));
  if (task.previous_note) card.append(el("p", { className: "note", dataset: { part: "previous-note" } }, [
    el("strong", { text: `${t("console.previous_note", "Your note when rejecting:")} ` }), task.previous_note]));
  if (task.note) card.append(el("p", { className: "note", dataset: { part: "note" } }, [
    el("strong", { text: `${t("console.rejection_note", "Rejection note:")} ` }), task.note]));
  if (task.first_request) card.append(el("div", { className: "first-request", dataset: { part: "first-request" } }, [
    el("p", { className: "draft-label", text: t("console.first_request", "First request") }),
    el("blockquote", { text: task.first_request }),
  ]));
  if ((task.conversation || []).length > 0) card.append(conversation(task));

  if (draft) {
    card.append(el("div", { className: "draft" }, [
      el("p", { className: "draft-label" }, [
        `${t("console.client_sees", "What the client will see")} · `,
        el("span", { className: "agent", text: agentLabel(draft.agent) }),
      ]),
      attribution(task),
      el("div", { className: "bubble" }, renderReplyContent(draft, { preview: true })),
    ]));
  }

  const forms = el("div", { className: "task-forms" });
  const buttons = el("div", { className: "actions" }, [
    button(t("console.approve", "Approve and send"), "primary", () => handlers.approve(task)),
    draft ? button(t("console.edit", "Edit"), "secondary",
      () => openForm(forms, editForm(task, draft, handlers, forms))) : null,
    button(t("console.reject", "Reject"), "danger", () => openForm(forms, rejectForm(task, handlers, forms))),
    button(t("console.audit", "Audit trail"), "ghost", () => handlers.audit(task.thread_id)),
  ]);
  card.append(buttons, forms);
  return card;
}

// "Drafted by openai_chat (gpt-4.1-mini)": shown when a model drafted the message (docs/design.md §4.13 Autonomy).
function attribution(task) {
  const by = task.drafted_by;
  if (!by || typeof by !== "object") return null;
  return el("p", { className: "attribution", dataset: { part: "drafted-by" },
    text: t("console.drafted_by", "Drafted by {provider} ({model})",
      { provider: by.provider || "?", model: by.model || "?" }) });
}

// "Anna Muster · anna@example.com · Muster AG", then "30 guests · 10 Mar 2026, 09:00–17:00 · Room B · CHF 750.00".
function clientFacts(task) {
  const client = task.client || {};
  const event = task.event || {};
  const who = [client.name, client.email, client.company].filter(Boolean);
  const when = event.chosen_date
    ? `${event.chosen_date}${event.start_time ? `, ${event.start_time}–${event.end_time}` : ""}` : null;
  const what = [
    event.participants ? t("console.fact.guests", "{count} guests", { count: event.participants }) : null, when,
    event.room_id ? roomName(event.room_id) : null,
    event.total !== null && event.total !== undefined ? formatMoney(event.total, intlLocale()) : null,
  ].filter(Boolean);
  return el("dl", { className: "facts", dataset: { part: "client" } }, [
    el("dt", { text: t("console.fact.client", "Client") }),
    el("dd", { text: who.length ? who.join(" · ") : t("console.fact.unknown", "not known yet") }),
    el("dt", { text: t("console.fact.event", "Event") }), el("dd", { text: what.length ? what.join(" · ") : "—" }),
  ]);
}

function conversation(task) {
  const lines = task.conversation.map((line) => el("li", { className: `line line-${line.role}` }, [
    el("span", { className: "line-role", text: `${roleName(line.role)}: ` }),
    el("span", { className: "line-text", text: line.text }),
  ]));
  const total = task.conversation_total || lines.length;
  const label = total > lines.length
    ? t("console.conversation_latest", "Conversation so far (latest {shown} of {total})",
      { shown: lines.length, total })
    : t("console.conversation_all", "Conversation so far ({total} messages)", { total });
  return el("details", { className: "conversation", dataset: { part: "conversation" } }, [
    el("summary", { text: label }), el("ol", { className: "lines" }, lines),
  ]);
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

// An offer's edit changes the message only: the terms and the price table are shown beside it, fixed.
function editForm(task, draft, handlers, container) {
  const id = `edit-${task.task_id}`;
  const rules = task.edit;
  const area = el("textarea", { id, rows: "6", required: true, "aria-describedby": `${id}-rule` });
  area.value = rules ? rules.message : draft.body_markdown || "";
  const form = el("form", { className: "stack task-form" }, [
    el("label", { for: id, text: rules ? t("console.edit_offer_label", "Message to the client (sent above the offer)")
      : t("console.edit_label", "Message to send instead") }),
    area,
    rules ? el("div", { className: "fixed-part" }, [
      el("p", { className: "draft-label",
        text: t("console.fixed_part", "Sent as computed, not editable: the price table and these terms") }),
      el("div", { className: "bubble" }, renderMarkdown(rules.fixed)),
    ]) : null,
    el("p", { id: `${id}-rule`, className: "warning", role: "note",
      text: rules ? rules.rule : t("console.edit_rule", "The client sees exactly this text.") }),
    el("div", { className: "actions" }, [
      button(t("console.send_edited", "Send edited message"), "primary", null, "submit"),
      button(t("console.cancel", "Cancel"), "ghost", () => closeForm(container)),
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
  const note = el("textarea", { id, rows: "3",
    placeholder: t("console.reject_placeholder", "For example: mention the parking voucher"),
    "aria-describedby": `${id}-hint` });
  const form = el("form", { className: "stack task-form" }, [
    el("label", { for: id,
      text: t("console.reject_label", "Note (required): what should change? Nothing is sent to the client.") }),
    note,
    el("p", { id: `${id}-hint`, className: "hint",
      text: t("console.reject_hint", "The note stays on the task and comes back with the redraft. The offline desk "
        + "redrafts the same text; to change the wording, use Edit.") }),
    el("div", { className: "actions" }, [
      button(t("console.reject_send", "Reject draft"), "danger", null, "submit"),
      button(t("console.cancel", "Cancel"), "ghost", () => closeForm(container)),
    ]),
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    handlers.reject(task, note.value);
  });
  return form;
}
