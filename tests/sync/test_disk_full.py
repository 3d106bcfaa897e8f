"""A full disk, a pulled stick or a read-only card: one sentence, exit 1, the database unchanged, no `.part` left.

Injected errors always run; the same on a real small filesystem (a tmpfs mounted with
`size=`) runs when the tests run as root.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import subprocess
import uuid as uuidlib
from pathlib import Path

import pytest

from qinspect.cli import main
from qinspect.errors import InvalidInput
from qinspect.store import inspections, paper_import
from qinspect.store.db import open_store
from qinspect.sync import bundle
from qinspect.sync.bundle.writer import BundleWriter
from qinspect.sync.exporting import export_bundle
from qinspect.sync.importing import import_bundles
from tests.spreadsheets import write_csv
from tests.sync.helpers import content, village_inspection

WRITE_ERRORS = {errno.ENOSPC: "空间已满", errno.EIO: "拔出", errno.EROFS: "只读", errno.ENODEV: "拔出"}
PAPER_HEADER = ["对象类型", "对象", "检查表", "版本", "日期", "检查人", "状态", "检查编号", "修订",
                "F01", "F02", "F03", "F04", "F05", "F06", "F07", "F08", "F09", "F10", "F11", "F12"]
PAPER_ROW = ["行政村(社区)", "杜桥镇/东山", "village-network", "2009", "2009-06-01", "王建国", "已完成", "", "",
             "符合", 12, 1, "全部参加", 2, 1, 1, 2, "符合", 1, "95%", "台账已补齐"]


def _one_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("qinspect: ") and "Traceback" not in err
    return err


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def _sqlite_full(*args, **kwargs):
    e = sqlite3.OperationalError("database or disk is full")
    e.sqlite_errorcode = 13  # SQLITE_FULL, as SQLite reports it
    raise e


@pytest.mark.parametrize("code", sorted(WRITE_ERRORS))
def test_export_to_a_full_or_pulled_stick_says_so_and_leaves_nothing(office, monkeypatch, capsys, code):
    laptop = office.laptop("甲")
    village_inspection(laptop, office.ids["village1"])
    stick = office.folder / "stick"
    stick.mkdir()
    before, sequence = content(laptop), laptop.setting("bundle_sequence")

    def fail_half_way(self, name, records):
        list(records)
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(BundleWriter, "write_records", fail_half_way)
    with pytest.raises(InvalidInput) as caught:
        export_bundle(laptop, stick / "a.qib")
    assert WRITE_ERRORS[code] in str(caught.value) and "\n" not in str(caught.value)
    assert content(laptop) == before and laptop.setting("bundle_sequence") == sequence
    assert list(stick.iterdir()) == []
    # The same through the CLI: exit 1 and one line.
    db = laptop.path
    laptop.close()
    office.laptops.remove(laptop)
    assert main(["--db", str(db), "bundle", "export", "-o", str(stick / "a.qib")]) == 1
    assert WRITE_ERRORS[code] in _one_line(capsys)
    assert list(stick.iterdir()) == []


def test_an_export_removes_the_part_files_earlier_interrupted_exports_left(office):
    laptop = office.laptop("甲")
    village_inspection(laptop, office.ids["village1"])
    stick = office.folder / "stick"
    stick.mkdir()
    stale = [stick / ".甲-1.qib.k2j4_x9a.part", stick / ".a.qib.abcdefgh.part"]
    others = [stick / ".notes.txt.abcdefgh.part", stick / "photo.jpg"]
    for path in stale + others:
        path.write_bytes(b"x" * 1000)
    export_bundle(laptop, stick / "a.qib")
    assert not any(p.exists() for p in stale) and all(p.exists() for p in others)


def test_bundle_import_with_the_database_disk_full_changes_nothing(office, monkeypatch, capsys):
    laptop = office.laptop("甲")
    village_inspection(laptop, office.ids["village1"])
    path = export_bundle(laptop, office.folder / "a.qib").path
    sup = office.supervisor
    before = content(sup)
    monkeypatch.setattr(inspections, "write_revision", _sqlite_full)
    with pytest.raises(InvalidInput, match="磁盘已满.*数据库保持原样"):
        import_bundles(sup, [path], trust=True)
    assert content(sup) == before
    assert sup.execute("SELECT count(*) FROM devices WHERE id = ?", (laptop.device_id,)).fetchone()[0] == 0
    db = sup.path
    sup.close()
    office.laptops.append(sup)  # closed again at the end, harmlessly
    assert main(["--db", str(db), "bundle", "import", str(path), "--trust"]) == 1
    assert "磁盘已满" in _one_line(capsys)


def test_paper_import_with_the_database_disk_full_changes_nothing(office, monkeypatch, capsys):
    sheet = write_csv(office.folder / "paper.csv", PAPER_HEADER, [PAPER_ROW])
    sup = office.supervisor
    before = content(sup)
    monkeypatch.setattr(inspections, "write_revision", _sqlite_full)
    with pytest.raises(InvalidInput, match="磁盘已满"):
        paper_import.import_file(sup, sheet)
    assert content(sup) == before
    db = sup.path
    sup.close()
    office.laptops.append(sup)
    assert main(["--db", str(db), "inspections", "import", str(sheet)]) == 1
    assert "磁盘已满" in _one_line(capsys)
    monkeypatch.undo()
    assert main(["--db", str(db), "inspections", "import", str(sheet)]) == 0  # with room, it goes in


# -- on a real small filesystem ----------------------------------------------------------------
@contextlib.contextmanager
def small_filesystem(folder: Path, size: str):
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root; the injected-error tests above cover the same paths")
    mount = folder / f"fs-{uuidlib.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def _fill(mount: Path) -> Path:
    filler = mount / "filler"
    with open(filler, "wb", buffering=0) as fh:
        with contextlib.suppress(OSError):
            while True:
                fh.write(b"\0" * 4096)
    return filler


def test_export_to_a_really_full_stick(office, capsys):
    laptop = office.laptop("甲")
    village_inspection(laptop, office.ids["village1"])
    before = content(laptop)
    with small_filesystem(office.folder, "256k") as stick:
        _fill(stick)
        with pytest.raises(InvalidInput, match="空间已满"):
            export_bundle(laptop, stick / "a.qib")
        assert _leftovers(stick) == [] and not (stick / "a.qib").exists()
        assert content(laptop) == before
        (stick / "filler").unlink()
        path = export_bundle(laptop, stick / "a.qib").path  # with room, the same export works
        with bundle.BundleReader(path) as reader:
            assert reader.verify()["revisions"] == 1


def test_bundle_and_paper_import_on_a_really_full_disk(office):
    laptop = office.laptop("甲")
    for vid in (office.ids["village1"], office.ids["village2"]):
        village_inspection(laptop, vid)
    path = export_bundle(laptop, office.folder / "a.qib").path
    sheet = write_csv(office.folder / "paper.csv", PAPER_HEADER, [PAPER_ROW])
    sup = office.supervisor
    with small_filesystem(office.folder, "8m") as disk:
        moved = disk / "bureau.db"  # a copy of the bureau's database on the small disk
        sup.execute("VACUUM INTO ?", (str(moved),))
        bureau = open_store(moved)
        try:
            with bureau.atomic():
                bureau.set_setting("role", "bureau")
            before = content(bureau)
            filler = _fill(disk)
            with pytest.raises(InvalidInput, match="磁盘"):
                import_bundles(bureau, [path], trust=True)
            with pytest.raises(InvalidInput, match="磁盘"):
                paper_import.import_file(bureau, sheet)
            filler.unlink()
            assert content(bureau) == before
            assert import_bundles(bureau, [path], trust=True).total("added") == 2
        finally:
            bureau.close()
