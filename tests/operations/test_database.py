"""Looking after the database without a window: backups and their rotation, the check, the PDF font,
photos as evidence, the status bar's facts."""

from __future__ import annotations

import sqlite3

import pytest
from PIL import Image

from qinspect.errors import InvalidInput, QInspectError
from qinspect.operations import database, evidence, settings, status
from qinspect.reports import fonts
from qinspect.store import audit


def test_backups_on_start_keep_only_the_newest(store, monkeypatch):
    names = iter(f"{store.path.stem}.2009010{n}-000000.start.bak.db" for n in range(1, 10))
    monkeypatch.setattr(database, "backup_path", lambda path, label: path.with_name(next(names)))
    for _ in range(4):
        database.start_backup(store, kept=2)
    kept = sorted(p.name for p in store.path.parent.glob("*.start.bak.db"))
    assert kept == [f"{store.path.stem}.2009010{n}-000000.start.bak.db" for n in (3, 4)]


def test_a_backup_is_a_usable_copy(demo_store, tmp_path):
    target = database.make_backup(demo_store, tmp_path / "copy.db")
    copy = sqlite3.connect(target)
    count = "SELECT count(*) FROM inspections"
    assert copy.execute(count).fetchone() == demo_store.execute(count).fetchone()
    copy.close()
    with pytest.raises(QInspectError, match="已存在"):
        database.make_backup(demo_store, target)


def test_the_check_finds_a_broken_audit_chain(demo_store):
    assert database.check(demo_store) == []
    with demo_store.atomic():  # someone edits the file behind qinspect's back
        demo_store.execute("DROP TRIGGER audit_log_no_update")
        demo_store.execute("UPDATE audit_log SET detail = '{}' WHERE rowid = (SELECT min(rowid) FROM audit_log)")
    assert audit.verify_chain(demo_store) == ["审计日志第 1 条的内容被改动"]
    assert database.check(demo_store) == ["审计日志的保护触发器 audit_log_no_update 被删除了（有人绕过 qinspect 改动了数据库文件）",
                                          "审计日志第 1 条的内容被改动", database.RECOVER]


def test_a_font_that_is_not_a_cjk_font_leaves_the_setting_as_it_was(store, tmp_path):
    not_a_font = tmp_path / "x.ttf"
    not_a_font.write_bytes(b"not a font")
    with pytest.raises(QInspectError):
        settings.set_pdf_font(store, str(not_a_font))
    assert settings.pdf_font(store) == "" and store.setting(fonts.SETTING) is None


def test_photos_are_checked_to_be_pictures_and_stored_once(store, tmp_path):
    png = tmp_path / "a.png"
    Image.new("RGB", (64, 48), "green").save(png)
    digest = evidence.add_photo(store, png)
    assert evidence.add_photo(store, png) == digest
    assert evidence.photo(store, digest)[:2] == b"\xff\xd8"  # kept as a JPEG, like every photo
    assert store.execute("SELECT count(*), media_type FROM evidence").fetchone() == (1, "image/jpeg")
    text = tmp_path / "notes.jpg"
    text.write_text("不是图片")
    with pytest.raises(InvalidInput, match="不是可识别的图片"):
        evidence.add_photo(store, text)
    with pytest.raises(InvalidInput, match="无法读取"):
        evidence.add_photo(store, tmp_path / "missing.jpg")


def test_status_counts_what_is_not_exported(demo_store):
    now = status.status(demo_store)
    assert now.unexported == demo_store.execute("SELECT count(*) FROM inspections WHERE exported = 0").fetchone()[0]
    assert now.device_id == demo_store.device_id and now.device_name
