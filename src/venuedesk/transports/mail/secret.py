"""The secret that signs deep links and reply-to tokens: `VENUEDESK_MAIL_SECRET`, else one generated once and kept
in `$VENUEDESK_HOME/mail-secret` (0600), so links survive a restart and every process on the host agrees."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from venuedesk.transports.mail.settings import MailSettings

MAIL_SECRET_FILE = "mail-secret"


def mail_secret(settings: MailSettings, home: Path) -> str:
    """The configured secret, else the one stored under `home` (created atomically on first use)."""
    if settings.mail_secret:
        return settings.mail_secret
    return load_or_create_secret(home)


def load_or_create_secret(home: Path, name: str = MAIL_SECRET_FILE) -> str:
    """Read `home/<name>` (default `mail-secret`), or write a new random one (mode 0600); two processes racing get
    the same one."""
    path = home.expanduser() / name
    if path.exists():
        return _read(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(48) + "\n")
    try:
        os.link(scratch, path)
    except FileExistsError:
        pass
    finally:
        scratch.unlink(missing_ok=True)
    return _read(path)


def _read(path: Path) -> str:
    value = path.read_text(encoding="utf-8").strip()
    if not value:
        raise RuntimeError(f"{path} is empty; delete it and restart to generate a new secret "
                           f"(links and addresses signed with the old one stop working)")
    return value
