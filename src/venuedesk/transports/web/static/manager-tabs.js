// The console's tabs (WAI-ARIA tabs pattern): the buttons of #console-tabs (role=tab, data-tab=<name>) show the
// elements marked data-tab-panel=<name> and hide the others; arrow keys, Home and End move between tabs. Showing a
// tab dispatches `console-tab` on document with the tab's name, so each tab's module loads its view when shown.

const list = document.getElementById("console-tabs");
const tabs = () => [...list.querySelectorAll("[role=tab]")];

export function showTab(name, { focus = false } = {}) {
  for (const tab of tabs()) {
    const selected = tab.dataset.tab === name;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    if (selected && focus) tab.focus();
  }
  for (const panel of document.querySelectorAll("[data-tab-panel]")) panel.hidden = panel.dataset.tabPanel !== name;
  document.dispatchEvent(new CustomEvent("console-tab", { detail: name }));
}

export const shownTab = () => (tabs().find((tab) => tab.getAttribute("aria-selected") === "true") || {}).dataset?.tab;

function onKey(event) {
  const all = tabs();
  const at = all.indexOf(document.activeElement);
  if (at < 0) return;
  const moves = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: all.length - 1 };
  if (!(event.key in moves)) return;
  event.preventDefault();
  const next = all[(moves[event.key] + all.length) % all.length];
  showTab(next.dataset.tab, { focus: true });
}

if (list && !list.dataset.ready) {
  list.dataset.ready = "true";
  list.addEventListener("click", (event) => {
    const tab = event.target.closest("[role=tab]");
    if (tab) showTab(tab.dataset.tab);
  });
  list.addEventListener("keydown", onKey);
}
