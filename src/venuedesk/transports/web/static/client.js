// The client chat page: start a thread, send messages and action clicks, render replies,
// and poll while the thread waits for the venue (HIL) so the approved offer appears by itself.

import { ApiError, download, newKey, request } from "./api.js";
import { clear, el, show } from "./dom.js";
import { current, nextWords, preferredLanguage, t, useLanguage, venueName } from "./i18n.js";
import { STEPS, WAITING, renderFooter, renderReplyContent, sameSite, stateClass, stepName } from "./reply.js";
import { session } from "./session.js";

const POLL_MS = 3000;
const NETWORK_ERROR = "Cannot reach the venue desk. Check your connection and try again.";
const $ = (id) => document.getElementById(id);
const ui = {
  messages: $("messages"), waiting: $("waiting"), error: $("error"), form: $("composer"),
  message: $("message"), send: $("send"), email: $("email"), emailRow: $("email-row"),
  emailKnown: $("email-known"), emailValue: $("email-value"), emailChange: $("email-change"),
  stepper: $("stepper"), status: $("status"), newConversation: $("new-conversation"), booking: $("booking"),
};
// The booking's lifecycle in client words (`ui.booking.<status>`); a Lead has no booking yet, so nothing is shown.
const BOOKING_WORDS = { Option: "Reserved for you as an option", Confirmed: "Confirmed", Cancelled: "Cancelled",
  Lost: "Declined" };

const seen = new Set();       // turn_ids already on screen
const footers = new Map();    // footer element -> the Reply footer it shows (re-rendered on a language change)
let lastFooter = null;        // the newest Reply footer (the status line)
let bookingStatus = null;     // the event's lifecycle status as last read from the thread
let deliveries = 0;           // replies received by sending; a thread read that started before one is stale
let busy = false;
let pollTimer = null;
let pending = null;           // {text, key}: reuse the Idempotency-Key when a failed send is retried

// ---- rendering -------------------------------------------------------------------------------

function renderStepper(footer) {
  clear(ui.stepper);
  const current = footer ? footer.step : 1;
  STEPS.forEach((_machineName, index) => {
    const step = index + 1;
    const label = stepName(step);
    const state = step < current ? "done" : step === current ? "current" : "todo";
    ui.stepper.append(el("li", {
      className: `step step-${state}`,
      "aria-current": state === "current" ? "step" : null,
    }, [el("span", { className: "step-dot", "aria-hidden": "true", text: String(step) }),
      el("span", { className: "step-label", text: label })]));
  });
}

// Before the first reply the status line shows where every conversation starts.
function initialFooter() {
  return { step: 1, next: nextWords().describe || "tell us about your event", state: "Awaiting Client" };
}

function setStatus(reply) {
  if (!reply || !reply.footer) return;
  lastFooter = reply.footer;
  showStatus(reply.footer);
}

function showStatus(footer) {
  renderStepper(footer);
  const line = renderFooter(footer, "");
  clear(ui.status).append(...line.childNodes);
  ui.status.className = `status-line state-${stateClass(footer.state)}`;
}

function showBooking(status) {
  bookingStatus = status || null;
  const words = BOOKING_WORDS[bookingStatus];
  clear(ui.booking);
  if (words) {
    ui.booking.append(`${t("booking.label", "Your booking:")} `, el("strong", {
      className: `booking-${bookingStatus.toLowerCase()}`, text: t(`booking.${bookingStatus.toLowerCase()}`, words) }));
  }
  show(ui.booking, Boolean(words));
}

// The speaker of every desk message is the venue (never an internal agent name).
function speaker() {
  return venueName() || "Venue desk";
}

// After a language change: the page's own words, the stepper, the status line and every footer again.
function relabel() {
  showStatus(lastFooter || initialFooter());
  showBooking(bookingStatus);
  for (const [node, footer] of [...footers]) {
    if (node.isConnected) node.replaceWith(trackFooter(footer));
    footers.delete(node);
  }
  for (const agent of ui.messages.querySelectorAll(".msg-desk .agent")) agent.textContent = speaker();
  ui.send.textContent = busy ? t("sending", "Sending…") : t("send", "Send");
}

function trackFooter(footer) {
  const node = renderFooter(footer, "");
  footers.set(node, footer);
  return node;
}

// Follow the conversation's language (the server names it in Content-Language and the thread view).
async function followLanguage(language) {
  if (!language || language === current()) return;
  session.setLanguage(language);
  await useLanguage(language);
  relabel();
}

function appendClient(text, { action = false, pending: isPending = false } = {}) {
  const classes = ["msg", "msg-client", action ? "msg-action" : "", isPending ? "is-pending" : ""];
  const item = el("li", { className: classes.filter(Boolean).join(" ") }, [
    el("span", { className: "sr-only", text: t("you", "You: ") }),
    el("div", { className: "bubble", text }),
  ]);
  ui.messages.append(item);
  item.scrollIntoView({ block: "end" });
  return item;
}

function appendReply(reply) {
  if (reply.turn_id && seen.has(reply.turn_id)) return null;
  if (reply.turn_id) seen.add(reply.turn_id);
  const bubble = el("div", { className: "bubble" }, renderReplyContent(reply,
    { onAction: runAction, onDownload: downloadFile, onOpenThread: openThread, downloadHref: calendarPath() }));
  bubble.append(reply.footer ? trackFooter(reply.footer) : renderFooter(null, reply.footer_text));
  const item = el("li", { className: "msg msg-desk", tabindex: "-1", dataset: { turn: reply.turn_id || "" } }, [
    el("span", { className: "agent", text: speaker() }),
    bubble,
  ]);
  ui.messages.append(item);
  item.scrollIntoView({ block: "start" });
  setStatus(reply);
  return item;
}

function showError(message) {
  ui.error.textContent = message;
  show(ui.error, Boolean(message));
}

function setBusy(value) {
  busy = value;
  ui.send.disabled = value;
  ui.send.textContent = value ? t("sending", "Sending…") : t("send", "Send");
  document.body.classList.toggle("is-busy", value);
  for (const button of ui.messages.querySelectorAll("button[data-action]")) button.disabled = value;
}

function refreshEmail() {
  const email = session.email();
  show(ui.emailRow, !email);
  show(ui.emailKnown, Boolean(email));
  ui.emailValue.textContent = email;
}

// ---- waiting on the venue --------------------------------------------------------------------

function setWaiting(waiting) {
  const appearing = waiting && ui.waiting.hidden;
  show(ui.waiting, waiting);
  if (appearing) ui.waiting.scrollIntoView({ block: "nearest" });
  if (waiting && pollTimer === null) pollTimer = window.setInterval(poll, POLL_MS);
  if (!waiting && pollTimer !== null) {
    window.clearInterval(pollTimer);
    pollTimer = null;
  }
}

async function poll() {
  const thread = session.thread();
  if (!thread || busy) return;
  try {
    await sync(thread);
    if (!busy) showError("");
  } catch (error) {
    showError(error.message);
  }
}

// Fetch the thread and add replies we have not shown yet (for example the approved offer).
async function sync(thread) {
  const before = deliveries;
  const data = await request("GET", `/api/threads/${encodeURIComponent(thread.thread_id)}`,
    { token: thread.client_token, networkError: t("error_network", NETWORK_ERROR) });
  if (before !== deliveries) return; // a message was answered meanwhile: this read is older than what is shown
  await followLanguage(data.language);
  const replies = data.replies || [];
  for (const reply of replies) {
    if (appendReply(reply)) session.record({ kind: "desk", reply });
  }
  const last = replies[replies.length - 1];
  showBooking(data.event && data.event.status);
  const state = (data.event && data.event.thread_state) || (last && last.footer && last.footer.state);
  setWaiting(state === WAITING);
}

// ---- sending -----------------------------------------------------------------------------------

async function ensureThread() {
  const existing = session.thread();
  if (existing) return existing;
  const created = await request("POST", "/api/threads", { body: {} });
  session.setThread(created);
  return created;
}

// Show the client's bubble at once (marked pending), send, then show the desk's reply.
// On failure the bubble goes away again and the error is shown inline.
async function deliver(path, body, key, clientEntry) {
  const bubble = appendClient(clientEntry.text, { action: Boolean(clientEntry.action), pending: true });
  let reply;
  let thread;
  try {
    thread = await ensureThread();
    let language = null;
    reply = await request("POST", `/api/threads/${encodeURIComponent(thread.thread_id)}/${path}`,
      { token: thread.client_token, body, key, onLanguage: (value) => { language = value; },
        networkError: t("error_network", NETWORK_ERROR) });
    await followLanguage(language);
  } catch (error) {
    bubble.remove();
    throw error;
  }
  deliveries += 1;
  bubble.classList.remove("is-pending");
  session.record(clientEntry);
  const item = appendReply(reply);
  if (item) session.record({ kind: "desk", reply });
  setWaiting(Boolean(reply.footer && reply.footer.state === WAITING));
  // The booking's status is in the thread view, not in a Reply: read it in the background (never blocking a click).
  if (reply.footer && reply.footer.step >= 4) sync(thread).catch(() => null);
  return item;
}

async function sendMessage(event) {
  event.preventDefault();
  if (busy) return;
  const text = ui.message.value.trim();
  if (!text) {
    showError(t("error_empty", "Please write a message first."));
    ui.message.focus();
    return;
  }
  const email = session.email() || ui.email.value.trim();
  if (!session.email() && email && !ui.email.checkValidity()) {
    showError(t("error_email", "That email address does not look right."));
    ui.email.focus();
    return;
  }
  if (!pending || pending.text !== text) pending = { text, key: newKey() };
  const body = email ? { text, from: email } : { text };
  showError("");
  setBusy(true);
  try {
    await deliver("messages", body, pending.key, { kind: "client", text });
    if (email && !session.email()) session.setEmail(email);
    refreshEmail();
    ui.message.value = "";
    pending = null;
  } catch (error) {
    handleError(error);
  } finally {
    setBusy(false);
    ui.message.focus();
  }
}

async function runAction(action) {
  if (busy) return;
  showError("");
  setBusy(true);
  let item = null;
  try {
    const label = action.label || action.name;
    const body = { name: action.name, args: action.args || {} };
    item = await deliver("actions", body, newKey(), { kind: "client", text: label, action: true });
  } catch (error) {
    handleError(error);
  } finally {
    setBusy(false);
  }
  if (item) item.focus({ preventScroll: true });
}

function calendarPath(thread = session.thread()) {
  return thread ? `/api/threads/${encodeURIComponent(thread.thread_id)}/calendar.ics` : null;
}

// The .ics invite: fetched with the thread's token (a plain link could not send it), then saved by the browser.
async function downloadFile(action, link) {
  const thread = session.thread();
  if (!thread) return;
  showError("");
  link.setAttribute("aria-busy", "true");
  try {
    const { blob, filename } = await download(sameSite(action.url) || calendarPath(thread),
      { token: thread.client_token, networkError: t("error_network", NETWORK_ERROR) });
    const url = URL.createObjectURL(blob);
    const save = el("a", { href: url, download: filename || "booking.ics", hidden: true });
    document.body.append(save);
    save.click();
    save.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (error) {
    showError(error.message || t("error_download", "The calendar file could not be downloaded. Please try again."));
  } finally {
    link.removeAttribute("aria-busy");
  }
}

// A separate inquiry's thread shares the client's token: the page switches its conversation to it and shows its
// replies (the link's `?thread=` does the same when the page is opened with it).
async function openThread(action) {
  const threadId = action.args && action.args.thread_id;
  await switchThread(threadId);
}

async function switchThread(threadId) {
  const current = session.thread();
  if (!current || !threadId || threadId === current.thread_id || busy) return;
  startOver();
  session.setThread({ thread_id: threadId, client_token: current.client_token });
  try {
    await sync(session.thread());
  } catch (error) {
    handleError(error);
  }
}

function handleError(error) {
  if (error instanceof ApiError && (error.status === 401 || error.status === 404) && session.thread()) {
    session.reset();
    showError(`${error.message} ${t("error_gone", "This conversation is no longer available; your next message starts a new one.")}`);
    return;
  }
  showError(error.message || t("error_generic", "Something went wrong. Please try again."));
}

// ---- start-up ----------------------------------------------------------------------------------

function onKeydown(event) {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ui.form.requestSubmit();
  }
}

function startOver() {
  session.reset();
  setWaiting(false);
  seen.clear();
  pending = null;
  for (const item of [...ui.messages.children]) {
    if (!item.classList.contains("msg-intro")) item.remove();
  }
  footers.clear();
  lastFooter = null;
  showBooking(null);
  showStatus(initialFooter());
  showError("");
  ui.message.focus();
}

async function restore() {
  for (const entry of session.transcript()) {
    if (entry.kind === "client") appendClient(entry.text, { action: Boolean(entry.action) });
    else if (entry.reply) appendReply(entry.reply);
  }
  const thread = session.thread();
  if (!thread) return;
  try {
    await sync(thread);
  } catch (error) {
    handleError(error);
  }
}

ui.form.addEventListener("submit", sendMessage);
ui.message.addEventListener("keydown", onKeydown);
ui.emailChange.addEventListener("click", () => {
  ui.email.value = session.email();
  session.setEmail("");
  refreshEmail();
  ui.email.focus();
});
ui.newConversation.addEventListener("click", startOver);

async function start() {
  showStatus(initialFooter());
  refreshEmail();
  try {
    await useLanguage(preferredLanguage(session.language()));
  } catch (_error) {
    // The page's words could not be loaded: it stays in English, which is its built-in text.
  }
  relabel();
  await restore();
  const params = new URLSearchParams(window.location.search);
  if (params.has("thread")) {
    window.history.replaceState(null, "", window.location.pathname);
    await switchThread(params.get("thread"));
  }
}

start();
