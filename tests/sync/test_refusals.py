"""Hostile and broken bundles are refused with one sentence, the database left byte for byte as it was."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from qinspect.domain.records import canonical_json
from qinspect.errors import BundleRefused
from qinspect.store import inspections
from qinspect.store.db import open_store
from qinspect.sync import bundle
from qinspect.sync.bundle import BundleReader
from qinspect.sync.device import generate_key
from qinspect.sync.exporting import export_bundle
from qinspect.sync.importing import import_bundles, verify_bundle
from tests.reliability.bundles import claim_size
from tests.sync.helpers import content, read_members, resign, rezip, tree, village_inspection, write_zip

HEX = "ab" * 32


@pytest.fixture
def good(office):
    """A field laptop's bundle that the supervisor would accept with trust."""
    laptop = office.laptop("甲")
    village_inspection(laptop, office.ids["village1"])
    return export_bundle(laptop, office.folder / "good.qib").path


def refuse(office, path, match: str, *, trust=True, sound=False) -> None:
    """Import must refuse `path` with a sentence matching `match`, and change nothing anywhere.

    `sound`: the file itself is fine (verify passes); this database refuses it (trust, sequence).
    """
    sup = office.supervisor
    sup.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db = sup.path.read_bytes()
    files = tree(office.folder.parent)
    if sound:
        verify_bundle(path, sup)
    else:
        with pytest.raises(BundleRefused, match=match):
            verify_bundle(path, sup)
    report = import_bundles(sup, [path], trust=trust)
    assert not report.bundles and len(report.refused) == 1
    reason = report.refused[0].reason
    assert re.search(match, reason)
    assert "\n" not in reason and reason.endswith("。")
    sup.close()
    assert sup.path.read_bytes() == db  # byte for byte, once SQLite has closed the file
    assert tree(office.folder.parent) == files  # nothing extracted or written anywhere
    office.supervisor = open_store(sup.path)


def test_a_good_bundle_is_accepted(office, good):
    assert import_bundles(office.supervisor, [good], trust=True).total("added") == 1


@pytest.mark.parametrize("keep", [0.5, 0.9, -1, -22, 30])
def test_truncated(office, good, keep):
    data = good.read_bytes()
    cut = int(len(data) * keep) if isinstance(keep, float) else len(data) + keep if keep < 0 else keep
    bad = office.folder / "cut.qib"
    bad.write_bytes(data[:cut])
    refuse(office, bad, "不是完整的|损坏")


@pytest.mark.parametrize("data", [b"", b"hello", b"%PDF-1.4\n" + b"x" * 5000, bytes(range(256)) * 40])
def test_not_a_zip(office, data):
    bad = office.folder / "bad.qib"
    bad.write_bytes(data)
    refuse(office, bad, "不是完整的")


def test_any_member_changed_by_one_byte(office, good):
    members = read_members(good)
    for name in members:
        changed = dict(members)
        raw = bytearray(changed[name] or b"\n")  # an empty member gains its one byte
        raw[len(raw) // 2] ^= 0x01
        changed[name] = bytes(raw)
        refuse(office, rezip(office.folder / "flip.qib", changed), "签名|损坏|改动|长度")


def test_raw_bytes_flipped_in_the_file(office, good):
    """One bit flipped inside each member's stored (compressed) bytes, as a failing USB stick would.

    An empty member's two-byte deflate stream is left out: some flips there still inflate to
    nothing, the very same content, which is rightly accepted.
    """
    data = good.read_bytes()
    offsets = []
    with zipfile.ZipFile(good) as zf:
        for info in zf.infolist():
            if info.compress_size > 2:
                name_len, extra_len = int.from_bytes(data[info.header_offset + 26:info.header_offset + 28], "little"), \
                    int.from_bytes(data[info.header_offset + 28:info.header_offset + 30], "little")
                offsets.append(info.header_offset + 30 + name_len + extra_len + info.compress_size // 2)
    for offset in offsets:
        raw = bytearray(data)
        raw[offset] ^= 0x10
        bad = office.folder / "raw.qib"
        bad.write_bytes(bytes(raw))
        refuse(office, bad, "。")


def test_member_added_or_removed(office, good):
    members = read_members(good)
    refuse(office, rezip(office.folder / "add.qib", {**members, f"evidence/{HEX}": b"extra"}), "与清单不符")
    refuse(office, rezip(office.folder / "add2.qib", {**members, "notes.txt": b"hi"}), "不该出现的成员")
    for name in (bundle.EVIDENCE, bundle.SIGNATURE, bundle.MANIFEST):
        fewer = {k: v for k, v in members.items() if k != name}
        refuse(office, rezip(office.folder / "rm.qib", fewer), "缺少成员")


def test_manifest_edited(office, good):
    members = read_members(good)
    manifest = json.loads(members[bundle.MANIFEST])
    manifest["device_name"] = "主管"
    from qinspect.domain.records import canonical_json
    refuse(office, rezip(office.folder / "edit.qib", {**members, bundle.MANIFEST: canonical_json(manifest)}),
           "签名无效")


def test_signature_from_another_key(office, good):
    members = read_members(good)
    other = generate_key()
    # Signed by another key while naming the laptop's public key: the signature does not verify.
    forged = resign(members, other)
    forged[bundle.MANIFEST] = members[bundle.MANIFEST]
    refuse(office, rezip(office.folder / "sig.qib", forged), "签名无效")
    # Signed by another key under its own public key, claiming a device the supervisor trusts.
    assert not import_bundles(office.supervisor, [good], trust=True).refused
    impostor = resign(members, other, public_key=other.public_text, sequence=9, bundle_id="f" * 32)
    refuse(office, rezip(office.folder / "imp.qib", impostor), "签名密钥.*不同")


def test_untrusted_device_without_trust(office, good):
    refuse(office, good, "尚未信任的设备", trust=False, sound=True)
    report = import_bundles(office.supervisor, [good])
    assert report.refused[0].untrusted and report.refused[0].fingerprint


def test_an_old_or_replayed_bundle_is_harmless_not_refused(office):
    laptop = office.laptop("甲")
    village_inspection(laptop, office.ids["village1"])
    first = export_bundle(laptop, office.folder / "1.qib").path
    village_inspection(laptop, office.ids["village2"])
    second = export_bundle(laptop, office.folder / "2.qib").path
    assert not import_bundles(office.supervisor, [second], trust=True).refused
    before = content(office.supervisor)
    report = import_bundles(office.supervisor, [first])
    assert not report.refused and report.total("unchanged") == 1 and report.total("added") == 0
    # The same sequence number under a new bundle id, re-signed by the laptop itself: nothing new in it.
    replay = resign(read_members(second), bundle_id="e" * 32)
    report = import_bundles(office.supervisor, [rezip(office.folder / "replay.qib", replay)])
    assert not report.refused and report.total("unchanged") == 2
    assert content(office.supervisor) == before


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil", "records\\..\\..\\evil", "C:/evil",
                                  "records/../../evil.jsonl", f"evidence/{HEX}/../../../evil"])
def test_zip_slip_names(office, good, name):
    members = read_members(good)
    refuse(office, write_zip(office.folder / "slip.qib", [*members.items(), (name, b"owned")]), "不安全的文件名")
    # Where an extractor that trusted the name would have written it, beside the bundle or here.
    for base in (office.folder, Path.cwd()):
        landed = Path(os.path.normpath(base / name.replace("\\", "/")))
        assert not landed.exists(), landed


def test_duplicate_names_and_links(office, good):
    members = read_members(good)
    with pytest.warns(UserWarning):
        dup = write_zip(office.folder / "dup.qib", [*members.items(), (bundle.REGISTERS, b"{}\n")])
    refuse(office, dup, "出现了两次")
    link = zipfile.ZipInfo(f"evidence/{HEX}")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    refuse(office, write_zip(office.folder / "link.qib", [*members.items(), (link, b"/etc/passwd")]), "链接或目录")


def _bomb(path, size: int):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open(bundle.INSPECTIONS, "w") as out:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                out.write(chunk)
    return path


def test_zip_bomb_is_refused_quickly_with_bounded_memory(office, tmp_path_factory):
    bomb = _bomb(tmp_path_factory.mktemp("bomb") / "bomb.qib", 200 * 1024 * 1024)
    tracemalloc.start()
    with pytest.raises(BundleRefused, match="压缩炸弹"):
        BundleReader(bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # refused before anything near the bomb's size is read
    refuse(office, bomb, "压缩炸弹")


def test_zip_bomb_lying_about_its_size_stops_while_streaming(office, good):
    """A signed bundle whose headers claim 4 KB for 200 MB of zeros: reading stops at the claim."""
    import hashlib
    claim = 4096
    members = resign({**read_members(good), bundle.INSPECTIONS: b"\0" * claim})
    path = office.folder / "liar.qib"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in members.items():
            if name != bundle.INSPECTIONS:
                zf.writestr(name, data)
        with zf.open(bundle.INSPECTIONS, "w") as out:
            for _ in range(200):
                out.write(b"\0" * (1024 * 1024))
    claim_size(path, bundle.INSPECTIONS, claim)
    assert hashlib.sha256(b"\0" * claim).hexdigest() in members[bundle.MANIFEST].decode()
    tracemalloc.start()
    with pytest.raises(BundleRefused, match="损坏"):
        with BundleReader(path) as reader:
            reader.verify()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # refused before anything near the bomb's size is read
    refuse(office, path, "损坏")


def test_a_member_longer_than_its_header_is_cut_off_while_streaming(office, good, monkeypatch):
    members = read_members(good)
    path = rezip(office.folder / "long.qib", members)
    with BundleReader(path) as reader:
        member = reader.members[bundle.INSPECTIONS]
        monkeypatch.setattr(reader, "members", {**reader.members, bundle.INSPECTIONS: bundle.Member(
            member.path, member.length // 2, member.sha256)})
        with pytest.raises(BundleRefused, match="更长"):
            list(reader.records(bundle.INSPECTIONS))


def test_invalid_utf8(office, good):
    members = read_members(good)
    bad = resign({**members, bundle.REGISTERS: members[bundle.REGISTERS].replace("杜桥镇".encode(), b"\xff\xfe\xfd", 1)})
    refuse(office, rezip(office.folder / "utf8.qib", bad), "UTF-8")
    surrogate = resign({**members, bundle.REGISTERS: members[bundle.REGISTERS].replace(
        "杜桥镇".encode(), b"\\ud800", 1)})
    refuse(office, rezip(office.folder / "sur.qib", surrogate), "JSON")


def test_oversized_and_malformed_json(office, good):
    members = read_members(good)
    huge = b'{"type": "county", "uuid": "x", "name": "' + os.urandom(bundle.MAX_RECORD_BYTES).hex().encode() + \
        b'", "code": ""}\n'
    refuse(office, rezip(office.folder / "big.qib", resign({**members, bundle.REGISTERS: huge})), "上限")
    for line in (b"[" * 60000 + b"\n", b'{"a": 1, "a": 2}\n', b"NaN\n", b"{}\n", b"\n"):
        bad = resign({**members, bundle.EVIDENCE: line})
        refuse(office, rezip(office.folder / "json.qib", bad), "JSON|格式不对")


def test_newer_format_is_refused_with_update_advice(office, good):
    newer = resign(read_members(good), format_version=bundle.FORMAT_VERSION + 1)
    refuse(office, rezip(office.folder / "new.qib", newer), "更新版本的 qinspect.*请先升级")


def test_a_well_formed_record_changed_after_export_is_rolled_back_at_the_members_end(office):
    """The import checks each member's SHA-256 while it streams: an altered record whose own content hash
    was redone is written first, then rolled back when the member ends, with the reason verify gives."""
    laptop = office.laptop("甲")
    village_inspection(laptop, office.ids["village1"])
    village_inspection(laptop, office.ids["village2"], inspector="李四")
    members = read_members(export_bundle(laptop, office.folder / "two.qib").path)
    lines = members[bundle.INSPECTIONS].splitlines()
    rec = json.loads(lines[-1])
    name = rec["content"]["inspector"]
    rec["content"]["inspector"] = name[:-1] + ("甲" if name[-1] != "甲" else "乙")  # the member keeps its length
    rec["content_hash"] = hashlib.sha256(canonical_json(rec["content"])).hexdigest()
    lines[-1] = canonical_json(rec)
    changed = {**members, bundle.INSPECTIONS: b"\n".join(lines) + b"\n"}
    bundle.read_revision_record(json.loads(lines[-1]))  # the record itself is sound
    refuse(office, rezip(office.folder / "altered.qib", changed), "SHA-256 与清单不符")


def test_an_inspection_line_that_is_not_canonical_json_is_read_the_strict_way(office, good):
    """Inspection lines are parsed fast when they re-encode to themselves; any other line is read strictly:
    the same content written with spaces still imports whole, a duplicate key or a lone surrogate is refused."""
    members = read_members(good)
    line = members[bundle.INSPECTIONS].splitlines()[0]
    rec = json.loads(line)
    for changed, match in ((line.replace(b'{"author":', b'{"author":"x","author":', 1), "JSON"),
                           (line.replace(b'"note":"', b'"note":"x","note":"', 1), "JSON"),
                           (line.replace(b'"note":"', b'"note":"\\udc80', 1), "JSON")):
        assert changed != line
        bad = resign({**members, bundle.INSPECTIONS: changed + b"\n"})
        refuse(office, rezip(office.folder / "strict.qib", bad), match)
    spaced = json.dumps(rec, ensure_ascii=False, indent=None, separators=(", ", ": ")).encode()
    assert spaced != line
    report = import_bundles(office.supervisor, [rezip(office.folder / "spaced.qib",
                                                      resign({**members, bundle.INSPECTIONS: spaced + b"\n"}))],
                            trust=True)
    assert not report.refused and report.total("added") == 1
    stored = inspections.load(office.supervisor, rec["content"]["uuid"])
    assert stored.content_hash() == rec["content_hash"]
    assert stored.content() == rec["content"]



def test_a_new_inspection_under_a_revision_id_held_here_for_other_work_is_refused(office, good):
    """An inspection new here is inserted without looking its revision up first: an id already
    naming another inspection's revision is still caught, refused, and nothing is changed."""
    assert not import_bundles(office.supervisor, [good], trust=True).refused
    held = json.loads(read_members(good)[bundle.INSPECTIONS].splitlines()[0])["revision"]
    other = office.laptop("乙")
    new = village_inspection(other, office.ids["village1"], inspector="李明")
    members = read_members(export_bundle(other, office.folder / "other.qib").path)
    rec = json.loads(members[bundle.INSPECTIONS].splitlines()[0])
    assert rec["content"]["uuid"] == new.uuid and rec["revision"] != held
    rec["revision"] = held
    forged = resign({**members, bundle.INSPECTIONS: canonical_json(rec) + b"\n"})
    refuse(office, rezip(office.folder / "reused.qib", forged), "同编号的修订内容不同", sound=True)
