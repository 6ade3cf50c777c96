// The console's Pipeline tab (docs/pipeline.md): leads → options → confirmed with the conversion between them,
// lost reasons, revenue per month, response times, filters by month and room, the CSV export, and "Mark lost" on
// the open leads and options. Figures come formatted by the server (GET /api/pipeline, in the console's language).

import { download, newKey, request, requestPage } from "./api.js";
import { clear, el, show } from "./dom.js";
import { t } from "./i18n.js";
import { clientName, eventStatus, roomName } from "./manager-views.js";
import { shownTab } from "./manager-tabs.js";
import { tableElement } from "./reply.js";

const TOKEN = "venuedesk.manager_token";
const OPEN_LIMIT = 100; // open leads and options listed for "Mark lost"
const $ = (id) => document.getElementById(id);
const ui = {
  panel: $("pipeline-panel"), filter: $("pipeline-filter"), month: $("pipeline-month"), room: $("pipeline-room"),
  figures: $("pipeline"), open: $("pipeline-open"), csv: $("pipeline-csv"), error: $("pipeline-error"),
  notice: $("pipeline-notice"),
};
const LOST = [
  ["declined", ["console.pipeline.lost.declined", "Declined by the client"]],
  ["expired", ["console.pipeline.lost.expired", "Option lapsed"]],
  ["cancelled", ["console.pipeline.lost.cancelled", "Cancelled"]],
  ["marked_lost", ["console.pipeline.lost.marked_lost", "Marked lost by the team"]],
];
const REASONS = [
  ["price", ["console.pipeline.reason.price", "Price"]],
  ["date", ["console.pipeline.reason.date", "Date not available"]],
  ["room", ["console.pipeline.reason.room", "Room not right"]],
  ["competitor", ["console.pipeline.reason.competitor", "Chose another venue"]],
  ["no_reply", ["console.pipeline.reason.no_reply", "No reply"]],
  ["event_off", ["console.pipeline.reason.event_off", "Event called off"]],
  ["other", ["console.pipeline.reason.other", "Other"]],
];
const said = ([key, english], values = {}) => t(key, english, values);
const reasonName = (code) => said((REASONS.find(([name]) => name === code) || [null, [`x.${code}`, code]])[1]);
const token = () => sessionStorage.getItem(TOKEN);
let loading = null;

function query() {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(ui.filter)) if (value) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

function fail(error) {
  ui.error.textContent = error.message || t("console.error_generic", "Something went wrong.");
  show(ui.error, true);
}

function say(message) {
  ui.notice.textContent = message;
  show(ui.notice, Boolean(message));
}

// Keep the filter's choices in step with the data: every month with an inquiry or an event, every room.
function fillChoices(select, items, valueOf, labelOf) {
  const chosen = select.value;
  const first = select.options[0];
  select.replaceChildren(first, ...items.map((item) => el("option", { value: valueOf(item), text: labelOf(item) })));
  select.value = [...select.options].some((option) => option.value === chosen) ? chosen : "";
}

function stage(name, label, count, hint) {
  return el("div", { className: "pipeline-stage", dataset: { stage: name } }, [
    el("dt", { text: label }),
    el("dd", {}, [el("span", { dataset: { part: "count" }, text: String(count) }),
      hint ? el("span", { className: "hint", text: hint }) : null]),
  ]);
}

function stagesView(body) {
  const { stages, conversion } = body;
  const share = (item, key, english) => (item.text ? t(key, english, { share: item.text }) : "");
  return el("dl", { className: "pipeline-stages", "aria-label": t("console.pipeline.stages", "Stages") }, [
    stage("leads", t("console.pipeline.leads", "Leads"), stages.leads, ""),
    stage("options", t("console.pipeline.options", "Options"), stages.options,
      share(conversion.lead_to_option, "console.pipeline.of_leads", "{share} of leads")),
    stage("confirmed", t("console.pipeline.confirmed", "Confirmed"), stages.confirmed,
      share(conversion.option_to_confirmed, "console.pipeline.of_options", "{share} of options")),
  ]);
}

function lostView(body) {
  const items = LOST.map(([kind, words]) => el("li", { dataset: { lost: kind } },
    t("console.pipeline.count_of", "{what}: {count}", { what: said(words), count: body.lost[kind] || 0 })));
  for (const [code, count] of Object.entries(body.lost_reasons || {})) {
    items.push(el("li", { dataset: { reason: code } }, t("console.pipeline.reason_count", "Marked lost for {reason}: {count}",
      { reason: reasonName(code), count })));
  }
  return el("section", {}, [el("h3", { text: t("console.pipeline.lost", "Lost") }),
    el("ul", { className: "pipeline-list" }, items)]);
}

function waitLine(key, english, wait) {
  if (wait.average_text === null) return el("li", { text: t("console.pipeline.wait_none", "{who}: nothing answered yet",
    { who: t(key, english) }) });
  return el("li", { text: t("console.pipeline.wait", "{who}: {average} on average ({count} answered, {waiting} waiting)",
    { who: t(key, english), average: wait.average_text, count: wait.count, waiting: wait.waiting }) });
}

function waitsView(body) {
  const { client, tasks } = body.response_times;
  return el("section", { dataset: { part: "waits" } }, [
    el("h3", { text: t("console.pipeline.waits", "Response times") }),
    el("ul", { className: "pipeline-list" }, [
      waitLine("console.pipeline.wait_clients", "Clients (message → reply)", client),
      waitLine("console.pipeline.wait_tasks", "Your tasks (opened → decided)", tasks),
    ]),
  ]);
}

function revenueView(body) {
  const rows = body.revenue.map((item) => [item.label, item.confirmed.text, item.on_option.text]);
  rows.push([t("console.pipeline.total", "Total"), body.revenue_total.confirmed.text, body.revenue_total.on_option.text]);
  const columns = [t("console.pipeline.column.month", "Month of the event"),
    t("console.pipeline.column.confirmed", "Confirmed"), t("console.pipeline.column.on_option", "On option")];
  return tableElement(t("console.pipeline.revenue", "Revenue by month of the event"), columns, rows,
    { numeric: [false, true, true] });
}

async function load() {
  if (!token()) return;
  ui.error.hidden = true;
  ui.figures.setAttribute("aria-busy", "true");
  try {
    const body = await request("GET", `/api/pipeline${query()}`, { token: token() });
    fillChoices(ui.month, body.months, (item) => item.month, (item) => item.label);
    fillChoices(ui.room, body.rooms, (item) => item.room_id, (item) => item.name);
    clear(ui.figures).append(stagesView(body),
      el("div", { className: "pipeline-columns" }, [lostView(body), waitsView(body)]), revenueView(body));
    await loadOpen(new Set(body.open_threads));
  } catch (error) {
    fail(error);
  } finally {
    ui.figures.setAttribute("aria-busy", "false");
  }
}

function reload() {
  loading = load();
  return loading;
}

// ---- mark lost ------------------------------------------------------------------------------------

async function openEvents(status) {
  const page = await requestPage(`/api/events?status=${status}&limit=${OPEN_LIMIT}`, { token: token() });
  return page.items;
}

// The open leads and options of the figures shown (`open_threads`: the month's and room's, as the funnel counts them).
async function loadOpen(wanted) {
  const events = [...await openEvents("Lead"), ...await openEvents("Option")];
  const shown = events.filter((event) => wanted.has(event.thread_id));
  const title = t("console.pipeline.open", "Open leads and options");
  if (shown.length === 0) {
    clear(ui.open).append(el("h3", { text: title }),
      el("p", { className: "empty", text: t("console.pipeline.none_open", "No open leads or options.") }));
    return;
  }
  const rows = shown.map((event) => [
    el("div", { className: "client-cell" }, [el("span", { className: "client", text: clientName(event) }),
      el("code", { className: "thread-id", title: event.thread_id, text: event.thread_id })]),
    eventStatus(event.status), event.chosen_date || "—", roomName(event.locked_room_id), markButton(event),
  ]);
  const columns = [t("console.column.client", "Client"), t("console.column.status", "Status"),
    t("console.column.date", "Date"), t("console.column.room", "Room"), t("console.pipeline.column.action", "Action")];
  clear(ui.open).append(el("h3", { text: title }), el("div", { id: "pipeline-action" }), tableElement(title, columns, rows));
}

function markButton(event) {
  const button = el("button", { type: "button", className: "btn btn-secondary btn-small", dataset: { control: "mark-lost" },
    "aria-label": t("console.pipeline.mark_for", "Mark lost: {client}", { client: clientName(event) }),
    text: t("console.pipeline.mark", "Mark lost") });
  button.addEventListener("click", () => openLostForm(event, button));
  return button;
}

function openLostForm(event, opener) {
  const place = $("pipeline-action");
  const id = `lost-${event.thread_id}`;
  const key = newKey(); // one key per form: a double click or a retry marks it lost once
  const reason = el("select", { id: `${id}-reason`, name: "reason", required: true },
    REASONS.map(([code, words]) => el("option", { value: code, text: said(words) })));
  const note = el("textarea", { id: `${id}-note`, name: "note", rows: "2", maxlength: "2000" });
  const close = () => { clear(place); if (opener.isConnected) opener.focus(); };
  const cancel = el("button", { type: "button", className: "btn btn-ghost", text: t("console.cancel", "Cancel") });
  cancel.addEventListener("click", close);
  const form = el("form", { className: "stack task-form lost-form", dataset: { thread: event.thread_id } }, [
    el("h3", { text: t("console.pipeline.form_title", "Mark {client} lost", { client: clientName(event) }) }),
    el("label", { for: reason.id, text: t("console.pipeline.reason_label", "Reason") }), reason,
    el("label", { for: note.id, text: t("console.pipeline.note_label", "Note for the team (optional, not exported)") }), note,
    el("p", { className: "hint", text: t("console.pipeline.form_hint",
      "The room is released and open tasks close. Nothing is sent to the client.") }),
    el("div", { className: "actions" }, [
      el("button", { type: "submit", className: "btn btn-danger", text: t("console.pipeline.confirm", "Mark lost") }), cancel]),
  ]);
  form.addEventListener("submit", async (submitted) => {
    submitted.preventDefault();
    form.querySelectorAll("button").forEach((node) => { node.disabled = true; });
    try {
      await request("POST", `/api/threads/${encodeURIComponent(event.thread_id)}/lost`,
        { token: token(), key, body: { reason: reason.value, note: note.value.trim() || null } });
      say(t("console.pipeline.marked", "{client} is marked lost ({reason}).",
        { client: clientName(event), reason: reasonName(reason.value) }));
      await reload();
      $("pipeline-title").focus();
    } catch (error) {
      form.querySelectorAll("button").forEach((node) => { node.disabled = false; });
      fail(error);
    }
  });
  clear(place).append(form);
  reason.focus();
}

// ---- CSV --------------------------------------------------------------------------------------------

async function saveCsv() {
  ui.error.hidden = true;
  try {
    const { blob, filename } = await download(`/api/pipeline.csv${query()}`, { token: token() });
    const url = URL.createObjectURL(blob);
    const link = el("a", { href: url, download: filename, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (error) {
    fail(error);
  }
}

ui.filter.addEventListener("change", () => { say(""); reload(); });
ui.filter.addEventListener("submit", (event) => { event.preventDefault(); reload(); });
ui.csv.addEventListener("click", saveCsv);
document.addEventListener("console-tab", (event) => { if (event.detail === "pipeline") reload(); });
// A new console language (html[lang] changes once its words are loaded): re-render after the API's language follows.
new MutationObserver(() => { if (shownTab() === "pipeline") window.setTimeout(reload, 0); })
  .observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
