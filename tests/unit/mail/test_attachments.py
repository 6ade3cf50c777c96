"""Mailed files: kept under the thread's folder with safe names within the limits, refused ones named, deleted
with the thread."""

from __future__ import annotations

from pathlib import Path

import pytest

from venuedesk.transports.mail.attachments import (
    allowed_type,
    delete_thread_attachments,
    safe_name,
    store_attachments,
    thread_folder,
)
from venuedesk.transports.mail.inbound import Attachment
from venuedesk.transports.mail.settings import MailSettings

SETTINGS = MailSettings(max_attachment_bytes=2048, max_attachments=2)


@pytest.mark.parametrize("content_type, filename", [
    ("application/pdf", "offer.pdf"), ("image/jpeg", "room.jpg"), ("text/calendar", "invite.ics"),
    ("text/plain", "notes.txt"), ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a.docx"),
    ("application/octet-stream", "plan.pdf"), ("message/rfc822", "forwarded.eml"),
])
def test_documents_images_calendars_and_attached_mails_are_allowed(content_type: str, filename: str):
    assert allowed_type(content_type, filename) is not None


@pytest.mark.parametrize("content_type, filename", [
    ("application/x-msdownload", "setup.exe"), ("image/svg+xml", "logo.svg"), ("application/zip", "all.zip"),
    ("application/octet-stream", "run.sh"), ("text/html", "page.html"),
])
def test_programs_archives_and_scripts_are_refused(content_type: str, filename: str):
    assert allowed_type(content_type, filename) is None


def test_a_file_name_loses_its_path_and_unsafe_characters():
    name = safe_name("../../etc/pass wd<script>.pdf", b"x")
    assert "/" not in name and "<" not in name and name.endswith("pass wd_script_.pdf")


def test_the_same_file_gets_the_same_name_and_another_file_another():
    assert safe_name("a.pdf", b"1") == safe_name("a.pdf", b"1") != safe_name("a.pdf", b"2")


def test_allowed_files_are_kept_in_the_thread_folder(tmp_path: Path):
    stored = store_attachments(tmp_path, "thr_ab12", (Attachment("plan.pdf", "application/pdf", b"%PDF"),), SETTINGS)
    assert stored[0].refused is None
    assert (tmp_path / str(stored[0].path)).read_bytes() == b"%PDF"
    assert str(stored[0].path).startswith("attachments/thr_ab12/")


def test_a_refused_file_is_named_with_the_reason_and_not_written(tmp_path: Path):
    stored = store_attachments(tmp_path, "thr_ab12", (Attachment("setup.exe", "application/x-msdownload", b"MZ"),),
                               SETTINGS)
    assert stored[0].path is None and "not accepted" in str(stored[0].refused)
    assert not thread_folder(tmp_path, "thr_ab12").exists()


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path):
    stored = store_attachments(tmp_path, "thr_ab12", (Attachment("big.pdf", "application/pdf", b"x" * 4096),),
                               SETTINGS)
    assert "over the limit of 2048 bytes" in str(stored[0].refused)


def test_files_over_the_count_limit_are_refused(tmp_path: Path):
    files = tuple(Attachment(f"{n}.pdf", "application/pdf", str(n).encode()) for n in range(3))
    stored = store_attachments(tmp_path, "thr_ab12", files, SETTINGS)
    assert [item.refused is None for item in stored] == [True, True, False]


def test_deleting_a_thread_s_attachments_removes_its_folder_only(tmp_path: Path):
    for thread_id in ("thr_one", "thr_two"):
        store_attachments(tmp_path, thread_id, (Attachment("a.pdf", "application/pdf", b"%PDF"),), SETTINGS)
    assert delete_thread_attachments(tmp_path, "thr_one") is True
    assert not thread_folder(tmp_path, "thr_one").exists() and thread_folder(tmp_path, "thr_two").exists()


def test_a_path_is_not_a_thread_id(tmp_path: Path):
    with pytest.raises(ValueError):
        delete_thread_attachments(tmp_path, "../../home")
