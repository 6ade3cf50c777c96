// Links only an owner may follow (the console's Accounts link, [data-owner-only]): shown once GET /api/session says
// the signed-in account is an owner, hidden otherwise. Only a convenience: the API refuses managers and viewers
// anyway (403), and the Accounts page says so itself.

import { request } from "./api.js";

// The signed-in account ({email, role}) for `token`, or null without a token or when the token opens nothing.
export async function currentAccount(token) {
  if (!token) return null;
  try {
    return await request("GET", "/api/session", { token });
  } catch (_refused) {
    return null;
  }
}

export async function showOwnerLinks(token) {
  const account = await currentAccount(token);
  const owner = account !== null && account.role === "owner";
  document.querySelectorAll("[data-owner-only]").forEach((node) => { node.hidden = !owner; });
  return account;
}
