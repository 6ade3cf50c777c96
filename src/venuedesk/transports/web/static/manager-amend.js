// The console's "Amend" form for a Confirmed booking (docs/amendments.md): head count, window, product lines and
// notes for the staff. Only what the manager changed is sent; the desk reprices and tells the client.

import { el } from "./dom.js";
import { t } from "./i18n.js";

// "projector 1" per line → [{product_id, quantity}]; null when a line is not "id quantity".
export function parseProducts(text) {
  const lines = String(text || "").split("\n").map((line) => line.trim()).filter(Boolean);
  const parsed = lines.map((line) => /^([a-z0-9][a-z0-9_-]*)\s+(\d{1,5})$/i.exec(line));
  if (parsed.some((match) => match === null)) return null;
  return parsed.map((match) => ({ product_id: match[1].toLowerCase(), quantity: Number(match[2]) }));
}

// The body of the request: the fields whose value differs from the booking's, and the product lines given.
export function amendBody(event, values) {
  const booked = event.requirements || {};
  const body = {};
  if (values.participants !== "" && Number(values.participants) !== booked.participants) {
    body.participants = Number(values.participants);
  }
  if (values.start && values.start !== booked.start_time) body.start_time = values.start;
  if (values.end && values.end !== booked.end_time) body.end_time = values.end;
  if (values.products.length > 0) body.products = values.products;
  if (values.notes.trim() !== "") body.notes = values.notes.trim();
  return body;
}

function field(id, label, input) {
  return el("div", { className: "field" }, [el("label", { for: id, text: label }), input]);
}

// The "Amend" button of a Confirmed event.
export function amendButton(event, onAmend, clientName) {
  const button = el("button", { type: "button", className: "btn btn-secondary btn-small", dataset: { control: "amend" },
    "aria-label": t("console.amend.open_for", "Amend the booking of {client}", { client: clientName }),
    text: t("console.amend.open", "Amend") });
  button.addEventListener("click", () => onAmend(event, button));
  return button;
}

// The form; submit(event, body, form) gets only the changed fields.
export function amendForm(event, clientName, { submit, cancel }) {
  const id = `amend-${event.event_id}`;
  const booked = event.requirements || {};
  const participants = el("input", { id: `${id}-participants`, name: "participants", type: "number", min: "1",
    step: "1", inputmode: "numeric" });
  participants.value = booked.participants ?? "";
  const start = el("input", { id: `${id}-start`, name: "start_time", type: "time" });
  start.value = booked.start_time || "";
  const end = el("input", { id: `${id}-end`, name: "end_time", type: "time" });
  end.value = booked.end_time || "";
  const products = el("textarea", { id: `${id}-products`, name: "products", rows: "3", spellcheck: "false",
    placeholder: "projector 1" });
  const notes = el("textarea", { id: `${id}-notes`, name: "notes", rows: "2", maxlength: "2000" });
  const cancelNode = el("button", { type: "button", className: "btn btn-ghost", text: t("console.cancel", "Cancel") });
  cancelNode.addEventListener("click", cancel);
  const form = el("form", { className: "stack task-form amend-form", dataset: { event: event.event_id } }, [
    el("h3", { text: t("console.amend.title", "Amend the booking of {client}", { client: clientName }) }),
    field(`${id}-participants`, t("console.amend.participants", "Guests"), participants),
    field(`${id}-start`, t("console.amend.start", "Start"), start),
    field(`${id}-end`, t("console.amend.end", "End"), end),
    field(`${id}-products`, t("console.amend.products",
      "Product lines (one per line: product id and quantity; 0 removes)"), products),
    field(`${id}-notes`, t("console.amend.notes", "Notes for staff"), notes),
    el("p", { className: "hint", text: t("console.amend.hint",
      "Only what you change is sent. The desk reprices the booking, records a new version and tells the client.") }),
    el("div", { className: "actions" }, [
      el("button", { type: "submit", className: "btn btn-primary", text: t("console.amend.confirm", "Amend booking") }),
      cancelNode,
    ]),
  ]);
  form.addEventListener("submit", (submitted) => {
    submitted.preventDefault();
    const lines = parseProducts(products.value);
    if (lines === null) {
      products.setCustomValidity(t("console.amend.products_invalid",
        "Write each line as a product id and a quantity, for example: projector 1"));
      products.reportValidity();
      products.setCustomValidity("");
      return;
    }
    submit(event, amendBody(event, { participants: participants.value, start: start.value, end: end.value,
      products: lines, notes: notes.value }), form);
  });
  return form;
}
