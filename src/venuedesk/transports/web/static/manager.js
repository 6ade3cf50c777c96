// The manager console: sign in with an account's email and password (a session token from POST /api/session) or a
// token, decide open HIL tasks, list events, read audit trails.

import { ApiError, download, listFrom, newKey, request, requestPage } from "./api.js";
import { clear, el, formatMoney, show } from "./dom.js";
import { intlLocale, t } from "./i18n.js";
import { amendForm } from "./manager-amend.js";
import { startLanguage } from "./manager-language.js";
import { showOwnerLinks } from "./console-role.js";
import { auditTable, clientName, depositForm, eventsTable } from "./manager-views.js";
import { offerPdfLinks } from "./manager-offers.js";
import { headingOf, showTab, shownTab, viewOf } from "./manager-tabs.js";
import { taskCard } from "./manager-task.js";

const TOKEN = "venuedesk.manager_token";
const SESSION_PREFIX = "vds_"; // a session token from POST /api/session
const REFRESH_MS = 10000;
const PAGE = 20; // items per "load more"
const MAX_LIMIT = 200; // the API's largest page
const $ = (id) => document.getElementById(id);
const ui = {
  signIn: $("sign-in"), signInForm: $("sign-in-form"), token: $("token"), signInError: $("sign-in-error"),
  email: $("email"),
  console: $("console"), signOut: $("sign-out"), notice: $("notice"), error: $("error"),
  tasks: $("tasks"), taskCount: $("task-count"), noTasks: $("no-tasks"), refresh: $("refresh"),
  tasksRange: $("tasks-range"), tasksMore: $("tasks-more"),
  eventFilter: $("event-filter"), events: $("events"), auditForm: $("audit-form"),
  eventsRange: $("events-range"), eventsMore: $("events-more"),
  auditThread: $("audit-thread"), audit: $("audit"), language: $("language"), eventAction: $("event-action"),
};
let refreshTimer = null;
let tasksWanted = PAGE; // how many tasks (newest first) the console keeps loaded
let eventsWanted = PAGE;
let auditShown = null; // the thread whose audit trail is shown, re-rendered when the language changes

const token = () => sessionStorage.getItem(TOKEN);
const api = (method, path, body) => request(method, path, { token: token(), body, key: body ? newKey() : null });

// The first `wanted` items of a paged list (in pages of at most MAX_LIMIT), each once, and the total.
async function loadPages(path, wanted, idOf) {
  const items = [];
  const seen = new Set();
  let total = 0;
  for (let offset = 0; items.length < wanted;) {
    const limit = Math.min(MAX_LIMIT, wanted - items.length);
    const glue = path.includes("?") ? "&" : "?";
    const page = await requestPage(`${path}${glue}limit=${limit}&offset=${offset}`, { token: token() });
    total = page.total;
    for (const item of page.items) {
      if (!seen.has(idOf(item))) { seen.add(idOf(item)); items.push(item); }
    }
    offset += page.items.length;
    if (page.items.length < limit || offset >= total) break;
  }
  return { items, total };
}

// "Showing 20 of 45 open tasks, newest first." from `<key>.one` / `<key>.other` (by the total).
function showRange(range, more, shown, total, key, fallback) {
  const form = total === 1 ? "one" : "other";
  range.textContent = total > 0 ? t(`${key}.${form}`, fallback[form], { shown, total }) : "";
  show(more, shown < total);
}

// "Load more": the focus stays on the button while more remain; on the last page it moves to the first new item.
async function loadMore(list, more, load, grow, itemSelector) {
  const before = list.querySelectorAll(itemSelector).length;
  const hadFocus = document.activeElement === more;
  grow();
  await load();
  const first = list.querySelectorAll(itemSelector)[before];
  if (more.hidden && first) {
    first.tabIndex = -1;
    first.focus();
  } else if (hadFocus && !more.hidden && document.activeElement !== more) {
    more.focus();  // a refresh that re-rendered the list meanwhile must not take the keyboard user's place
  }
}

function say(message) {
  ui.notice.textContent = message;
  show(ui.notice, Boolean(message));
}

function fail(error) {
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    signOut(t("console.sign_in_again", "{message} Please sign in again.", { message: error.message }));
    return;
  }
  ui.error.textContent = error.message || t("console.error_generic", "Something went wrong.");
  show(ui.error, true);
}

// ---- tasks ---------------------------------------------------------------------------------------

async function loadTasks() {
  const { items: tasks, total } = await loadPages("/api/hil/tasks?status=open", tasksWanted, (task) => task.task_id);
  const handlers = { approve, edit, reject, grant, audit: loadAudit, download: saveFile };
  clear(ui.tasks).append(...tasks.map((task) => taskCard(task, handlers)));
  ui.taskCount.textContent = String(total);
  show(ui.noTasks, total === 0);
  showRange(ui.tasksRange, ui.tasksMore, tasks.length, total, "console.tasks_range", {
    one: "Showing {shown} of {total} open task, newest first.",
    other: "Showing {shown} of {total} open tasks, newest first.",
  });
  return tasks;
}

async function decide(task, verb, body, done) {
  ui.error.hidden = true;
  const card = ui.tasks.querySelector(`[data-task="${CSS.escape(task.task_id)}"]`);
  if (card) card.querySelectorAll("button").forEach((node) => { node.disabled = true; });
  try {
    await api("POST", `/api/hil/tasks/${encodeURIComponent(task.task_id)}/${verb}`, body);
    say(done);
    await refreshAll();
    ui.refresh.focus();
  } catch (error) {
    if (card) card.querySelectorAll("button").forEach((node) => { node.disabled = false; });
    fail(error);
  }
}

const approve = (task) => decide(task, "approve", {}, t("console.approved",
  "Approved: the draft for {thread} was sent to the client.", { thread: task.thread_id }));
const edit = (task, text) => decide(task, "edit", { text }, t("console.edited",
  "Sent your edited message to {thread}.", { thread: task.thread_id }));
// A counter-offer granted with a discount: `{discount_percent}` or `{discount_amount}` (the new offer is sent at once).
const grant = (task, kind, value) => decide(task, "approve",
  kind === "percent" ? { discount_percent: Number(value) } : { discount_amount: Number(value) },
  t("console.discount_granted", "Discount granted: the new offer was sent to {thread}.", { thread: task.thread_id }));
const reject = (task, note) => decide(task, "reject", { note }, t("console.rejected",
  "Rejected the draft for {thread}; nothing was sent.", { thread: task.thread_id }));

// A file fetched with the manager token and saved under `file.filename` (a client's mail attachment keeps the name
// the client gave it), else under the name the server gives it.
async function saveFile(file) {
  ui.error.hidden = true;
  try {
    const { blob, filename } = await download(file.download, { token: token() });
    const url = URL.createObjectURL(blob);
    const save = el("a", { href: url, download: file.filename || filename, hidden: true });
    document.body.append(save);
    save.click();
    save.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (error) {
    fail(error);
  }
}

// A booking's function sheet (format "pdf" or "html"), saved as a file: the manager token must go with the request.
function saveFunctionSheet(event, format) {
  const path = `/api/events/${encodeURIComponent(event.event_id)}/function-sheet${format === "pdf" ? ".pdf" : ""}`;
  return saveFile({ download: path, filename: `function-sheet-${event.event_id}.${format}` });
}

// A mail's "edit in the console" link opens `/manager#task=<id>`: that task's card is scrolled to and focused.
function linkedTaskId() {
  const match = /^#task=(.+)$/.exec(window.location.hash);
  if (!match) return null;
  try { return decodeURIComponent(match[1]); } catch { return null; }
}

// The calendar's links open `/manager#thread=<id>`: that thread's audit trail is shown and focused.
function linkedThreadId() {
  const match = /^#thread=(.+)$/.exec(window.location.hash);
  if (!match) return null;
  try { return decodeURIComponent(match[1]); } catch { return null; }
}

async function showLinkedThread() {
  const id = linkedThreadId();
  if (!id) return false;
  await loadAudit(id);
  const title = $("audit-title");
  title.tabIndex = -1;
  title.focus();
  return true;
}

function focusLinkedTask() {
  if (linkedThreadId()) {
    showLinkedThread();
    return true;
  }
  const id = linkedTaskId();
  const card = id && ui.tasks.querySelector(`[data-task="${CSS.escape(id)}"]`);
  if (!card) return false;
  card.tabIndex = -1;
  card.scrollIntoView({ block: "start" });
  card.focus();
  return true;
}

// ---- events and audit ------------------------------------------------------------------------------

async function loadEvents() {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(ui.eventFilter)) if (value) params.set(name, value);
  const query = params.toString();
  const { items: events, total } = await loadPages(`/api/events${query ? `?${query}` : ""}`, eventsWanted,
    (event) => event.event_id || event.thread_id);
  clear(ui.events).append(eventsTable(events, { audit: loadAudit, depositPaid: openDepositForm,
    functionSheet: saveFunctionSheet, amend: openAmendForm }));
  showRange(ui.eventsRange, ui.eventsMore, events.length, total, "console.events_range",
    { one: "Showing {shown} of {total} event.", other: "Showing {shown} of {total} events." });
}

// "Mark paid" on an event opens the deposit form above the table; closing it returns the focus to the button.
function openDepositForm(event, opener) {
  const close = () => {
    clear(ui.eventAction);
    const again = ui.events.querySelector(`[data-control="deposit-paid"]`);
    (opener && opener.isConnected ? opener : again || ui.events).focus();
  };
  const form = depositForm(event, { submit: markDepositPaid, cancel: close });
  clear(ui.eventAction).append(form);
  form.querySelector("input").focus();
}

async function markDepositPaid(event, amount, form) {
  ui.error.hidden = true;
  form.querySelectorAll("button").forEach((node) => { node.disabled = true; });
  try {
    await api("POST", `/api/threads/${encodeURIComponent(event.thread_id)}/deposit-paid`, { amount: Number(amount) });
    clear(ui.eventAction);
    say(t("console.deposit.marked", "Deposit marked paid for {client}; the client was told.",
      { client: clientName(event) }));
    await refreshAll();
    ui.refresh.focus();
  } catch (error) {
    form.querySelectorAll("button").forEach((node) => { node.disabled = false; });
    fail(error);
  }
}

// "Amend" on a Confirmed event opens its form above the table; closing it returns the focus to the button.
function openAmendForm(event, opener) {
  const close = () => {
    clear(ui.eventAction);
    (opener && opener.isConnected ? opener : ui.events).focus();
  };
  const form = amendForm(event, clientName(event), { submit: amendBooking, cancel: close });
  clear(ui.eventAction).append(form);
  form.querySelector("input").focus();
}

async function amendBooking(event, body, form) {
  ui.error.hidden = true;
  form.querySelectorAll("button").forEach((node) => { node.disabled = true; });
  try {
    const out = await api("POST", `/api/events/${encodeURIComponent(event.event_id)}/amend`, body);
    clear(ui.eventAction);
    say(t("console.amend.done", "Booking of {client} amended: new total {total}; the client was told.",
      { client: clientName(event), total: formatMoney(out.total, intlLocale()) }));
    await refreshAll();
    ui.refresh.focus();
  } catch (error) {
    form.querySelectorAll("button").forEach((node) => { node.disabled = false; });
    fail(error);
  }
}

async function loadAudit(threadId, { scroll = true } = {}) {
  if (!threadId) return;
  ui.auditThread.value = threadId;
  try {
    const path = `/api/threads/${encodeURIComponent(threadId)}`;
    const [data, thread] = await Promise.all([api("GET", `${path}/audit`), api("GET", path)]);
    const offers = offerPdfLinks(threadId, thread.event, (download) => saveFile({ download }));
    clear(ui.audit).append(...[offers, auditTable(threadId, listFrom(data, "audit", "entries", "items"))]
      .filter(Boolean));
    auditShown = threadId;
    if (scroll) ui.audit.scrollIntoView({ block: "nearest" });
  } catch (error) {
    fail(error);
  }
}

// ---- session ---------------------------------------------------------------------------------------

async function refreshAll() {
  await Promise.all([loadTasks(), loadEvents()]);
}

// A task form is open, or a counter-offer's discount is being typed: refreshing would lose it.
function isEditing() {
  if (ui.tasks.querySelector("form:not(.discount-form)") !== null) return true;
  return [...ui.tasks.querySelectorAll(".discount-form input")]
    .some((input) => input.value !== "" || input === document.activeElement);
}

function autoRefresh() {
  if (isEditing() || document.hidden) return;
  loadTasks().catch(fail);
}

function enterConsole() {
  show(ui.signIn, false);
  show(ui.console, true);
  show(ui.signOut, true);
  showOwnerLinks(token()); // the Accounts link, for an owner
  if (refreshTimer === null) refreshTimer = window.setInterval(autoRefresh, REFRESH_MS);
}

function signOut(message = "") {
  sessionStorage.removeItem(TOKEN);
  if (refreshTimer !== null) window.clearInterval(refreshTimer);
  refreshTimer = null;
  show(ui.console, false);
  show(ui.signOut, false);
  showOwnerLinks(null);
  show(ui.signIn, true);
  ui.signInError.textContent = message;
  show(ui.signInError, Boolean(message));
  ui.token.value = "";
  ui.token.focus();
}

// The sign-out button ends a session token on the server too (POST /api/session/logout), so a copy of it opens
// nothing any more; a personal or bootstrap token is only forgotten by this tab.
async function endSession() {
  const value = token();
  if (!value || !value.startsWith(SESSION_PREFIX)) return;
  try {
    await request("POST", "/api/session/logout", { token: value });
  } catch (_error) {
    // the session has ended already (expired, disabled): forgetting it here is all that is left to do
  }
}

async function signIn(event) {
  event.preventDefault();
  const email = ui.email.value.trim();
  let value = ui.token.value.trim();
  if (!value) {
    ui.signInError.textContent = t("console.token_empty", "Enter the manager token.");
    show(ui.signInError, true);
    return;
  }
  try {
    if (email) {
      const session = await request("POST", "/api/session", { body: { email, password: ui.token.value } });
      value = session.token;
    }
    await request("GET", "/api/hil/tasks?status=open&limit=1", { token: value });
  } catch (error) {
    ui.signInError.textContent = error.message;
    show(ui.signInError, true);
    ui.token.select();
    return;
  }
  sessionStorage.setItem(TOKEN, value);
  show(ui.signInError, false);
  enterConsole();
  showTab(viewOf(window.location.hash)); // the view the address names loads now that there is a token
  try {
    await refreshAll();
    if (!focusLinkedTask()) headingOf(shownTab()).focus();
  } catch (error) {
    fail(error);
  }
}

ui.signInForm.addEventListener("submit", signIn);
ui.signOut.addEventListener("click", () => { endSession().finally(() => signOut("")); });
ui.refresh.addEventListener("click", () => { say(""); refreshAll().catch(fail); });
ui.eventFilter.addEventListener("submit", (event) => {
  event.preventDefault();
  eventsWanted = PAGE;
  loadEvents().catch(fail);
});
ui.tasksMore.addEventListener("click", () => {
  loadMore(ui.tasks, ui.tasksMore, loadTasks, () => { tasksWanted += PAGE; }, ".task").catch(fail);
});
ui.eventsMore.addEventListener("click", () => {
  loadMore(ui.events, ui.eventsMore, loadEvents, () => { eventsWanted += PAGE; }, "tbody tr").catch(fail);
});
ui.auditForm.addEventListener("submit", (event) => { event.preventDefault(); loadAudit(ui.auditThread.value.trim()); });

// A new language relabels the page (i18n.js) and re-renders what the console built: the lists, unless a task form
// is open (its text would be lost; the next refresh relabels it), and the audit trail shown.
function relabel() {
  if (!token()) return;
  Promise.all([isEditing() ? null : loadTasks(), loadEvents()]).catch(fail);
  if (auditShown) loadAudit(auditShown, { scroll: false });
}

// The sign-in form takes the focus now, before the language has loaded: a focus moved after that wait would pull
// the cursor out of a field the manager had begun to fill (the rest of an email typed into the password field).
if (!token()) ui.email.focus();

await startLanguage(ui.language, relabel);

window.addEventListener("hashchange", () => { if (token()) focusLinkedTask(); });

if (token()) {
  enterConsole();
  refreshAll().then(focusLinkedTask).catch(fail);
}
