"""`venuedesk fake-llm`: a local test and demo double speaking the OpenAI and Mistral wire formats.

It is not a model. A stdlib HTTP server answers Chat Completions (`/openai/v1/chat/completions`),
Responses (`/openai/v1/responses`) and Mistral chat (`/mistral/v1/chat/completions`) with the deterministic
understanding and tool-call planner, so the real SDK clients of the model adapters can be tested offline.
Faults (`X-Fake-LLM-Fault` header, `--fault`, `POST /_fake/faults`) reproduce what real providers do wrong.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from venuedesk.domain.catalogue import Venue
from venuedesk.fakellm import mistral_chat, openai_chat, openai_responses, wire
from venuedesk.fakellm.brain import Answer, Ask, Brain, prompt_tokens, tokens
from venuedesk.fakellm.faults import DEFAULT_HANG_SECONDS, FaultPlan, UnknownFaultError, header_faults
from venuedesk.fakellm.openai_chat import BadRequestError
from venuedesk.fakellm.recorder import RecordedRequest, Recorder, safe_headers

MALFORMED_BODY = b'{"id": "chatcmpl-broken", "choices": [{"index": 0, "message": '
DONE = wire.sse_data("[DONE]")
MODELS = {
    "object": "list",
    "data": [{"id": "fake-llm", "object": "model", "created": wire.CREATED, "owned_by": "venuedesk"}],
}


@dataclass(frozen=True)
class Vendor:
    """How one route reads a request and writes a reply, a stream and an error."""

    parse: Callable[[dict[str, Any], tuple[str, ...]], Ask]
    render: Callable[[dict[str, Any], Answer, bytes], dict[str, Any]]
    stream: Callable[[dict[str, Any], Answer, bytes], Iterator[dict[str, Any]]]
    frame: Callable[[Any], bytes]
    done: bytes
    error: Callable[[int, str], dict[str, Any]]


ROUTES: dict[str, Vendor] = {
    "/openai/v1/chat/completions": Vendor(
        openai_chat.parse_chat,
        openai_chat.completion,
        openai_chat.chunks,
        wire.sse_data,
        DONE,
        openai_chat.error,
    ),
    "/openai/v1/responses": Vendor(
        openai_responses.parse,
        openai_responses.response,
        openai_responses.events,
        wire.sse_event,
        b"",
        openai_chat.error,
    ),
    "/mistral/v1/chat/completions": Vendor(
        mistral_chat.parse,
        mistral_chat.completion,
        mistral_chat.chunks,
        wire.sse_data,
        DONE,
        mistral_chat.error,
    ),
}


def error_shape(path: str) -> Callable[[int, str], dict[str, Any]]:
    """The vendor error shape for a path (Mistral under /mistral, OpenAI elsewhere)."""
    return mistral_chat.error if path.startswith("/mistral") else openai_chat.error


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    app: FakeLLM


class _Handler(BaseHTTPRequestHandler):
    """One connection: routes, faults, recording and the wire replies."""

    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib signature
        """Silent: the recorder is the log."""

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/_fake/requests":
            self._json(200, {**self.server.app.recorder.summary(), "plan": self.server.app.plan.describe()})
        elif path in ("/openai/v1/models", "/mistral/v1/models"):
            self._json(200, MODELS)
        else:
            self._not_found(path)

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if path.startswith("/_fake/"):
            self._control(path, raw)
        elif path in ROUTES:
            self._model(path, ROUTES[path], raw)
        else:
            self._not_found(path)

    def do_DELETE(self) -> None:
        self._not_found(urlsplit(self.path).path)

    def _not_found(self, path: str) -> None:
        self._json(404, error_shape(path)(404, f"Invalid URL ({self.command} {path})"))

    def _control(self, path: str, raw: bytes) -> None:
        app = self.server.app
        try:
            data = json.loads(raw or b"{}")
            if path == "/_fake/reset":
                app.reset()
                self._json(200, {"ok": True, "plan": app.plan.describe()})
            elif path == "/_fake/faults":
                app.set_faults(data.get("faults") or [], data.get("count"), data.get("hang_seconds"))
                self._json(200, app.plan.describe())
            else:
                self._not_found(path)
        except (ValueError, AttributeError, TypeError) as exc:
            self._json(400, openai_chat.error(400, str(exc)))

    def _model(self, path: str, vendor: Vendor, raw: bytes) -> None:
        app = self.server.app
        headers = safe_headers(self.headers)
        try:
            body = json.loads(raw)
            if not isinstance(body, dict):
                raise ValueError("the request body must be a JSON object")
            faults = app.plan.take(header_faults(self.headers))
        except (ValueError, UnknownFaultError) as exc:
            app.recorder.add(RecordedRequest(path, raw.decode("utf-8", "replace"), headers))
            self._json(400, vendor.error(400, f"We could not parse the JSON body of your request: {exc}"))
            return
        if self._wire_fault(path, vendor, body, headers, faults):
            return
        seed = wire.seed_of(body)
        try:
            answer = app.brain.answer(vendor.parse(body, faults))
        except BadRequestError as exc:
            app.recorder.add(RecordedRequest(path, body, headers, faults, prompt_tokens=prompt_tokens(body)))
            self._json(400, vendor.error(400, str(exc)))
            return
        app.recorder.add(
            RecordedRequest(
                path,
                body,
                headers,
                faults,
                prompt_tokens=prompt_tokens(body),
                completion_tokens=tokens(answer.completion_chars()),
            )
        )
        if "malformed_body" in faults:
            self._send(200, MALFORMED_BODY, "application/json")
        elif body.get("stream"):
            self._stream(vendor, body, answer, seed)
        else:
            self._json(200, vendor.render(body, answer, seed))

    def _wire_fault(
        self,
        path: str,
        vendor: Vendor,
        body: dict[str, Any],
        headers: dict[str, str],
        faults: tuple[str, ...],
    ) -> bool:
        """Answer a rate limit, server error or hang; True when the request is fully handled."""
        app = self.server.app
        if not {"rate_limit", "server_error", "hang"} & set(faults):
            return False
        app.recorder.add(RecordedRequest(path, body, headers, faults, prompt_tokens=prompt_tokens(body)))
        if "rate_limit" in faults:
            self._json(429, vendor.error(429, "Rate limit reached (fake-llm fault)."), {"Retry-After": "1"})
        elif "server_error" in faults:
            self._json(500, vendor.error(500, "The server had an error (fake-llm fault)."))
        else:
            app.stopping.wait(app.plan.hang_seconds)
            self._json(504, vendor.error(504, "The fake model hung (fake-llm fault)."))
        return True

    def _stream(self, vendor: Vendor, body: dict[str, Any], answer: Answer, seed: bytes) -> None:
        """Server-sent events with chunked transfer encoding, so the connection stays reusable."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for event in vendor.stream(body, answer, seed):
                self._chunk(vendor.frame(event))
            if vendor.done:
                self._chunk(vendor.done)
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _json(self, status: int, data: Any, extra: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode(), "application/json", extra)

    def _send(
        self, status: int, payload: bytes, content_type: str, extra: dict[str, str] | None = None
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class FakeLLM:
    """The fake as an object: `start()` serves on a background thread and returns the base URL."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: Iterable[str] = (),
        fault_count: int | None = None,
        hang_seconds: float = DEFAULT_HANG_SECONDS,
        venue: Venue | None = None,
    ) -> None:
        self.host, self.port = host, port
        self._initial = (tuple(faults), fault_count, hang_seconds)
        self.plan = FaultPlan(faults, fault_count, hang_seconds)
        self.recorder = Recorder()
        self.brain = Brain(venue)
        self.stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """`http://host:port` once bound (append `/openai/v1` or `/mistral` for the SDKs)."""
        if self._server is None:
            raise RuntimeError("the fake LLM is not started")
        host, port = self._server.server_address[:2]
        assert isinstance(host, str), "the fake LLM binds an IP address, not a socket path"
        return f"http://{host}:{port}"

    def bind(self) -> str:
        """Open the listening socket (port 0 picks a free one) and load the venue; returns the base URL."""
        if self._server is None:
            self.stopping.clear()
            self.brain.venue  # noqa: B018 - load the catalogue before the first request
            self._server = _Server((self.host, self.port), _Handler)
            self._server.app = self
        return self.base_url

    def start(self) -> str:
        """Serve on a background thread; returns the base URL."""
        url = self.bind()
        if self._thread is None:
            assert self._server is not None
            self._thread = threading.Thread(target=self._server.serve_forever, name="fake-llm", daemon=True)
            self._thread.start()
        return url

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted (the CLI)."""
        self.bind()
        assert self._server is not None
        try:
            self._server.serve_forever()
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop serving; hanging requests wake up at once."""
        self.stopping.set()
        server, thread = self._server, self._thread
        self._server, self._thread = None, None
        if server is not None:
            if thread is not None:
                server.shutdown()
                thread.join(timeout=5)
            server.server_close()

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.recorder.requests

    def reset(self) -> None:
        """Forget recorded requests and go back to the faults given at construction."""
        self.recorder.reset()
        names, count, hang_seconds = self._initial
        self.plan.set(names, count, hang_seconds)

    def set_faults(
        self, names: Iterable[str], count: int | None = None, hang_seconds: float | None = None
    ) -> None:
        """Apply `names` to the next `count` model requests (None: all of them)."""
        self.plan.set(names, count, hang_seconds)

    def __enter__(self) -> FakeLLM:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
