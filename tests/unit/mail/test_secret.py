"""The mail secret: the configured one, else one generated once under VENUEDESK_HOME (0600) and kept."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from venuedesk.transports.mail.secret import MAIL_SECRET_FILE, load_or_create_secret, mail_secret
from venuedesk.transports.mail.settings import MailSettings


def test_the_configured_secret_wins_and_no_file_is_written(tmp_path: Path) -> None:
    assert mail_secret(MailSettings(mail_secret="configured"), tmp_path) == "configured"
    assert not (tmp_path / MAIL_SECRET_FILE).exists()


def test_without_one_a_secret_is_created_once_with_mode_0600(tmp_path: Path) -> None:
    first = mail_secret(MailSettings(mail_secret=None), tmp_path / "home")
    path = tmp_path / "home" / MAIL_SECRET_FILE
    assert len(first) >= 40 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret(tmp_path / "home") == first


def test_an_empty_secret_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / MAIL_SECRET_FILE).write_text("\n")
    with pytest.raises(RuntimeError, match="delete it"):
        load_or_create_secret(tmp_path)
