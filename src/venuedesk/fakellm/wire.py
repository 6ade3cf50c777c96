"""Wire helpers shared by the vendor formats: deterministic ids, SSE framing, streaming pieces."""

from __future__ import annotations

import base64
import hashlib
import json
import string
from typing import Any

CREATED = 1767225600  # a fixed `created` (2026-01-01) so replies replay byte for byte
_BASE62 = string.digits + string.ascii_letters
PIECE = 24


def seed_of(body: dict[str, Any]) -> bytes:
    """The body as canonical JSON minus its streaming switches, so streamed and plain replies share ids."""
    kept = {key: value for key, value in body.items() if key not in ("stream", "stream_options")}
    return json.dumps(kept, sort_keys=True, separators=(",", ":"), default=str).encode()


def digest(seed: bytes, *parts: object) -> bytes:
    """A stable hash of the request body and a position, the root of every id the fake hands out."""
    return hashlib.sha256(seed + b"|" + "|".join(str(part) for part in parts).encode()).digest()


def openai_call_id(seed: bytes, index: int) -> str:
    """`call_` + 24 url-safe characters, like OpenAI's tool-call ids."""
    return "call_" + base64.urlsafe_b64encode(digest(seed, "call", index)).decode()[:24]


def mistral_call_id(seed: bytes, index: int) -> str:
    """Exactly 9 characters of [a-zA-Z0-9], as Mistral requires of tool-call ids."""
    number = int.from_bytes(digest(seed, "call", index), "big")
    chars = []
    for _ in range(9):
        number, rest = divmod(number, 62)
        chars.append(_BASE62[rest])
    return "".join(chars)


def short_id(prefix: str, seed: bytes, *parts: object) -> str:
    """A response or item id such as `chatcmpl-…`, `resp_…`, `msg_…`."""
    return prefix + digest(seed, *parts).hex()[:24]


def pieces(text: str, size: int = PIECE) -> list[str]:
    """Text cut into streaming deltas (at least one, possibly empty)."""
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def sse_data(data: Any) -> bytes:
    """One data-only server-sent event (Chat Completions and Mistral style)."""
    payload = data if isinstance(data, str) else dumps(data)
    return f"data: {payload}\n\n".encode()


def sse_event(data: dict[str, Any]) -> bytes:
    """One typed server-sent event (Responses API style): `event: <type>` then its data."""
    return f"event: {data['type']}\ndata: {dumps(data)}\n\n".encode()
