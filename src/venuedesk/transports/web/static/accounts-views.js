// Views of the Accounts page (accounts.js): the accounts table with each row's role and disable controls, and the
// recent account changes. Every name and email is user input: it goes in as text only (dom.js never uses innerHTML).

import { el, formatDateTime } from "./dom.js";
import { intlLocale, t } from "./i18n.js";
import { tableElement } from "./reply.js";

// The roles in the order they are offered, each with its message key and English name.
export const ROLES = {
  owner: ["console.accounts.role.owner", "Owner"],
  manager: ["console.accounts.role.manager", "Manager"],
  viewer: ["console.accounts.role.viewer", "Viewer"],
};
const ACCOUNT_COLUMNS = [["console.accounts.column.email", "Email"], ["console.accounts.column.role", "Role"],
  ["console.accounts.column.status", "Status"], ["console.accounts.column.last_sign_in", "Last sign-in"],
  ["console.accounts.column.created", "Created"]];
const CHANGE_COLUMNS = [["console.accounts.column.at", "When"], ["console.accounts.column.account", "Account"],
  ["console.accounts.column.change", "Change"], ["console.accounts.column.by", "By"]];
export const RECENT = 20; // changes shown, newest first (the page asks the API for no more)

const words = (pairs) => pairs.map(([key, english]) => t(key, english));
export const roleName = (role) => (role in ROLES ? t(...ROLES[role]) : String(role));
const when = (value) => formatDateTime(value, intlLocale());

// <option>s for a role <select>, `selected` chosen.
export function roleOptions(selected) {
  return Object.keys(ROLES).map((role) => el("option", { value: role, text: roleName(role),
    selected: role === selected }));
}

function statusBadge(user) {
  return user.disabled_at
    ? el("span", { className: "badge badge-disabled", text: t("console.accounts.disabled", "Disabled"),
      title: when(user.disabled_at) })
    : el("span", { className: "badge badge-active", text: t("console.accounts.active", "Active") });
}

// The row's actions: a role select with its Save button, and Disable; a disabled account has Enable only.
function rowActions(user, handlers) {
  if (user.disabled_at) {
    const enable = el("button", { type: "button", className: "btn btn-secondary",
      "aria-label": t("console.accounts.enable_of", "Enable {email} again", { email: user.email }),
      text: t("console.accounts.enable_short", "Enable") });
    enable.addEventListener("click", () => handlers.enable(user, enable));
    return el("div", { className: "account-actions" }, [enable]);
  }
  const id = `role-${user.id}`;
  const select = el("select", { id, name: "role", className: "role-select" }, roleOptions(user.role));
  const save = el("button", { type: "submit", className: "btn btn-secondary",
    "aria-label": t("console.accounts.save_role_of", "Save the role of {email}", { email: user.email }),
    text: t("console.accounts.save_role", "Save role") });
  const form = el("form", { className: "role-form", dataset: { user: String(user.id) } }, [
    el("label", { for: id, className: "sr-only",
      text: t("console.accounts.role_of", "Role of {email}", { email: user.email }) }), select, save]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    handlers.role(user, select.value, save);
  });
  const disable = el("button", { type: "button", className: "btn btn-danger",
    "aria-label": t("console.accounts.disable_of", "Disable {email}", { email: user.email }),
    text: t("console.accounts.disable_short", "Disable") });
  disable.addEventListener("click", () => handlers.disable(user, disable));
  return el("div", { className: "account-actions" }, [form, disable]);
}

// handlers: {role(user, newRole, button), disable(user, button), enable(user, button)}; `me` is the signed-in
// account's email.
export function accountsTable(users, me, handlers) {
  if (users.length === 0) return el("p", { className: "empty", text: t("console.accounts.none", "No accounts yet.") });
  const rows = users.map((user) => [
    el("span", { className: "account-email" }, [user.email, user.email === me
      ? el("span", { className: "hint", text: ` ${t("console.accounts.you", "(you)")}` }) : null]),
    el("span", { className: "nowrap", text: roleName(user.role), dataset: { part: "role" } }),
    statusBadge(user),
    el("span", { className: "nowrap", text: user.last_sign_in_at ? when(user.last_sign_in_at)
      : t("console.accounts.never", "Never") }),
    el("span", { className: "nowrap", text: when(user.created_at) }),
    rowActions(user, handlers),
  ]);
  const table = tableElement(t("console.accounts.list", "Accounts"), words(ACCOUNT_COLUMNS), rows,
    { extraColumn: t("console.accounts.actions", "Actions") });
  table.querySelectorAll("tbody tr").forEach((row, index) => { row.dataset.user = String(users[index].id); });
  return table;
}

// What a change did, in words: "Created as Manager", "Role: Owner → Viewer", "Disabled", "Signed out".
export function changeText(change) {
  const after = change.after || {};
  const before = change.before || {};
  if (change.action === "created") {
    return t("console.accounts.change.created", "Created as {role}", { role: roleName(after.role) });
  }
  if (change.action === "role_changed") {
    return t("console.accounts.change.role_changed", "Role: {before} → {after}",
      { before: roleName(before.role), after: roleName(after.role) });
  }
  const simple = {
    disabled: ["console.accounts.change.disabled", "Disabled"],
    enabled: ["console.accounts.change.enabled", "Enabled again"],
    token_issued: ["console.accounts.change.token_issued", "New personal token"],
    logged_out: ["console.accounts.change.logged_out", "Signed out"],
  };
  return change.action in simple ? t(...simple[change.action]) : String(change.action);
}

// The newest RECENT changes, newest first (the API lists them oldest first).
export function changesTable(changes) {
  if (changes.length === 0) {
    return el("p", { className: "empty", text: t("console.accounts.no_changes", "No account changes yet.") });
  }
  const recent = changes.slice(-RECENT).reverse();
  const rows = recent.map((change) => [
    el("span", { className: "nowrap", text: when(change.changed_at) }),
    el("span", { className: "account-email", text: change.email }),
    changeText(change),
    el("span", { className: "account-email", text: change.changed_by }),
  ]);
  return tableElement(t("console.accounts.changes_caption", "Recent account changes, newest first"),
    words(CHANGE_COLUMNS), rows);
}
