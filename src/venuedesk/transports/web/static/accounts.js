// The console's Accounts page (/manager/accounts, docs/accounts.md): an owner lists the manager accounts, creates
// one with a role and an initial password, changes a role, disables an account after a confirmation, enables a
// disabled one again, and reads the recent account changes, all over /api/users with the console's sign-in (the
// token in sessionStorage). A manager or viewer is told that only an owner manages accounts; the API refuses them
// anyway.

import { ApiError, newKey, request } from "./api.js";
import { clear, show } from "./dom.js";
import { t } from "./i18n.js";
import { RECENT, accountsTable, changesTable, roleName, roleOptions } from "./accounts-views.js";
import { showOwnerLinks } from "./console-role.js";
import { startLanguage } from "./manager-language.js";

const TOKEN = "venuedesk.manager_token";
const $ = (id) => document.getElementById(id);
const ui = {
  signedOut: $("signed-out"), signedOutText: $("signed-out-text"), forbidden: $("forbidden"),
  forbiddenTitle: $("forbidden-title"), forbiddenText: $("forbidden-text"), accounts: $("accounts"),
  notice: $("notice"), error: $("error"), count: $("account-count"), list: $("account-list"), refresh: $("refresh"),
  createForm: $("create-form"), email: $("new-email"), role: $("new-role"), password: $("new-password"),
  createError: $("create-error"), created: $("created"), createdText: $("created-text"),
  createdToken: $("created-token"), createdDone: $("created-done"), changes: $("change-list"),
  dialog: $("confirm-disable"), confirmText: $("confirm-text"), language: $("language"), listTitle: $("list-title"),
};
const state = { me: null, users: [], changes: [] };

const token = () => sessionStorage.getItem(TOKEN);
const api = (method, path, body) => request(method, path, { token: token(), body, key: body ? newKey() : null });

function say(message) {
  ui.notice.textContent = message;
  show(ui.notice, Boolean(message));
}

function complain(message) {
  ui.error.textContent = message;
  show(ui.error, Boolean(message));
}

function signedOut(message) {
  sessionStorage.removeItem(TOKEN);
  if (message) ui.signedOutText.textContent = message;
  show(ui.accounts, false);
  show(ui.forbidden, false);
  show(ui.signedOut, true);
}

// The owner-only notice, with `message` or what the account's role is.
function forbidden(account, message = "") {
  ui.forbiddenText.textContent = message || t("console.accounts.forbidden",
    "Your account {email} has the role {role}. Ask an owner to create, change or disable accounts.",
    { email: account.email, role: roleName(account.role) });
  show(ui.accounts, false);
  show(ui.forbidden, true);
}

// An API error as the page's words: a 401 signs out, a 403 (the role changed meanwhile) shows the owner-only notice,
// anything else is said with the server's own message (the last owner's 409 says why and what to do).
function fail(error, prefix = "") {
  if (error instanceof ApiError && error.status === 401) {
    signedOut(t("console.sign_in_again", "{message} Please sign in again.", { message: error.message }));
    return;
  }
  if (error instanceof ApiError && error.status === 403 && state.me) {
    forbidden(state.me, error.message);
    ui.forbiddenTitle.focus();
    return;
  }
  const message = error.message || t("console.error_generic", "Something went wrong.");
  complain(prefix ? `${prefix} ${message}` : message);
}

function render() {
  const hadFocus = ui.list.contains(document.activeElement) ? document.activeElement : null;
  const focusKey = hadFocus ? hadFocus.closest("tr")?.dataset.user : null;
  ui.count.textContent = String(state.users.filter((user) => !user.disabled_at).length);
  const handlers = { role: changeRole, disable: askToDisable, enable: enableAccount };
  clear(ui.list).append(accountsTable(state.users, state.me.email, handlers));
  clear(ui.changes).append(changesTable(state.changes));
  if (focusKey) {
    const row = ui.list.querySelector(`tr[data-user="${CSS.escape(focusKey)}"]`);
    (row?.querySelector("button, select") || ui.listTitle).focus();
  }
}

async function load() {
  ui.list.setAttribute("aria-busy", "true");
  try {
    [state.users, state.changes] = await Promise.all([api("GET", "/api/users"),
      api("GET", `/api/users/changes?limit=${RECENT}`)]);
    render();
  } finally {
    ui.list.setAttribute("aria-busy", "false");
  }
}

// ---- changing a role -------------------------------------------------------------------------------------------

async function changeRole(user, role, button) {
  complain("");
  say("");
  if (role === user.role) {
    say(t("console.accounts.role_same", "{email} is {role} already.", { email: user.email, role: roleName(role) }));
    return;
  }
  button.disabled = true;
  try {
    await api("PUT", `/api/users/${encodeURIComponent(user.id)}/role`, { role });
    say(t("console.accounts.role_changed", "{email} is now {role}; it applies from their next request.",
      { email: user.email, role: roleName(role) }));
    await load();
    ui.list.querySelector(`tr[data-user="${CSS.escape(String(user.id))}"] .role-form button`)?.focus();
  } catch (error) {
    button.disabled = false;
    fail(error, t("console.accounts.role_failed", "The role of {email} stays {role}:",
      { email: user.email, role: roleName(user.role) }));
    const select = ui.list.querySelector(`tr[data-user="${CSS.escape(String(user.id))}"] select`);
    if (select) select.value = user.role;
  }
}

// ---- disabling, after a confirmation ---------------------------------------------------------------------------

function askToDisable(user, button) {
  complain("");
  say("");
  ui.confirmText.textContent = t("console.accounts.confirm_text",
    "{email} can no longer sign in, and their sessions and personal token stop working at once. An owner can enable the account again later; it then signs in with its password.",
    { email: user.email });
  ui.dialog.returnValue = "";
  ui.dialog.addEventListener("close", () => {
    if (ui.dialog.returnValue === "disable") disableAccount(user, button);
    else button.focus();
  }, { once: true });
  ui.dialog.showModal();
}

// POST /api/users/{id}/{action} from a row's button: on success the notice `done` and the list reloaded with the
// focus on its title; otherwise the API's words after `failed`, and the button back in use and focused.
async function accountAction(user, button, action, done, failed) {
  button.disabled = true;
  try {
    await api("POST", `/api/users/${encodeURIComponent(user.id)}/${action}`);
    say(done);
    await load();
    ui.listTitle.focus();
  } catch (error) {
    button.disabled = false;
    fail(error, failed);
    button.focus();
  }
}

function disableAccount(user, button) {
  const email = { email: user.email };
  return accountAction(user, button, "disable", t("console.accounts.disabled_done", "{email} is disabled.", email),
    t("console.accounts.disable_failed", "{email} stays enabled:", email));
}

// ---- enabling a disabled account again (no confirmation: it only gives back a sign-in with the password) --------

function enableAccount(user, button) {
  complain("");
  say("");
  const email = { email: user.email };
  return accountAction(user, button, "enable", t("console.accounts.enabled_done",
    "{email} is enabled again and signs in with their password; their old sessions and personal token stay ended.",
    email), t("console.accounts.enable_failed", "{email} stays disabled:", email));
}

// ---- creating an account ---------------------------------------------------------------------------------------

function fieldError(error) {
  const fields = { email: ui.email, password: ui.password };
  for (const [name, input] of Object.entries(fields)) {
    input.setAttribute("aria-invalid", String(error instanceof ApiError && error.field === name));
  }
  ui.createError.textContent = error.message;
  show(ui.createError, true);
  const wrong = error instanceof ApiError ? fields[error.field] : null;
  (wrong || ui.email).focus();
}

async function create(event) {
  event.preventDefault();
  show(ui.createError, false);
  const body = { email: ui.email.value.trim(), role: ui.role.value, password: ui.password.value };
  if (!body.email || !body.password) {
    fieldError(new ApiError(t("console.accounts.create_empty", "Enter the email and an initial password."),
      { field: body.email ? "password" : "email" }));
    return;
  }
  try {
    const made = await api("POST", "/api/users", body);
    ui.createForm.reset();
    [ui.email, ui.password].forEach((input) => input.removeAttribute("aria-invalid"));
    ui.createdText.textContent = t("console.accounts.created",
      "Account created: {email} as {role}. They sign in on the console with this email and the initial password.",
      { email: made.user.email, role: roleName(made.user.role) });
    ui.createdToken.value = made.token;
    show(ui.created, true);
    ui.created.focus();
    await load();
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) fail(error);
    else fieldError(error);
  }
}

function hideToken() {
  ui.createdToken.value = "";
  show(ui.created, false);
  ui.email.focus();
}

// ---- start -----------------------------------------------------------------------------------------------------

async function start() {
  if (!token()) {
    signedOut("");
    return;
  }
  const account = await showOwnerLinks(token());
  if (account === null) {
    signedOut(t("console.accounts.session_ended", "Your sign-in has ended. Please sign in again."));
    return;
  }
  state.me = account;
  if (account.role !== "owner") {
    forbidden(account);
    ui.forbiddenTitle.focus();
    return;
  }
  show(ui.accounts, true);
  await load();
}

function relabel() {
  clear(ui.role).append(...roleOptions(ui.role.value || "manager"));
  if (state.me && state.me.role === "owner" && !ui.accounts.hidden) render();
  else if (state.me && state.me.role !== "owner") forbidden(state.me);
}

ui.refresh.addEventListener("click", () => { say(""); complain(""); load().catch(fail); });
ui.createForm.addEventListener("submit", (event) => { create(event).catch(fail); });
ui.createdDone.addEventListener("click", hideToken);

await startLanguage(ui.language, relabel);
relabel();
start().catch(fail);
