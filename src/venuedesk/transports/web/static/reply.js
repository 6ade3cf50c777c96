// Render a Reply (docs/design.md §4.1) — body, tables with row actions, actions, footer — on both pages.

import { el } from "./dom.js";
import { t } from "./i18n.js";
import { renderMarkdown } from "./markdown.js";

// The machine's step names (the footer contract); the client page shows `ui.step.<n>` from the catalogue instead.
export const STEPS = ["Intake", "Date", "Room", "Offer", "Negotiation", "Billing & deposit", "Confirmation"];
export const WAITING = "Waiting on HIL";
// Client words for each thread state (`ui.state.<key>`), never the internal names.
const STATE_WORDS = {
  "Awaiting Client": ["state.awaiting_client", "Waiting for you"],
  "Waiting on HIL": ["state.waiting_on_hil", "Waiting for the venue"],
  Checking: ["state.checking", "Checking"],
  Closed: ["state.closed", "Closed"],
};

// The step's name for the client in the page's language: `Date` / `Datum`.
export function stepName(step) {
  return t(`step.${step}`, STEPS[step - 1] || String(step));
}

export function stateWords(state) {
  const [key, fallback] = STATE_WORDS[state] || ["", ""];
  return key ? t(key, fallback) : "";
}

const NUMERIC = /^-?[\d'’,.\s]+$/;

export function agentLabel(agent) {
  if (!agent) return "Venue desk";
  const name = String(agent).replace(/_agent$/, "").replace(/_/g, " ");
  return `${name.charAt(0).toUpperCase()}${name.slice(1)} agent`;
}

function actionButton(action, { onAction, preview }) {
  const style = ["primary", "secondary", "danger"].includes(action.style) ? action.style : "secondary";
  const button = el("button", {
    type: "button",
    className: `btn btn-${style}`,
    text: action.label || action.name,
    disabled: preview ? true : null,
    dataset: { action: action.name },
  });
  if (!preview && onAction) button.addEventListener("click", () => onAction(action, button));
  return button;
}

// Actions that fetch a file instead of running a turn: shown as a download link (the `.ics` invite).
export const LINK_ACTIONS = new Set(["download_ics"]);

// A download link; the page fetches the file with the thread's token (onDownload), so a click never posts an action.
function downloadLink(action, { onDownload, preview, downloadHref }) {
  const label = action.label || action.name;
  if (preview || !onDownload) {
    return el("span", { className: "btn btn-secondary is-disabled", "aria-disabled": "true", text: label,
      dataset: { download: action.name } });
  }
  const link = el("a", { className: "btn btn-secondary btn-download", href: sameSite(action.url) || downloadHref || "#",
    download: "",
    text: label, dataset: { download: action.name } });
  link.addEventListener("click", (event) => {
    event.preventDefault();
    onDownload(action, link);
  });
  return link;
}

// A path on this site (`/api/threads/…/calendar.ics`), or null for anything else (another host, a scheme, nothing).
export function sameSite(url) {
  return typeof url === "string" && url.startsWith("/") && !url.startsWith("//") ? url : null;
}

// Actions that open another of the client's threads (a separate inquiry the desk opened): a link the page follows
// itself (onOpenThread), switching its conversation; never posted as an action.
export const THREAD_ACTIONS = new Set(["open_thread"]);

function threadLink(action, { onOpenThread, preview }) {
  const label = action.label || action.name;
  const threadId = action.args && action.args.thread_id;
  if (preview || !onOpenThread || !threadId) {
    return el("span", { className: "btn btn-secondary is-disabled", "aria-disabled": "true", text: label,
      dataset: { openThread: threadId || "" } });
  }
  const link = el("a", { className: "btn btn-secondary btn-open-thread",
    href: sameSite(action.url) || `/?thread=${encodeURIComponent(threadId)}`, text: label,
    dataset: { openThread: threadId } });
  link.addEventListener("click", (event) => {
    event.preventDefault();
    onOpenThread(action, link);
  });
  return link;
}

function actionControl(action, options) {
  if (THREAD_ACTIONS.has(action.name)) return threadLink(action, options);
  return LINK_ACTIONS.has(action.name) ? downloadLink(action, options) : actionButton(action, options);
}

const text = (value) => (value === null || value === undefined ? "" : String(value));

// A column is numeric when every filled cell is a number: its header and cells align right.
function numericColumns(columns, rows) {
  return columns.map((_name, index) => {
    const filled = rows.map((row) => text(row[index])).filter((value) => value !== "");
    return filled.length > 0 && filled.every((value) => NUMERIC.test(value));
  });
}

// A cell beyond the named columns holds the row's action button.
function bodyCell(value, column, numeric) {
  if (column === undefined) return el("td", { role: "cell", className: "row-action" }, value || null);
  const attrs = { role: "cell", className: numeric ? "num" : null, dataset: { label: column } };
  return value instanceof Node ? el("td", attrs, value) : el("td", { ...attrs, text: text(value) });
}

// Tables carry explicit ARIA roles so they stay tables for screen readers when small screens restyle
// them as stacked cards; each cell's data-label names its column for that layout.
export function tableElement(caption, columns, rows, { numeric = [], extraColumn = null } = {}) {
  const headRow = el("tr", { role: "row" }, columns.map((name, index) => el("th", {
    scope: "col", role: "columnheader", className: numeric[index] ? "num" : null, text: name,
  })));
  if (extraColumn) {
    headRow.append(el("th", { scope: "col", role: "columnheader" }, el("span", { className: "sr-only", text: extraColumn })));
  }
  const body = el("tbody", { role: "rowgroup" }, rows.map((cells) => el("tr", { role: "row" },
    cells.map((value, index) => bodyCell(value, columns[index], numeric[index])))));
  const table = el("table", { role: "table", className: "stackable" }, [
    el("caption", { text: caption }), el("thead", { role: "rowgroup" }, headRow), body,
  ]);
  return el("div", { className: "table-wrap", tabindex: "0", role: "region", "aria-label": caption }, table);
}

export function renderTable(block, options = {}) {
  const columns = block.columns || [];
  const rows = block.rows || [];
  const rowActions = block.row_actions || [];
  const withActions = rowActions.length > 0;
  const cells = rows.map((row, index) => {
    if (!withActions) return row;
    const action = rowActions[index];
    return [...row, action ? actionControl(action, options) : ""];
  });
  const wrapper = tableElement(block.title || "", columns, cells, {
    numeric: numericColumns(columns, rows),
    extraColumn: withActions ? t("action_column", "Action") : null,
  });
  const extra = rowActions.slice(rows.length);
  if (extra.length === 0) return wrapper;
  return el("div", {}, [wrapper, renderActions(extra, options)]);
}

export function renderActions(actions, options = {}) {
  return el("div", { className: "actions", role: "group", "aria-label": t("choices", "Choices") },
    actions.map((action) => actionControl(action, options)));
}

// The offer version a reply puts to the client (its accept_offer action names `<event>-v<N>`), or null.
export function offeredVersion(reply) {
  for (const action of reply.actions || []) {
    const match = action.name === "accept_offer" && /-v(\d+)$/.exec(String((action.args || {}).offer_id || ""));
    if (match) return Number(match[1]);
  }
  return null;
}

// The offer version's PDF (docs/documents.md): a download link fetched with the thread's token, like the invite.
function offerPdfLink(reply, options) {
  const version = offeredVersion(reply);
  if (version === null || !reply.thread_id) return null;
  const action = { name: "download_offer_pdf", label: t("offer_pdf", "Offer version {version} as PDF", { version }),
    url: `/api/threads/${encodeURIComponent(reply.thread_id)}/offer.pdf?version=${version}` };
  return el("div", { className: "actions offer-pdf" }, downloadLink(action, options));
}

// The reply's content (without the footer): markdown body, tables, action buttons, the offer's PDF link.
export function renderReplyContent(reply, options = {}) {
  const fragment = document.createDocumentFragment();
  fragment.append(el("div", { className: "body" }, renderMarkdown(reply.body_markdown)));
  for (const block of reply.table_blocks || []) fragment.append(renderTable(block, options));
  if ((reply.actions || []).length > 0) fragment.append(renderActions(reply.actions, options));
  const pdf = offerPdfLink(reply, options);
  if (pdf) fragment.append(pdf);
  return fragment;
}

// The footer in client words: "Step 5 of 7 · Your answer · Next: … · Waiting for you" (German on a German
// conversation); the machine-readable footer (`footer_text`, `footer.state`) stays in the Reply untouched.
export function renderFooter(footer, footerText) {
  if (!footer) return el("p", { className: "footer", text: footerText || "" });
  const steps = STEPS.length;
  const parts = [
    el("span", { className: "footer-step",
      text: `${t("step_of", "Step {step} of {steps}", { step: footer.step, steps })} · ${stepName(footer.step)}` }),
    " · ",
    el("span", { className: "footer-next", text: t("next", "Next: {next}", { next: footer.next }) }),
  ];
  const words = stateWords(footer.state);
  if (words) {
    parts.push(" · ", el("span", { className: `footer-state state-${stateClass(footer.state)}`, text: words }));
  }
  return el("p", { className: "footer" }, parts);
}

export function stateClass(state) {
  return String(state || "").toLowerCase().replace(/[^a-z]+/g, "-");
}
