// What the client page remembers for this browser tab (sessionStorage): thread, email, transcript, language.

const THREAD = "venuedesk.thread";
const EMAIL = "venuedesk.email";
const TRANSCRIPT = "venuedesk.transcript";
const LANGUAGE = "venuedesk.language";

function read(key, fallback) {
  try {
    const raw = sessionStorage.getItem(key);
    return raw === null ? fallback : JSON.parse(raw);
  } catch (_error) {
    return fallback;
  }
}

function write(key, value) {
  try {
    sessionStorage.setItem(key, JSON.stringify(value));
  } catch (_error) {
    // Storage full or disabled: the page still works, it just forgets on reload.
  }
}

export const session = {
  thread: () => read(THREAD, null),
  setThread: (thread) => write(THREAD, { thread_id: thread.thread_id, client_token: thread.client_token }),
  email: () => read(EMAIL, ""),
  setEmail: (email) => write(EMAIL, email),
  language: () => read(LANGUAGE, ""),
  setLanguage: (language) => write(LANGUAGE, language),
  transcript: () => read(TRANSCRIPT, []),
  record: (entry) => write(TRANSCRIPT, [...read(TRANSCRIPT, []), entry]),
  reset() {
    sessionStorage.removeItem(THREAD);
    sessionStorage.removeItem(TRANSCRIPT);
    sessionStorage.removeItem(LANGUAGE);
  },
};
