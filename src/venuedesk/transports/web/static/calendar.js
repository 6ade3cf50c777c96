// The console's calendar page: rooms × days for a week or a month from GET /api/calendar, with the console's sign-in
// (the token in sessionStorage), keyboard navigation over the grid (a roving tab stop: arrows, Home/End, Page Up /
// Page Down for the previous / next span) and the rooms' signed feed addresses (owners and managers).

import { ApiError, request } from "./api.js";
import { clear, el, show } from "./dom.js";
import { isIsoDay, shift, spanOf, spanText } from "./calendar-dates.js";
import { gridTable } from "./calendar-grid.js";
import { intlLocale, t } from "./i18n.js";
import { startLanguage } from "./manager-language.js";
import { showOwnerLinks } from "./console-role.js";

const TOKEN = "venuedesk.manager_token";
const REFRESH_MS = 30000;
const $ = (id) => document.getElementById(id);
const ui = {
  signedOut: $("signed-out"), signedOutText: $("signed-out-text"), calendar: $("calendar"), grid: $("calendar-grid"),
  title: $("span-title"), week: $("view-week"), month: $("view-month"), prev: $("prev"), next: $("next"),
  prevText: $("prev-text"), nextText: $("next-text"), today: $("today"), refresh: $("refresh"), error: $("error"),
  feeds: $("feeds"), feedList: $("feed-list"), language: $("language"),
};
const state = { view: "week", from: null, today: null, data: null, row: 0, col: 0 };

const token = () => sessionStorage.getItem(TOKEN);
const api = (path) => request("GET", path, { token: token() });

function fail(error) {
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    sessionStorage.removeItem(TOKEN);
    ui.signedOutText.textContent = t("console.sign_in_again", "{message} Please sign in again.",
      { message: error.message });
    show(ui.calendar, false);
    show(ui.feeds, false);
    show(ui.signedOut, true);
    return;
  }
  ui.error.textContent = error.message || t("console.error_generic", "Something went wrong.");
  show(ui.error, true);
}

// ---- the span shown: view and first day, kept in the address (#view=week&from=2026-03-09) -------------------

function fromHash() {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const view = params.get("view") === "month" ? "month" : "week";
  const from = params.get("from");
  return { view, from: isIsoDay(from) ? from : null };
}

function keepInHash() {
  const hash = `#view=${state.view}&from=${state.from}`;
  if (window.location.hash !== hash) window.history.replaceState(null, "", hash);
}

function labelControls() {
  const month = state.view === "month";
  ui.week.setAttribute("aria-pressed", String(!month));
  ui.month.setAttribute("aria-pressed", String(month));
  ui.prevText.textContent = month ? t("calendar.prev_month", "Previous month") : t("calendar.prev_week", "Previous week");
  ui.nextText.textContent = month ? t("calendar.next_month", "Next month") : t("calendar.next_week", "Next week");
}

// ---- the grid ---------------------------------------------------------------------------------------------

const cells = () => [...ui.grid.querySelectorAll("tbody tr")].map((row) => [...row.querySelectorAll("td")]);

// One cell (and its links) is in the tab order: the active one.
function activate(row, col, { focus = false } = {}) {
  const grid = cells();
  if (grid.length === 0 || grid[0].length === 0) return;
  state.row = Math.max(0, Math.min(row, grid.length - 1));
  state.col = Math.max(0, Math.min(col, grid[0].length - 1));
  for (const [r, line] of grid.entries()) {
    for (const [c, cell] of line.entries()) {
      const active = r === state.row && c === state.col;
      cell.tabIndex = active ? 0 : -1;
      cell.classList.toggle("is-active", active);
      cell.querySelectorAll("a").forEach((link) => { link.tabIndex = active ? 0 : -1; });
    }
  }
  if (focus) grid[state.row][state.col].focus();
}

function render({ focus = false } = {}) {
  const data = state.data;
  const hadFocus = ui.grid.contains(document.activeElement);
  ui.title.textContent = spanText(state.view, data.from, data.to, intlLocale());
  clear(ui.grid).append(gridTable(data, state.view, "span-title"));
  activate(state.row, state.col, { focus: focus || hadFocus });
}

// Each load is numbered: an answer that comes back after a newer load began (two quick clicks on Next week, a
// hash changed while the first span was loading) is dropped, so the grid always shows the span asked for last.
let loads = 0;

async function load({ focus = false, toToday = false } = {}) {
  const { from, days } = spanOf(state.view, state.from);
  state.from = from;
  keepInHash();
  labelControls();
  const mine = ++loads;
  const data = await api(`/api/calendar?from=${from}&days=${days}`);
  if (mine !== loads) return;
  state.today = data.now.slice(0, 10);
  state.data = data;
  if (toToday && data.days.some((day) => day.today)) state.col = data.days.findIndex((day) => day.today);
  show(ui.error, false);
  render({ focus });
}

// Another span: the same room, and the same weekday (week) or day of the month (month), clamped.
function go(from, options = {}) {
  state.from = from;
  load(options).catch(fail);
}

function switchView(view) {
  if (view === state.view) return;
  const anchor = state.today && state.data && state.today >= state.data.from && state.today <= state.data.to
    ? state.today : state.from;
  state.view = view;
  state.col = 0;
  go(anchor);
}

const MOVES = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };

function onGridKey(event) {
  const cell = event.target.closest("td");
  if (!cell || !ui.grid.contains(cell)) return;
  const onCell = event.target === cell;
  if (event.key in MOVES) {
    const [dr, dc] = MOVES[event.key];
    activate(state.row + dr, state.col + dc, { focus: true });
  } else if (event.key === "Home") {
    activate(event.ctrlKey ? 0 : state.row, 0, { focus: true });
  } else if (event.key === "End") {
    activate(event.ctrlKey ? cells().length - 1 : state.row, cells()[0].length - 1, { focus: true });
  } else if (event.key === "PageUp" || event.key === "PageDown") {
    go(shift(state.view, state.from, event.key === "PageUp" ? -1 : 1), { focus: true });
  } else if (event.key === "Escape" && !onCell) {
    cell.focus();
  } else if ((event.key === "Enter" || event.key === " ") && onCell) {
    const link = cell.querySelector("a");
    if (link) link.focus();
  } else {
    return;
  }
  event.preventDefault();
}

function onGridFocus(event) {
  const cell = event.target.closest("td");
  if (!cell || !ui.grid.contains(cell)) return;
  const row = Number(cell.dataset.row);
  const col = Number(cell.dataset.col);
  if (row !== state.row || col !== state.col) activate(row, col);
}

// ---- the rooms' feed addresses --------------------------------------------------------------------------------

function feedItem(feed) {
  const id = `feed-${feed.room_id}`;
  const url = `${window.location.origin}${feed.path}`;
  const input = el("input", { id, type: "text", readonly: true, value: url, spellcheck: "false",
    className: "feed-url" });
  const copy = el("button", { type: "button", className: "btn btn-ghost btn-small",
    "aria-label": t("calendar.copy_feed", "Copy the feed address of {room}", { room: feed.name }),
    text: t("calendar.copy", "Copy") });
  copy.addEventListener("click", async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(url);
      copy.textContent = t("calendar.copied", "Copied");
    } catch (_denied) {
      copy.textContent = t("calendar.copy_select", "Selected: press Ctrl+C");
    }
  });
  return el("li", { dataset: { room: feed.room_id } }, [el("label", { for: id, text: feed.name }), input, copy]);
}

async function loadFeeds() {
  try {
    const feeds = await api("/api/calendar/feeds");
    clear(ui.feedList).append(...feeds.map(feedItem));
    show(ui.feeds, true);
  } catch (error) {
    show(ui.feeds, false); // a viewer account: the addresses are for owners and managers
    if (!(error instanceof ApiError && error.status === 403)) fail(error);
  }
}

// ---- start ------------------------------------------------------------------------------------------------

async function start() {
  if (!token()) {
    show(ui.signedOut, true);
    return;
  }
  show(ui.calendar, true);
  showOwnerLinks(token()); // the Accounts link, for an owner
  const wanted = fromHash();
  state.view = wanted.view;
  if (wanted.from) {
    state.from = wanted.from;
  } else {
    const probe = await api("/api/calendar?days=1");
    state.from = probe.now.slice(0, 10);
  }
  await load();
  await loadFeeds();
  window.setInterval(() => { if (!document.hidden && token()) load().catch(fail); }, REFRESH_MS);
}

ui.week.addEventListener("click", () => switchView("week"));
ui.month.addEventListener("click", () => switchView("month"));
ui.prev.addEventListener("click", () => go(shift(state.view, state.from, -1)));
ui.next.addEventListener("click", () => go(shift(state.view, state.from, 1)));
ui.today.addEventListener("click", () => { if (state.today) go(state.today, { toToday: true }); });
ui.refresh.addEventListener("click", () => load().catch(fail));
ui.grid.addEventListener("keydown", onGridKey);
ui.grid.addEventListener("focusin", onGridFocus);
window.addEventListener("hashchange", () => {
  const wanted = fromHash();
  if (wanted.from && (wanted.from !== state.from || wanted.view !== state.view)) {
    state.view = wanted.view;
    go(wanted.from);
  }
});

await startLanguage(ui.language, () => {
  if (!token() || !state.from) return;
  load().catch(fail);
  loadFeeds();
});
start().catch(fail);
