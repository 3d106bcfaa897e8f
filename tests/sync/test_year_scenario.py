"""A year with a bureau and three laptops, with every mishap a USB stick meets: nothing made on a laptop is lost.

Out of order, a duplicate under another name, a refused overwrite, a lost stick, a lost key
accepted with `devices trust --replaces`, a laptop restored from a backup and an export
killed between its rename and its commit: at the end
every revision made on a laptop is at the bureau, and no one ever used `--all`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap

import pytest

from qinspect.domain.records import Answer
from qinspect.errors import InvalidInput
from qinspect.operations import devices
from qinspect.store.db import backup, open_store
from qinspect.sync.device import generate_key
from qinspect.sync.exporting import default_bundle_name, export_bundle
from qinspect.sync.importing import import_bundles, verify_bundle
from qinspect.sync.receipts import missing_sequences
from tests.sync.helpers import edit, village_inspection

KILL_AFTER_RENAME = textwrap.dedent("""
    import os, signal, sys
    from qinspect import files
    from qinspect.store.db import open_store
    from qinspect.sync.exporting import export_bundle
    real = os.replace
    def rename_then_die(src, dst):
        real(src, dst)
        os.kill(os.getpid(), signal.SIGKILL)  # power cut after the rename, before the commit
    files.os.replace = rename_then_die
    export_bundle(open_store(sys.argv[1]), sys.argv[2])
""")


def _made_on_laptops(laptops) -> set[str]:
    return {r[0] for laptop in laptops for r in laptop.execute("SELECT id FROM revisions WHERE device_id = ?",
                                                               (laptop.device_id,))}


def _receipts_to(bureau, laptop, folder, name):
    back = export_bundle(bureau, folder / name)
    report = import_bundles(laptop, [back.path], trust=True)
    assert not report.refused
    return report


def test_a_year_of_bundles_loses_nothing(office, qinspect_home):
    folder, bureau = office.folder, office.supervisor
    stick = folder / "stick"
    stick.mkdir()
    a, b, c = (office.laptop(n) for n in ("甲", "乙", "丙"))
    v1, v2 = office.ids["village1"], office.ids["village2"]

    # Spring. 甲 makes two bundles; the bureau gets #2 first, then #1: both go in, the gap is named meanwhile.
    ia = village_inspection(a, v1, date="2009-03-02")
    a1 = export_bundle(a, stick / default_bundle_name(a)).path
    edit(a, ia.uuid, "F03", Answer(2))
    a2 = export_bundle(a, stick / default_bundle_name(a)).path
    assert a1.name.startswith("甲-甲质监员-") and (a1.name[-7:], a2.name[-7:]) == ("-01.qib", "-02.qib")
    report = import_bundles(bureau, [a2], trust=True)
    assert not report.refused and "尚未收到 甲 的第 1 号数据包" in "".join(report.describe())
    assert missing_sequences(bureau, a.device_id) == [1]
    assert "尚未收到 甲 的第 1 号数据包" not in "".join(verify_bundle(a1, bureau).describe())
    assert not import_bundles(bureau, [a1]).refused and missing_sequences(bureau, a.device_id) == []
    # A duplicate under another name changes nothing.
    twin = shutil.copyfile(a2, folder / "copy of a2.qib")
    assert import_bundles(bureau, [twin]).bundles[0].status == "already imported"
    _receipts_to(bureau, a, folder, "back-a.qib")

    # Summer. 乙 exports onto the stick; a second export to the same name is refused, not overwritten.
    ib = village_inspection(b, v2, date="2009-06-10")
    b1 = export_bundle(b, stick / "乙.qib").path
    waiting = b1.read_bytes()
    edit(b, ib.uuid, "F01", Answer("fail"))
    with pytest.raises(InvalidInput, match="已存在"):
        export_bundle(b, stick / "乙.qib")
    assert b1.read_bytes() == waiting
    b2 = export_bundle(b, stick / "乙-2.qib").path
    assert not import_bundles(bureau, [b1, b2], trust=True).refused

    # 丙's stick is lost with bundle #1; bundle #2 carries the same work again.
    keys = {c.device_id: generate_key()}  # 丙 has a key of its own, so losing it touches no one else
    ic = village_inspection(c, v1, date="2009-07-01")
    lost = export_bundle(c, folder / "lost.qib", key=keys[c.device_id]).path
    lost.unlink()
    edit(c, ic.uuid, "F03", Answer(2))
    c2 = export_bundle(c, stick / "丙-2.qib", key=keys[c.device_id]).path
    report = import_bundles(bureau, [c2], trust=True)
    assert report.total("added") == 1 and "尚未收到 丙 的第 1 号数据包" in "".join(report.describe())
    _receipts_to(bureau, c, folder, "back-c.qib")

    # 丙's key is lost, its database kept: its new key is refused until the bureau accepts it as 丙's.
    old_key, keys[c.device_id] = keys[c.device_id], generate_key()
    edit(c, ic.uuid, "F01", Answer("fail"))
    c3 = export_bundle(c, stick / "丙-3.qib", key=keys[c.device_id]).path
    assert import_bundles(bureau, [c3]).refused
    devices.trust(bureau, keys[c.device_id].fingerprint, replaces=old_key.fingerprint)
    report = import_bundles(bureau, [c3])
    assert not report.refused and report.bundles[0].device_id == c.device_id and report.total("updated") == 1

    # Autumn. 甲 is restored from a backup made before its latest work went out.
    a_path = a.path
    saved = backup(a, folder / "甲-backup.db")
    edit(a, ia.uuid, "F01", Answer("fail"))
    a3 = export_bundle(a, stick / "甲-3.qib").path
    assert not import_bundles(bureau, [a3]).refused
    a.close()
    office.laptops.remove(a)
    for suffix in ("-wal", "-shm"):
        (a_path.parent / (a_path.name + suffix)).unlink(missing_ok=True)
    shutil.copyfile(saved, a_path)
    a = open_store(a_path)
    office.laptops.append(a)
    edit(a, ia.uuid, "F02", Answer(10))  # new work on the restored laptop
    a_again = export_bundle(a, stick / "甲-restored.qib")
    assert a_again.sequence == 3  # the number the bureau has already seen: carried on without refusal
    assert not import_bundles(bureau, [a_again.path]).refused

    # Winter. 乙's export is killed after the rename, before its commit: an orphan it does not know about.
    edit(b, ib.uuid, "F03", Answer(3))
    db_b = b.path
    b.close()
    office.laptops.remove(b)
    env = {**os.environ, "QINSPECT_HOME": str(qinspect_home)}
    orphan = stick / "乙-orphan.qib"
    done = subprocess.run([sys.executable, "-c", KILL_AFTER_RENAME, str(db_b), str(orphan)], env=env,
                          cwd=os.getcwd(), capture_output=True)
    assert done.returncode == -signal.SIGKILL and orphan.exists()
    b = open_store(db_b)
    office.laptops.append(b)
    b_next = export_bundle(b, stick / "乙-3.qib")
    assert b_next.sequence == 3  # the orphan's number again: the bureau takes both
    assert not import_bundles(bureau, [orphan, b_next.path]).refused

    # End of year: each laptop gets the bureau's receipts and exports once more; then nothing is missing.
    laptops = [a, b, c]
    for laptop in laptops:
        _receipts_to(bureau, laptop, folder, f"back-{laptop.device_id}.qib")
        try:
            final = export_bundle(laptop, stick / f"final-{laptop.device_id}.qib", key=keys.get(laptop.device_id))
        except InvalidInput:
            continue  # everything receipted: nothing left to send
        assert not import_bundles(bureau, [final.path]).refused
    made = _made_on_laptops(laptops)
    held = {r[0] for r in bureau.execute("SELECT id FROM revisions")}
    assert len(made) == 9 and made - held == set()  # 甲 3 (its fourth was lost with the restore), 乙 3, 丙 3
    # With everything receipted, a laptop's next bundle carries nothing old.
    for laptop in laptops:
        _receipts_to(bureau, laptop, folder, f"last-{laptop.device_id}.qib")
        with pytest.raises(InvalidInput, match="没有主管尚未确认收到的检查"):
            export_bundle(laptop, stick / "nothing.qib", key=keys.get(laptop.device_id))
