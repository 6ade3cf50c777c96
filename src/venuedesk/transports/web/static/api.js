// A small fetch wrapper for the venuedesk JSON API.
// Errors come back as {"error": {"code", "message", "field"?}}; we turn them into ApiError.

export class ApiError extends Error {
  constructor(message, { status = 0, code = "network_error", field = null } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

// A page served under /v/{venue}/ speaks to that venue's API (docs/tenancy.md); elsewhere to the default venue's.
const VENUE_PREFIX = (window.location.pathname.match(/^\/v\/[a-z0-9][a-z0-9-]*(?=\/|$)/) || [""])[0];

// The language the API should answer in (Accept-Language), or null to leave the browser's own header. The manager
// console sets its chosen language, so the server's texts (a task's reason, the edit rule, the audit, notices and
// error messages) match the console; the client page leaves it, since a thread answers in the conversation's language.
let answerLanguage = null;

export function useAnswerLanguage(language) {
  answerLanguage = language || null;
}

// crypto.randomUUID only exists in secure contexts (https, localhost); fall back to getRandomValues.
export function newKey() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") {
    return window.crypto.randomUUID();
  }
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function errorFrom(response) {
  let message = `The server answered ${response.status} ${response.statusText}.`;
  let code = `http_${response.status}`;
  let field = null;
  try {
    const data = await response.json();
    if (data && data.error) {
      message = data.error.message || message;
      code = data.error.code || code;
      field = data.error.field || null;
    } else if (data && typeof data.detail === "string") {
      message = data.detail;
    }
  } catch (_ignored) {
    // Not JSON: keep the status line.
  }
  return new ApiError(message, { status: response.status, code, field });
}

// request("POST", "/api/threads", {token, body, key, onLanguage}) -> parsed JSON (or null for 204).
// onLanguage(lang) is called with the response's Content-Language (the conversation's language), if any.
export async function request(method, path, options = {}) {
  const response = await send(method, path, options);
  const language = response.headers.get("Content-Language");
  if (language && options.onLanguage) options.onLanguage(language);
  if (response.status === 204) return null;
  return response.json();
}

// requestPage("/api/hil/tasks?limit=20&offset=0", {token}) -> {items, total}: one page of a paged list, with
// the total the server reports in X-Total-Count.
export async function requestPage(path, options = {}) {
  const response = await send("GET", path, options);
  const items = await response.json();
  const total = Number.parseInt(response.headers.get("X-Total-Count") || "", 10);
  return { items: Array.isArray(items) ? items : [], total: Number.isNaN(total) ? items.length : total };
}

async function send(method, path, { token = null, body = undefined, key = null, accept = "application/json",
  networkError = "Cannot reach the venue desk. Check your connection and try again." } = {}) {
  const headers = { Accept: accept };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  if (key) headers["Idempotency-Key"] = key;
  if (answerLanguage) headers["Accept-Language"] = answerLanguage;
  let response;
  try {
    response = await fetch(path.startsWith("/api/") ? VENUE_PREFIX + path : path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch (_error) {
    throw new ApiError(networkError);
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

// download("/api/threads/t/calendar.ics", {token}) -> {blob, filename}: a file the token opens, with the name from
// Content-Disposition (or the path's last part).
export async function download(path, options = {}) {
  const response = await send("GET", path, { ...options, accept: "*/*" });
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = /filename="?([^";]+)"?/i.exec(disposition);
  return { blob: await response.blob(), filename: match ? match[1] : path.split("/").pop() };
}

// Lists may come bare or wrapped ({tasks: [...]}, {events: [...]}); accept both.
export function listFrom(data, ...keys) {
  if (Array.isArray(data)) return data;
  for (const key of keys) {
    if (data && Array.isArray(data[key])) return data[key];
  }
  return [];
}
