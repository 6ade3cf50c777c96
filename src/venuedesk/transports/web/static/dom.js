// Tiny DOM helpers. We never assign innerHTML: all text goes in through text nodes, so it is always escaped.

export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "className") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of [].concat(children)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function show(node, visible) {
  node.hidden = !visible;
}

// `CHF 1’080.00` in `locale` (a BCP 47 tag such as de-CH or en-CH).
export function formatMoney(value, locale = "en-CH") {
  const number = Number(value);
  if (value === null || value === undefined || value === "" || Number.isNaN(number)) return "—";
  return `CHF ${number.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

// Times are shown in the venue's time zone (Europe/Zurich), whatever the browser's, with `locale`'s month names.
export function formatDateTime(value, locale = "en-CH") {
  if (!value) return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleString(locale, {
    day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/Zurich",
  });
}

// A calendar date (`2026-02-12`) as `12 Feb 2026` in `locale`; it is a day, not a moment, so no time zone moves it.
export function formatDate(value, locale = "en-CH") {
  if (!value) return "—";
  const date = new Date(`${String(value).slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleDateString(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}
