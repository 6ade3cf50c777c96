"""A secret kept in a file under `$VENUEDESK_HOME` (the manager token, the mail secret, the IP hash key): read it, or
create it once with mode 0600. Every process on the host agrees on one value: a new secret is written whole to a
scratch file opened with O_EXCL and then hard-linked to its name, which fails for all but the first process, and the
others read the winner's file. A reader never sees a half-written secret."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple


class SecretFile(NamedTuple):
    """The secret read from `path`, and whether this call created it (to announce a new one once)."""

    value: str
    path: Path
    created: bool


def read_or_create_secret_file(path: Path, make: Callable[[], str], *, what: str = "secret") -> SecretFile:
    """The secret stored at `path`, else `make()` stored there atomically (0600); two processes racing get the same
    value. An empty file is a RuntimeError naming `what` and saying to delete the file."""
    path = path.expanduser()
    if path.exists():
        return SecretFile(_read(path, what), path, created=False)
    value = make()
    scratch = _scratch(path, value)
    try:
        os.link(scratch, path)
    except FileExistsError:
        return SecretFile(_read(path, what), path, created=False)
    finally:
        scratch.unlink(missing_ok=True)
    return SecretFile(value, path, created=True)


def replace_secret_file(path: Path, value: str) -> Path:
    """Store `value` as the secret at `path` in place of any earlier one (a rotation): written whole and synced to a
    0600 scratch file, renamed over `path` and the folder synced, so a reader sees the old secret or the new one,
    never a part, and a crash right after leaves the new one on disk. The path written."""
    path = path.expanduser()
    scratch = _scratch(path, value)
    try:
        os.replace(scratch, path)
    finally:
        scratch.unlink(missing_ok=True)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
    return path


def _scratch(path: Path, value: str) -> Path:
    """`value` written and synced to a new 0600 file beside `path` (O_EXCL: never another process's)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return scratch


def _read(path: Path, what: str) -> str:
    value = path.read_text(encoding="utf-8").strip()
    if not value:
        raise RuntimeError(f"{path} is empty; delete it and restart to generate a new {what}")
    return value
