// What the client page remembers for this browser tab (sessionStorage): thread, email, transcript.

const THREAD = "venuedesk.thread";
const EMAIL = "venuedesk.email";
const TRANSCRIPT = "venuedesk.transcript";

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
  transcript: () => read(TRANSCRIPT, []),
  record: (entry) => write(TRANSCRIPT, [...read(TRANSCRIPT, []), entry]),
  reset() {
    sessionStorage.removeItem(THREAD);
    sessionStorage.removeItem(TRANSCRIPT);
  },
};
