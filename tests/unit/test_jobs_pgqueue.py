"""The procrastinate backend's translations: our database URL to libpq, `--every` to a seconds cron."""

from __future__ import annotations

import pytest

from venuedesk.jobs.pgqueue import conninfo, cron_every


def test_the_sqlalchemy_url_becomes_a_libpq_uri_keeping_its_options() -> None:
    url = "postgresql+psycopg://postgres:pw@127.0.0.1:5432/test?options=-csearch_path%3Dvd_1"
    assert conninfo(url) == "postgresql://postgres:pw@127.0.0.1:5432/test?options=-csearch_path%3Dvd_1"


def test_a_sqlite_url_is_refused_naming_the_in_process_runner() -> None:
    with pytest.raises(ValueError, match="in-process"):
        conninfo("sqlite:///x.sqlite3")


def test_every_n_seconds_is_a_six_field_cron() -> None:
    assert cron_every(5) == "* * * * * */5"
    with pytest.raises(ValueError, match="1–59"):
        cron_every(0)
