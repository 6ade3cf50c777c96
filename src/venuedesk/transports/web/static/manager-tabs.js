// The console's navigation (#console-nav: the same links in the header of /manager and /manager/calendar). On
// /manager its "Tasks and events" and "Pipeline" links (data-view) show their view without leaving the page, keep it
// in the address (/manager#desk, /manager#pipeline: reload, back and a link from the calendar page land on it) and
// mark it aria-current="page"; the view's heading takes the focus, so a keyboard user continues there. Showing a view
// dispatches `console-tab` on document with its name, so each view's module loads when shown.

const nav = document.getElementById("console-nav");
const HEADINGS = { desk: "tasks-title", pipeline: "pipeline-title" };
const links = () => [...nav.querySelectorAll("a[data-view]")];

// The view an address shows: #pipeline the pipeline; anything else (#desk, #task=…, #thread=…, none) the desk.
export const viewOf = (hash) => (hash === "#pipeline" ? "pipeline" : "desk");

export const headingOf = (name) => document.getElementById(HEADINGS[name] || HEADINGS.desk);

export function showTab(name, { focus = false } = {}) {
  for (const link of links()) {
    if (link.dataset.view === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  for (const panel of document.querySelectorAll("[data-tab-panel]")) panel.hidden = panel.dataset.tabPanel !== name;
  if (focus) headingOf(name).focus();
  document.dispatchEvent(new CustomEvent("console-tab", { detail: name }));
}

export const shownTab = () => (links().find((link) => link.getAttribute("aria-current") === "page") || {}).dataset?.view;

function onClick(event) {
  const link = event.target.closest("a[data-view]");
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  if (window.location.hash !== link.hash) window.history.pushState(null, "", link.hash);
  showTab(link.dataset.view, { focus: true });
}

if (nav && !nav.dataset.ready) {
  nav.dataset.ready = "true";
  nav.addEventListener("click", onClick);
  window.addEventListener("hashchange", () => showTab(viewOf(window.location.hash)));
  window.addEventListener("popstate", () => showTab(viewOf(window.location.hash)));
  // After every module has added its `console-tab` listener: show the view the address names.
  window.setTimeout(() => showTab(viewOf(window.location.hash)), 0);
}
