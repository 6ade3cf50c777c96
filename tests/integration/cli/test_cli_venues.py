"""`venuedesk venues add / list` and `users --venue` (docs/tenancy.md): a second venue seeded from its own catalogue
folder, listed beside `default`, with its own accounts."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from venuedesk.cli import app

DEMO = Path(__file__).resolve().parents[3] / "src" / "venuedesk" / "venue" / "data"
PASSWORD = "a long enough passphrase\n"


def _catalogue(tmp_path: Path, name: str) -> Path:
    """A copy of the demo catalogue under another venue name."""
    folder = tmp_path / "lakeside"
    shutil.copytree(DEMO, folder)
    venue = folder / "venue.yaml"
    venue.write_text(venue.read_text(encoding="utf-8").replace("name: The Atelier", f"name: {name}", 1),
                     encoding="utf-8")
    return folder


def _scalar(tmp_path: Path, query: str) -> object:
    engine = create_engine(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    with engine.connect() as connection:
        value = connection.execute(text(query)).scalar()
    engine.dispose()
    return value


def test_venues_add_seeds_the_venues_own_catalogue_and_lists_it(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["venues", "add", "lakeside", "--catalogue", str(_catalogue(tmp_path, "Lakeside"))])
    assert result.exit_code == 0, result.output
    assert "venue lakeside: added" in result.output
    listed = runner.invoke(app, ["venues", "list"])
    assert [line.split("\t")[:2] for line in listed.output.splitlines()] == [["default", "default"],
                                                                            ["lakeside", "Lakeside"]]
    rooms = _scalar(tmp_path, "SELECT count(*) FROM catalogue_rooms WHERE venue_id = 'lakeside'")
    assert rooms == _scalar(tmp_path, "SELECT count(*) FROM catalogue_rooms WHERE venue_id = 'default'") != 0


def test_venues_add_twice_reseeds_and_changes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    folder = _catalogue(tmp_path, "Lakeside")
    runner.invoke(app, ["venues", "add", "lakeside", "--catalogue", str(folder)])
    again = runner.invoke(app, ["venues", "add", "lakeside", "--catalogue", str(folder)])
    assert again.exit_code == 0 and "venue lakeside: exists" in again.output and "0 inserted" in again.output


def test_venues_add_refuses_a_slug_that_is_not_one(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["venues", "add", "Lake Side", "--catalogue", str(_catalogue(tmp_path, "L"))])
    assert result.exit_code == 2 and "is not a venue slug" in result.output


def test_users_create_with_venue_makes_an_account_of_that_venue(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(app, ["venues", "add", "lakeside", "--catalogue", str(_catalogue(tmp_path, "Lakeside"))])
    for venue in ("lakeside", "default"):
        created = runner.invoke(app, ["users", "--venue", venue, "create", "--email", "olga@venue.example",
                                      "--role", "owner", "--password-stdin"], input=PASSWORD)
        assert created.exit_code == 0, created.output
    assert _scalar(tmp_path, "SELECT count(DISTINCT venue_id) FROM users WHERE email = 'olga@venue.example'") == 2


def test_users_with_an_unknown_venue_is_refused(runner: CliRunner) -> None:
    result = runner.invoke(app, ["users", "--venue", "nowhere", "list"])
    assert result.exit_code == 2 and "no venue 'nowhere'" in result.output


def test_venues_add_with_mail_from_lists_the_venues_own_address(runner: CliRunner, tmp_path: Path) -> None:
    folder = str(_catalogue(tmp_path, "Lakeside"))
    added = runner.invoke(app, ["venues", "add", "lakeside", "--catalogue", folder,
                                "--mail-from", "Lakeside Hall <bookings@lakeside.example>"])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["venues", "list"])
    assert [line.split("\t")[3] for line in listed.output.splitlines()][1] == "bookings@lakeside.example"
    assert _scalar(tmp_path, "SELECT mail_from FROM venues WHERE id = 'lakeside'") \
        == "Lakeside Hall <bookings@lakeside.example>"


def test_a_venue_without_its_own_from_lists_its_plus_address(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(app, ["venues", "add", "lakeside", "--catalogue", str(_catalogue(tmp_path, "Lakeside"))])
    listed = runner.invoke(app, ["venues", "list"], env={"VENUEDESK_MAIL_FROM": "desk@venue.example"})
    assert [line.split("\t")[3] for line in listed.output.splitlines()] == ["desk@venue.example",
                                                                           "desk+lakeside@venue.example"]


def test_venues_set_refuses_another_venues_address(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(app, ["venues", "add", "lakeside", "--catalogue", str(_catalogue(tmp_path, "Lakeside"))])
    result = runner.invoke(app, ["venues", "set", "lakeside", "--mail-from", "desk@venue.example"],
                           env={"VENUEDESK_MAIL_FROM": "desk@venue.example"})
    assert result.exit_code == 2 and "is venue default's address already" in result.output
    assert _scalar(tmp_path, "SELECT mail_from FROM venues WHERE id = 'lakeside'") is None


def test_venues_set_default_mail_from_goes_back_to_the_default(runner: CliRunner, tmp_path: Path) -> None:
    folder = str(_catalogue(tmp_path, "Lakeside"))
    runner.invoke(app, ["venues", "add", "lakeside", "--catalogue", folder, "--mail-from", "b@lakeside.example"])
    result = runner.invoke(app, ["venues", "set", "lakeside", "--default-mail-from"])
    assert result.exit_code == 0 and "its default address" in result.output
    assert _scalar(tmp_path, "SELECT mail_from FROM venues WHERE id = 'lakeside'") is None


def test_venues_set_refuses_something_that_is_not_one_address(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["venues", "set", "default", "--mail-from", "a@b.example, c@d.example"])
    assert result.exit_code == 2 and "is not one mail address" in result.output


def test_venues_add_refuses_a_new_venue_whose_default_address_is_taken(runner: CliRunner, tmp_path: Path) -> None:
    folder = str(_catalogue(tmp_path, "Lakeside"))
    runner.invoke(app, ["venues", "add", "lakeside", "--catalogue", folder, "--mail-from", "desk+hill@venue.example"],
                  env={"VENUEDESK_MAIL_FROM": "desk@venue.example"})
    result = runner.invoke(app, ["venues", "add", "hill", "--catalogue", folder],
                           env={"VENUEDESK_MAIL_FROM": "desk@venue.example"})
    assert result.exit_code == 2 and "is venue lakeside's address already" in result.output
    assert _scalar(tmp_path, "SELECT count(*) FROM venues WHERE id = 'hill'") == 0
