// The calendar grid: one row per room, one column per day; each cell lists its options (with the expiry and the
// 2nd options waiting behind), confirmed bookings, busy blocks from the room's own calendar and lone 2nd options.
// Every booking links to its thread in the console (/manager#thread=<id>). Keyboard handling lives in calendar.js.

import { el, formatDateTime } from "./dom.js";
import { formatDay } from "./calendar-dates.js";
import { current, intlLocale, t } from "./i18n.js";

const KINDS = { option: "Option", confirmed: "Confirmed", busy: "Busy", waiting: "2nd option waiting" };

export const threadHref = (threadId) => `/manager#thread=${encodeURIComponent(threadId)}`;
const kindName = (kind) => t(`calendar.kind.${kind}`, KINDS[kind] || kind);

function timeText(entry) {
  return entry.all_day ? t("calendar.all_day", "all day") : `${entry.start}–${entry.end}`;
}

function who(entry) {
  if (!entry.client) return "";
  return entry.participants ? t("calendar.who", "{client} · {count} guests",
    { client: entry.client, count: entry.participants }) : entry.client;
}

function untilText(entry) {
  if (entry.lapsed) return t("calendar.lapsed", "lapsed, release pending");
  if (!entry.expires_at) return entry.kind === "option" ? t("calendar.no_expiry", "offer accepted, held") : "";
  return t("calendar.until", "until {time}", { time: formatDateTime(entry.expires_at, intlLocale()) });
}

const waiterText = (waiter) => t("calendar.waiter", "{place}. option: {client}",
  { place: waiter.place, client: waiter.client || waiter.event_id });

// One entry in words, for a cell's label: "Option 09:00–17:00 anna@example.com · 30 guests, until 9 Feb 2026, 09:00;
// 2. option: ben@example.com".
export function describe(entry) {
  const parts = [`${kindName(entry.kind)} ${timeText(entry)}`];
  if (entry.kind === "busy") parts.push(entry.source_id || "");
  else parts.push(who(entry));
  let text = parts.filter(Boolean).join(" ");
  const until = entry.kind === "option" ? untilText(entry) : "";
  if (until) text += `, ${until}`;
  if (entry.waiting && entry.waiting.length) text += `; ${entry.waiting.map(waiterText).join("; ")}`;
  return text;
}

function closedName(closed) {
  if (!closed) return "";
  if (closed.kind === "blackout") return t("calendar.blackout", "Venue closed");
  return (current() === "de" && closed.name_de) || closed.name || t("calendar.holiday", "Public holiday");
}

function entryNode(entry) {
  const lines = [
    el("span", { className: "entry-kind", text: kindName(entry.kind) }),
    el("span", { className: "entry-time", text: timeText(entry) }),
  ];
  if (entry.kind === "busy") {
    lines.push(el("span", { className: "entry-who", text: entry.source_id || "" }));
    return el("div", { className: "entry entry-busy", dataset: { kind: "busy" } }, lines);
  }
  lines.push(el("span", { className: "entry-who", text: who(entry) }));
  const until = entry.kind === "option" ? untilText(entry) : "";
  if (until) lines.push(el("span", { className: "entry-until", text: until }));
  const classes = `entry entry-${entry.kind}${entry.lapsed ? " entry-lapsed" : ""}`;
  const data = { kind: entry.kind, event: entry.event_id || "", thread: entry.thread_id || "" };
  const main = entry.thread_id
    ? el("a", { className: classes, href: threadHref(entry.thread_id), dataset: data, tabindex: "-1",
      "aria-label": t("calendar.open_thread", "Open the thread: {what}", { what: describe({ ...entry, waiting: [] }) }) },
    lines)
    : el("div", { className: classes, dataset: data }, lines);
  if (!entry.waiting || entry.waiting.length === 0) return main;
  const waiters = el("ul", { className: "waiters" }, entry.waiting.map((waiter) => el("li", {}, waiter.thread_id
    ? el("a", { className: "entry-waiter", href: threadHref(waiter.thread_id), tabindex: "-1",
      dataset: { event: waiter.event_id, thread: waiter.thread_id },
      "aria-label": t("calendar.open_thread", "Open the thread: {what}", { what: waiterText(waiter) }),
      text: waiterText(waiter) })
    : el("span", { className: "entry-waiter", text: waiterText(waiter) }))));
  return el("div", { className: "entry-group" }, [main, waiters]);
}

function cellLabel(room, day, cell) {
  const date = formatDay(cell.date, intlLocale(), { weekday: "long", day: "numeric", month: "long", year: "numeric" });
  const parts = [];
  if (day.closed) parts.push(t("calendar.closed_named", "closed ({name})", { name: closedName(day.closed) }));
  if (cell.unconfirmed) parts.push(t("calendar.unconfirmed_cell", "room calendar not read, unconfirmed"));
  parts.push(...cell.entries.map(describe));
  if (cell.entries.length === 0 && !day.closed) parts.push(t("calendar.free", "nothing booked"));
  return `${room.name}, ${date}: ${parts.join("; ")}`;
}

function headCell(day, view) {
  const locale = intlLocale();
  const options = view === "month" ? { weekday: "narrow", day: "numeric" } : { weekday: "short", day: "numeric", month: "short" };
  const classes = ["day-head", day.today ? "is-today" : "", day.closed ? "is-closed" : "",
    day.weekday >= 5 ? "is-weekend" : ""].filter(Boolean).join(" ");
  const name = closedName(day.closed);
  return el("th", { scope: "col", className: classes, "aria-current": day.today ? "date" : null,
    title: name || null, dataset: { date: day.date } }, [
    el("span", { className: "day-name", text: formatDay(day.date, locale, options) }),
    day.today ? el("span", { className: "today-mark", text: t("calendar.today_mark", "today") }) : null,
    name && view !== "month" ? el("span", { className: "closed-name", text: name }) : null,
  ]);
}

// The table for the grid JSON of GET /api/calendar; every cell starts outside the tab order (calendar.js picks one).
export function gridTable(data, view, labelledBy) {
  const head = el("tr", {}, [el("th", { scope: "col", className: "room-head", text: t("calendar.room", "Room") }),
    ...data.days.map((day) => headCell(day, view))]);
  const rows = data.rooms.map((room, row) => el("tr", { dataset: { room: room.room_id } }, [
    el("th", { scope: "row", className: "room-name", text: room.name }),
    ...room.cells.map((cell, col) => {
      const day = data.days[col];
      const classes = ["cell", day.today ? "is-today" : "", cell.closed ? "is-closed" : "",
        cell.unconfirmed ? "is-unconfirmed" : "", day.weekday >= 5 ? "is-weekend" : ""].filter(Boolean).join(" ");
      return el("td", { className: classes, tabindex: "-1", "aria-label": cellLabel(room, day, cell),
        dataset: { row: String(row), col: String(col), date: cell.date, room: room.room_id } },
      cell.entries.map(entryNode));
    }),
  ]));
  return el("table", { className: `calendar-grid view-${view}`, role: "grid", "aria-labelledby": labelledBy,
    "aria-rowcount": String(data.rooms.length + 1), "aria-colcount": String(data.days.length + 1) }, [
    el("thead", {}, head), el("tbody", {}, rows)]);
}
