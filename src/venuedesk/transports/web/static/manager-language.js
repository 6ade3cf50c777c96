// The manager console's language: the manager's stored choice, else the browser's preferred language if the
// catalogue has it (the server answers in English otherwise). The header's select switches it; the choice is
// kept in localStorage, so it survives a reload and a new sign-in. The console's API calls ask for the same language
// (Accept-Language), so the server's texts follow it.

import { useAnswerLanguage } from "./api.js";
import { el } from "./dom.js";
import { available, current, preferredLanguage, t, useLanguage } from "./i18n.js";

const STORED = "venuedesk.manager_language";

function stored() {
  try {
    return localStorage.getItem(STORED);
  } catch (_blocked) {
    return null; // storage disabled: follow the browser
  }
}

function remember(language) {
  try {
    localStorage.setItem(STORED, language);
  } catch (_blocked) {
    // storage disabled: the choice lasts until the page is left
  }
}

// A language's name in itself ("Deutsch", "English"), so a manager can find their own in any console language.
export function languageName(code) {
  try {
    const name = new Intl.DisplayNames([code], { type: "language" }).of(code) || code;
    return name.charAt(0).toUpperCase() + name.slice(1);
  } catch (_unknown) {
    return code;
  }
}

// Elements with data-i18n-code: the message's {placeholders} become <code> elements holding the value named in
// data-code-<placeholder>, so `Set with {env}` keeps its code formatting in every language.
function applyCode(root = document) {
  for (const node of root.querySelectorAll("[data-i18n-code]")) {
    const template = t(node.dataset.i18nCode, "");
    if (!template) continue;
    const parts = template.split(/\{(\w+)\}/).map((part, index) => (index % 2 === 1
      ? el("code", { text: node.dataset[`code${part.charAt(0).toUpperCase()}${part.slice(1)}`] || `{${part}}` })
      : part));
    node.replaceChildren(...parts.filter((part) => part !== ""));
  }
}

function fill(select) {
  select.replaceChildren(...available().map((code) => el("option", { value: code, text: languageName(code) })));
  select.value = current();
}

async function load(language) {
  const loaded = await useLanguage(language);
  applyCode();
  useAnswerLanguage(loaded);
  return loaded;
}

// Load the console's language, fill the select, and call onChange(language) after each switch.
export async function startLanguage(select, onChange) {
  try {
    await load(stored() || preferredLanguage(null));
  } catch (_offline) {
    // The catalogue is unreachable: the English in the HTML stays.
    useAnswerLanguage(current());
  }
  fill(select);
  select.addEventListener("change", async () => {
    const language = await load(select.value);
    remember(language);
    fill(select);
    onChange(language);
  });
}
