"""The secret that signs deep links and reply-to tokens: `VENUEDESK_MAIL_SECRET`, else one generated once and kept
in `$VENUEDESK_HOME/mail-secret` (0600), so links survive a restart and every process on the host agrees."""

from __future__ import annotations

import secrets
from pathlib import Path

from venuedesk.secret_file import read_or_create_secret_file
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
    return read_or_create_secret_file(home.expanduser() / name, lambda: secrets.token_urlsafe(48),
                                      what="secret (links and addresses signed with it stop working)").value
