// A task card in the manager console: who the client is, what they asked, the conversation so far, why the task
// exists, the draft as the client will see it, and the approve / edit / reject forms (a counter: its discount form).

import { el, formatDateTime, formatMoney } from "./dom.js";
import { intlLocale, t } from "./i18n.js";
import { renderMarkdown } from "./markdown.js";
import { agentLabel, renderReplyContent } from "./reply.js";
import { depositText, eventStatus, humanize, roomName } from "./manager-views.js";

const ROLES = { client: "Client", desk: "Desk", manager: "Manager", system: "System" };
const TYPES = { offer_approval: "Offer approval", manual_review: "Manual review", counter_offer: "Counter offer",
  counter_limit: "Counter limit", confirmation_approval: "Confirmation approval", cancellation: "Cancellation",
  reply_approval: "Reply approval" };
// What approving sends, per task type (an offer approval keeps the generic label).
const APPROVE_LABELS = {
  confirmation_approval: ["console.approve_confirmation", "Confirm the booking and send"],
  cancellation: ["console.approve_cancellation", "Approve the cancellation"],
};
const DISCOUNT_MAX_PERCENT = 50;
// Tasks a manager answers with a discount, or by keeping the price.
const COUNTER_TYPES = new Set(["counter_offer", "counter_limit"]);

// A task's type and status, a conversation line's speaker in the console's language (`Angebotsfreigabe`).
const typeName = (type) => (type in TYPES ? t(`console.task_type.${type}`, TYPES[type]) : humanize(type));
const statusName = (status) => t(`console.task_status.${status}`, status);
const roleName = (role) => (role in ROLES ? t(`console.role.${role}`, ROLES[role]) : humanize(role));

// handlers: {approve(task), edit(task, text, form), reject(task, note, form), grant(task, kind, value),
// audit(threadId), download(file)}
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
  if ((task.mail || []).length > 0) card.append(mailPart(task, handlers));

  if (task.type === "cancellation") card.append(refundFacts(task));
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
  const counter = COUNTER_TYPES.has(task.type);
  if (counter) card.append(discountForm(task, handlers));
  const [approveKey, approveText] = APPROVE_LABELS[task.type] || ["console.approve", "Approve and send"];
  const buttons = el("div", { className: "actions" }, [
    counter ? null : button(t(approveKey, approveText), "primary", () => handlers.approve(task)),
    draft ? button(t("console.edit", "Edit"), "secondary",
      () => openForm(forms, editForm(task, draft, handlers, forms))) : null,
    button(counter ? t("console.reject_counter", "Keep the price") : t("console.reject", "Reject"), "danger",
      () => openForm(forms, rejectForm(task, handlers, forms))),
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
  const deposit = event.deposit || {};
  const unknown = event.unknown_items || [];
  return el("dl", { className: "facts", dataset: { part: "client" } }, [
    el("dt", { text: t("console.fact.client", "Client") }),
    el("dd", { text: who.length ? who.join(" · ") : t("console.fact.unknown", "not known yet") }),
    el("dt", { text: t("console.fact.event", "Event") }), el("dd", { text: what.length ? what.join(" · ") : "—" }),
    event.status ? el("dt", { text: t("console.fact.status", "Status") }) : null,
    event.status ? el("dd", { text: eventStatus(event.status) }) : null,
    deposit.required ? el("dt", { text: t("console.fact.deposit", "Deposit") }) : null,
    deposit.required ? el("dd", { dataset: { part: "deposit" }, text: depositText(deposit) }) : null,
    unknown.length ? el("dt", { text: t("console.fact.unknown_items", "Asked for, not in the catalogue") }) : null,
    unknown.length ? el("dd", { dataset: { part: "unknown-items" }, text: unknown.join(", ") }) : null,
  ]);
}

// A cancellation: what the client paid and what the policy refunds (docs/design.md §4.13).
function refundFacts(task) {
  const cancellation = (task.event && task.event.cancellation) || {};
  const known = cancellation.refund !== null && cancellation.refund !== undefined;
  return el("dl", { className: "facts", dataset: { part: "refund" } }, [
    el("dt", { text: t("console.fact.paid", "Paid") }),
    el("dd", { text: formatMoney(cancellation.paid, intlLocale()) }),
    el("dt", { text: t("console.fact.refund", "Refund") }),
    el("dd", { text: known ? t("console.refund_by_policy", "{amount} ({days} days before the event)",
      { amount: formatMoney(cancellation.refund, intlLocale()), days: cancellation.days_before }) : "—" }),
  ]);
}

// A counter-offer is answered with a discount: a percentage of the offer total or an amount in CHF.
function discountForm(task, handlers) {
  const id = `discount-${task.task_id}`;
  const kind = el("select", { id: `${id}-kind`, name: "kind" }, [
    el("option", { value: "percent", text: t("console.discount_percent", "Percent of the total") }),
    el("option", { value: "amount", text: t("console.discount_amount", "Amount in CHF") }),
  ]);
  const value = el("input", { id, name: "discount", type: "number", min: "1", max: String(DISCOUNT_MAX_PERCENT),
    step: "0.5", required: true, inputmode: "decimal", "aria-describedby": `${id}-hint` });
  const hint = el("p", { id: `${id}-hint`, className: "hint" });
  const limits = () => {
    const percent = kind.value === "percent";
    value.min = percent ? "1" : "0.05";
    value.max = percent ? String(DISCOUNT_MAX_PERCENT) : "";
    value.step = percent ? "0.5" : "0.05";
    hint.textContent = percent
      ? t("console.discount_percent_hint", "1 to {max} %. The new offer is sent to the client at once.",
        { max: DISCOUNT_MAX_PERCENT })
      : t("console.discount_amount_hint", "Less than the offer total. The new offer is sent to the client at once.");
  };
  kind.addEventListener("change", limits);
  limits();
  const form = el("form", { className: "stack task-form discount-form" }, [
    el("p", { className: "draft-label", text: t("console.discount_title", "Grant a discount") }),
    el("div", { className: "discount-row" }, [
      el("div", { className: "field" }, [el("label", { for: `${id}-kind`, text: t("console.discount_kind", "Discount as") }), kind]),
      el("div", { className: "field" }, [el("label", { for: id, text: t("console.discount_value", "Discount") }), value]),
    ]),
    hint,
    el("div", { className: "actions" }, [
      button(t("console.discount_send", "Approve with discount"), "primary", null, "submit"),
    ]),
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!value.checkValidity()) {
      value.reportValidity();
      return;
    }
    handlers.grant(task, kind.value, value.value);
  });
  return form;
}

function conversation(task) {
  const lines = task.conversation.map((line) => el("li", { className: `line line-${line.role}` }, [
    el("span", { className: "line-role", text: `${roleName(line.role)}: ` }),
    el("span", { className: "line-text", text: line.body || line.text }),
    ...(line.quoted ? [quotedPart(line.quoted)] : []),
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

// The client's mails on the thread, oldest first, with their files: a kept file is a link that downloads it with
// the manager token (handlers.download), a refused one says why it was not kept.
function mailPart(task, handlers) {
  const mails = task.mail.map((mail) => el("li", { className: "line line-client" }, [
    el("span", { className: "line-role", text: `${formatDateTime(mail.received_at, intlLocale())} · ` }),
    el("span", { text: mail.subject || t("console.mail_no_subject", "(no subject)") }),
    mail.outcome !== "accepted"
      ? el("span", { className: "badge", text: t(`console.mail_outcome.${mail.outcome}`, humanize(mail.outcome)) })
      : null,
    (mail.attachments || []).length > 0
      ? el("ul", { className: "files" }, mail.attachments.map((file) => fileItem(file, handlers))) : null,
  ]));
  return el("details", { className: "conversation", open: true, dataset: { part: "mail" } }, [
    el("summary", { text: t("console.mail_title", "Mail from the client ({total})", { total: mails.length }) }),
    el("ol", { className: "lines" }, mails),
  ]);
}

function fileItem(file, handlers) {
  const size = new Intl.NumberFormat(intlLocale(), { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 })
    .format(Math.max(1, Math.round(file.size / 1024)));
  if (!file.download) {
    return el("li", { className: "file file-refused", dataset: { part: "refused-file" } }, [
      t("console.file_refused", "{name}: not kept ({reason})", { name: file.filename, reason: file.refused || "—" }),
    ]);
  }
  const link = el("a", { href: file.download, download: file.filename, dataset: { part: "attachment" },
    text: file.filename });
  link.addEventListener("click", (event) => {
    event.preventDefault();
    handlers.download(file);
  });
  return el("li", { className: "file" }, [link, ` (${size})`]);
}

// A client mail's quoted history and signature, which the desk did not read: collapsed under the new text.
function quotedPart(quoted) {
  return el("details", { className: "quoted", dataset: { part: "quoted" } }, [
    el("summary", { text: t("console.quoted", "Quoted text and signature (not read by the desk)") }),
    el("pre", { className: "quoted-text", text: quoted }),
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
  const counter = COUNTER_TYPES.has(task.type);
  const note = el("textarea", { id, rows: "3",
    placeholder: counter
      ? t("console.reject_counter_placeholder", "For example: March is our high season")
      : t("console.reject_placeholder", "For example: mention the parking voucher"),
    "aria-describedby": `${id}-hint` });
  const form = el("form", { className: "stack task-form" }, [
    el("label", { for: id, text: counter
      ? t("console.reject_counter_label", "Note (required): why the price stands. The client is told that it stands.")
      : t("console.reject_label", "Note (required): what should change? Nothing is sent to the client.") }),
    note,
    el("p", { id: `${id}-hint`, className: "hint", text: counter
      ? t("console.reject_counter_hint", "The offer stays open at its price; the note stays on the task.")
      : t("console.reject_hint", "The note stays on the task and comes back with the redraft. The offline desk "
        + "redrafts the same text; to change the wording, use Edit.") }),
    el("div", { className: "actions" }, [
      button(counter ? t("console.reject_counter", "Keep the price") : t("console.reject_send", "Reject draft"),
        "danger", null, "submit"),
      button(t("console.cancel", "Cancel"), "ghost", () => closeForm(container)),
    ]),
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    handlers.reject(task, note.value);
  });
  return form;
}
