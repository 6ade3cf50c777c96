"""`venuedesk serve` and `venuedesk worker` refuse to start on a wrong outbound-mail configuration: one line naming
the setting and exit 2, before anything is served or any job runs."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from venuedesk.cli import app


@pytest.mark.parametrize("command", ["serve", "worker"])
def test_a_malformed_smtp_url_stops_the_start_with_the_reason(runner: CliRunner, command: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENUEDESK_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    result = runner.invoke(app, [command], env={"VENUEDESK_SMTP_URL": "http://mail.example",
                                                "VENUEDESK_MAIL_SECRET": "s3cret"})
    assert result.exit_code == 2
    assert "VENUEDESK_SMTP_URL must start with smtp:// or smtps://" in result.output


def test_an_smtp_url_without_a_mail_secret_stops_the_start(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VENUEDESK_MAIL_SECRET", raising=False)
    result = runner.invoke(app, ["serve"], env={"VENUEDESK_SMTP_URL": "smtp://127.0.0.1:2525"})
    assert result.exit_code == 2 and "VENUEDESK_MAIL_SECRET" in result.output
