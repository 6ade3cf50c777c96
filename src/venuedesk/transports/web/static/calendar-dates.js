// Calendar dates as ISO strings (`2026-03-09`): days, not moments, so all arithmetic is done in UTC and no time zone
// can move a day. Weeks start on Monday.

const asDate = (iso) => new Date(`${iso}T00:00:00Z`);
const asIso = (date) => date.toISOString().slice(0, 10);

export const isIsoDay = (value) => /^\d{4}-\d{2}-\d{2}$/.test(value || "") && !Number.isNaN(asDate(value).getTime());

export function addDays(iso, days) {
  const date = asDate(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return asIso(date);
}

export const weekStart = (iso) => addDays(iso, -((asDate(iso).getUTCDay() + 6) % 7));
export const monthStart = (iso) => `${iso.slice(0, 8)}01`;

export function addMonths(iso, months) {
  const date = asDate(monthStart(iso));
  date.setUTCMonth(date.getUTCMonth() + months);
  return asIso(date);
}

export function monthLength(iso) {
  const date = asDate(monthStart(iso));
  date.setUTCMonth(date.getUTCMonth() + 1);
  date.setUTCDate(0);
  return date.getUTCDate();
}

// The first day of the span of `view` ("week" or "month") that holds `iso`, and how many days it has.
export function spanOf(view, iso) {
  if (view === "month") return { from: monthStart(iso), days: monthLength(iso) };
  return { from: weekStart(iso), days: 7 };
}

// The same span one step (`step` = -1 or 1) earlier or later.
export const shift = (view, from, step) => (view === "month" ? addMonths(from, step) : addDays(from, 7 * step));

// `Tue 10` / `Tuesday, 10 March 2026` / `March 2026` in `locale`, read as a calendar day.
export function formatDay(iso, locale, options) {
  return asDate(iso).toLocaleDateString(locale, { ...options, timeZone: "UTC" });
}

// `9 – 15 March 2026` for a week, `March 2026` for a month.
export function spanText(view, from, to, locale) {
  if (view === "month") return formatDay(from, locale, { month: "long", year: "numeric" });
  const format = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  return typeof format.formatRange === "function" ? format.formatRange(asDate(from), asDate(to))
    : `${format.format(asDate(from))} – ${format.format(asDate(to))}`;
}
