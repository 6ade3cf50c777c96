// The client page's own words in the conversation's language. They come from the server's gettext catalogue
// (GET /i18n/<lang>.json renders the `ui.*` messages of locale/<lang>/LC_MESSAGES/venuedesk.po), so the page
// and the desk's replies share one source. Until a language is loaded, t() returns the English fallback given
// by the caller. The manager console loads the manager's chosen language the same way (manager-language.js).

import { renderMarkdown } from "./markdown.js";

let words = {};
let next = {};
let language = "en";
let venue = "";
let locale = "en-CH";
let languages = ["en"];

export const current = () => language;
// The loaded language's CLDR locale as a BCP 47 tag for Intl (`de_CH` → `de-CH`).
export const intlLocale = () => locale;
// The languages the catalogue has (`["de", "en"]`), known once a language is loaded.
export const available = () => languages;
export const venueName = () => venue;
// The footer's `Next:` words by key (`describe` → "tell us about your event"), for the status before any reply.
export const nextWords = () => next;

// `Step {step} of {steps}` with {name} placeholders filled from `values`.
export function t(key, fallback = "", values = {}) {
  const template = Object.prototype.hasOwnProperty.call(words, key) ? words[key] : String(fallback ?? "");
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

// The conversation's stored language, else the browser's first preferred language (the server answers in
// English for a language it has no catalogue for), else English.
export function preferredLanguage(stored) {
  if (stored) return stored;
  const tags = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  const code = String(tags[0] || "en").toLowerCase().split("-")[0];
  return /^[a-z]{2,3}$/.test(code) ? code : "en";
}

// Load `lang` (the server falls back to English for a language it does not have) and relabel the page.
export async function useLanguage(lang) {
  if (lang === language && Object.keys(words).length > 0) return language;
  const response = await fetch(`/i18n/${encodeURIComponent(lang)}.json`, { cache: "no-store" });
  if (!response.ok) return language;
  const data = await response.json();
  words = data.strings || {};
  next = data.next || {};
  language = data.language || "en";
  venue = data.venue || "";
  locale = String(data.locale || `${language}_CH`).replace(/_/g, "-");
  languages = Array.isArray(data.languages) && data.languages.length ? data.languages : [language];
  applyToPage();
  return language;
}

// Elements carry their message key: data-i18n (text), data-i18n-md (markdown), data-i18n-placeholder,
// data-i18n-label (aria-label). The English text in the HTML is the fallback.
export function applyToPage(root = document) {
  document.documentElement.lang = language;
  for (const node of root.querySelectorAll("[data-i18n]")) {
    node.textContent = t(node.dataset.i18n, node.textContent, { venue });
  }
  for (const node of root.querySelectorAll("[data-i18n-md]")) {
    const text = t(node.dataset.i18nMd, "");
    if (text) node.replaceChildren(renderMarkdown(text));
  }
  for (const node of root.querySelectorAll("[data-i18n-placeholder]")) {
    node.placeholder = t(node.dataset.i18nPlaceholder, node.placeholder);
  }
  for (const node of root.querySelectorAll("[data-i18n-label]")) {
    node.setAttribute("aria-label", t(node.dataset.i18nLabel, node.getAttribute("aria-label") || ""));
  }
  const title = document.querySelector("title[data-i18n-title]");
  if (title && venue) document.title = t("html_title", document.title, { venue });
  const brand = document.getElementById("venue-name");
  if (brand && venue) brand.textContent = venue;
}
