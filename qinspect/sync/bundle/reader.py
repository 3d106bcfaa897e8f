"""Reading a bundle as a hostile file: structure, caps, manifest and signature, then records in chunks.

Nothing is extracted: members are read one at a time, by name from an allow-list, in chunks,
with every cap checked before and while streaming, so a zip bomb is refused after reading its
directory and a lying header after one chunk past its claim. JSON is strict UTF-8.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any, Iterator

from qinspect.errors import BundleRefused
from qinspect.sync.bundle.format import (
    CHECKLISTS, CHUNK, DAMAGED, EVIDENCE, EVIDENCE_PREFIX, INSPECTIONS, MANIFEST,
    MAX_BUNDLE_BYTES, MAX_CENTRAL_DIRECTORY, MAX_ENTRIES, MAX_MANIFEST_BYTES, MAX_MEMBER_EVIDENCE, MAX_RATIO,
    MAX_RECORD_BYTES, MAX_RECORDS_BYTES, MAX_TOTAL_BYTES, NOT_A_BUNDLE, RATIO_FLOOR, READERS, RECEIPTS,
    RECORD_MEMBERS, RECORD_MEMBERS_V1, REGISTERS, SIGNATURE, SIGNATURE_BYTES, WORKFLOW, Manifest, Member,
    _EVIDENCE_NAME,
    _manifest_from, read_line, read_revision_line, refused, strict_json)
from qinspect.progress import Progress


def _member_cap(name: str) -> int | None:
    """The size cap of an allowed member name, or None when the name is not allowed."""
    if name == MANIFEST:
        return MAX_MANIFEST_BYTES
    if name == SIGNATURE:
        return SIGNATURE_BYTES
    if name in RECORD_MEMBERS:
        return MAX_RECORDS_BYTES
    if _EVIDENCE_NAME.fullmatch(name):
        return MAX_MEMBER_EVIDENCE
    return None


def _name_refusal(name: str) -> BundleRefused:
    shown = name.encode("unicode_escape").decode("ascii")[:80]
    if (name.startswith(("/", "\\")) or "\\" in name or ".." in name.split("/")
            or re.match(r"[A-Za-z]:", name) or "\x00" in name):
        return refused(f"数据包中有不安全的文件名“{shown}”（绝对路径、..、反斜杠或盘符），可能是恶意构造的，已拒绝。")
    return refused(f"数据包中有不该出现的成员“{shown}”，已拒绝。")


def _check_end_record(fh, size: int) -> None:
    """Read the zip's end record ourselves, so a huge or zip64 directory is refused before parsing it."""
    tail_len = min(size, 22 + 65535)
    fh.seek(size - tail_len)
    tail = fh.read(tail_len)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or len(tail) - pos < 22:
        raise refused(NOT_A_BUNDLE)
    _, disk, cd_disk, n_here, n_total, cd_size, cd_offset, _ = struct.unpack("<4s4H2LH", tail[pos:pos + 22])
    if pos >= 20 and tail[pos - 20:pos - 16] == b"PK\x06\x07" or 0xFFFF in (n_here, n_total) \
            or 0xFFFFFFFF in (cd_size, cd_offset):
        raise refused("数据包使用了 qinspect 不会产生的 zip64 格式，或超过了大小上限，已拒绝。")
    if disk or cd_disk or n_here != n_total:
        raise refused(NOT_A_BUNDLE)
    if n_total > MAX_ENTRIES + 2:
        raise refused(f"数据包有 {n_total} 个成员，超过 {MAX_ENTRIES + 2} 个的上限，已拒绝。")
    if cd_size > MAX_CENTRAL_DIRECTORY:
        raise refused("数据包的目录大得不正常，可能是恶意构造的，已拒绝。")


_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError,
               ValueError, RuntimeError, struct.error, UnicodeDecodeError)


class Tally:
    """What one pass over a bundle's records adds up to, compared with the manifest's counts at the end."""

    def __init__(self, manifest: Manifest):
        self.counts = dict.fromkeys(manifest.count_keys, 0)
        self.inspections: set[str] = set()
        self.listed_evidence: set[str] = set()

    def add(self, name: str, rec: Any) -> None:
        if name == INSPECTIONS:
            self.counts["revisions"] += 1
            self.inspections.add(rec.inspection.uuid)
        elif name == RECEIPTS:
            self.counts["receipts"] += len(rec["revisions"])
        elif name == WORKFLOW:
            self.counts[rec["type"] + "s"] += 1
        else:
            if name == EVIDENCE:
                self.listed_evidence.add(EVIDENCE_PREFIX + rec["sha256"])
            self.counts[_COUNTED[name]] += 1


_COUNTED = {CHECKLISTS: "checklists", REGISTERS: "registers", EVIDENCE: "evidence"}


class BundleReader:
    """An opened bundle whose structure, manifest and signature have been checked.

    `verify()` then reads every member once (hashes, record shapes, counts) and changes nothing.
    An import instead reads each member once with `records()` and `evidence()` inside its
    transaction, and calls `finish()` at the end: a member whose SHA-256 does not match refuses
    the bundle when its last chunk is read, so what was written from it is rolled back.
    """

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.checked: set[str] = set()  # members read to the end whose length and SHA-256 matched
        self._fh = None
        self.zip: zipfile.ZipFile | None = None
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    def _open(self) -> None:
        try:
            self._fh = open(self.path, "rb")
            size = os.fstat(self._fh.fileno()).st_size
        except OSError as e:
            raise refused(f"无法读取数据包 {self.path.name}（{e.strerror}）。") from None
        if size > MAX_BUNDLE_BYTES:
            raise refused(f"数据包有 {size // 1024**2} MB，超过 {MAX_BUNDLE_BYTES // 1024**2} MB 的上限，已拒绝。")
        if size < 22:
            raise refused(NOT_A_BUNDLE)
        _check_end_record(self._fh, size)
        try:
            self._fh.seek(0)
            self.zip = zipfile.ZipFile(self._fh)
            infos = self.zip.infolist()
        except _ZIP_ERRORS:
            raise refused(NOT_A_BUNDLE) from None
        self.infos: dict[str, zipfile.ZipInfo] = {}
        total = compressed = 0
        for info in infos:
            name = info.filename
            cap = _member_cap(name)
            if cap is None or info.orig_filename != name:
                raise _name_refusal(info.orig_filename)
            if name in self.infos:
                raise refused(f"数据包中成员“{name}”出现了两次，可能是恶意构造的，已拒绝。")
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode) or stat.S_ISDIR(mode) or info.is_dir():
                raise refused(f"数据包中的“{name}”是链接或目录，qinspect 不会产生这样的数据包，已拒绝。")
            if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise refused(f"数据包中的“{name}”使用了加密或不支持的压缩方式，已拒绝。")
            if info.file_size > cap:
                raise refused(f"数据包中的“{name}”有 {info.file_size} 字节，超过 {cap} 字节的上限，已拒绝。")
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise refused(f"数据包中的“{name}”压缩比异常（疑似压缩炸弹），已拒绝。")
            total += info.file_size
            compressed += info.compress_size
            self.infos[name] = info
        if total > MAX_TOTAL_BYTES:
            raise refused(f"数据包解压后超过 {MAX_TOTAL_BYTES // 1024**2} MB 的上限，已拒绝。")
        if compressed > size:
            raise refused("数据包的成员互相重叠（疑似压缩炸弹），已拒绝。")
        for name in (MANIFEST, SIGNATURE, *RECORD_MEMBERS_V1):
            if name not in self.infos:
                raise refused(f"数据包缺少成员“{name}”；数据包不完整或已被改动，已拒绝。")
        manifest_bytes = self._read_whole(MANIFEST)
        signature = self._read_whole(SIGNATURE)
        if len(signature) != SIGNATURE_BYTES:
            raise refused("数据包的签名文件长度不对；数据包已损坏或是伪造的，已拒绝。")
        self.manifest_bytes = manifest_bytes
        self.manifest = _manifest_from(strict_json(manifest_bytes, "清单"), signature, manifest_bytes)
        for name in self.manifest.record_members:
            if name not in self.infos:
                raise refused(f"数据包缺少成员“{name}”；数据包不完整或已被改动，已拒绝。")
        self.members = {m.path: m for m in self.manifest.members}
        if len(self.members) != len(self.manifest.members):
            raise refused("数据包清单中有重复的成员；数据包是伪造的，已拒绝。")
        listed = set(self.members)
        present = set(self.infos) - {MANIFEST, SIGNATURE}
        if listed != present:
            extra, missing = sorted(present - listed), sorted(listed - present)
            which = "多出了 " + "、".join(extra[:3]) if extra else "缺少 " + "、".join(missing[:3])
            raise refused(f"数据包的成员与清单不符（{which}）；数据包在导出后被改动过，已拒绝。")
        for name, member in self.members.items():
            if self.infos[name].file_size != member.length:
                raise refused(DAMAGED.format(what=f"“{name}”的长度与清单不符"))
            if name.startswith(EVIDENCE_PREFIX) and member.sha256 != name[len(EVIDENCE_PREFIX):]:
                raise refused(DAMAGED.format(what=f"“{name}”的名称与其 SHA-256 不符"))

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()
            self.zip = None
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> "BundleReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- streaming ----------------------------------------------------------------------
    def _chunks(self, name: str, cap: int, member: Member | None) -> Iterator[bytes]:
        """A member's bytes in chunks; past the cap or the manifest's length it stops and refuses."""
        info = self.infos[name]
        digest = hashlib.sha256()
        n = 0
        limit = min(cap, member.length) if member else cap
        try:
            with self.zip.open(info) as fh:
                while True:
                    chunk = fh.read(CHUNK)
                    if not chunk:
                        break
                    n += len(chunk)
                    if n > limit:
                        raise refused(DAMAGED.format(what=f"“{name}”比清单所记的更长"))
                    digest.update(chunk)
                    yield chunk
        except _ZIP_ERRORS:
            raise refused(DAMAGED.format(what=f"“{name}”无法解压或校验和不符")) from None
        if member is not None:
            if n != member.length or digest.hexdigest() != member.sha256:
                raise refused(DAMAGED.format(what=f"“{name}”的 SHA-256 与清单不符"))
            self.checked.add(name)

    def _read_whole(self, name: str) -> bytes:
        return b"".join(self._chunks(name, _member_cap(name), None))

    def _lines(self, name: str) -> Iterator[bytes]:
        too_long = f"数据包中“{name}”有一条记录超过 {MAX_RECORD_BYTES // 1024} KB 的上限，已拒绝。"
        pending = b""
        for chunk in self._chunks(name, MAX_RECORDS_BYTES, self.members[name]):
            *lines, pending = (pending + chunk if pending else chunk).split(b"\n")  # the last piece goes on
            for line in lines:
                if len(line) > MAX_RECORD_BYTES:
                    raise refused(too_long)
                yield line
            if len(pending) > MAX_RECORD_BYTES:
                raise refused(too_long)
        if pending:
            yield pending

    def records(self, name: str, tally: Tally | None = None) -> Iterator[Any]:
        """The checked records of one records member, one at a time (counted in `tally`)."""
        read = READERS[name]
        what = f"“{name}”中的记录"
        for line in self._lines(name):
            rec = read_revision_line(line, what) if name == INSPECTIONS else read(read_line(line, what))
            if tally is not None:
                tally.add(name, rec)
            yield rec

    def evidence(self, sha256: str) -> bytes:
        name = EVIDENCE_PREFIX + sha256
        if name not in self.members:
            raise refused(f"数据包列出的证据 {sha256[:12]}… 不在包中；数据包不完整，已拒绝。")
        return b"".join(self._chunks(name, MAX_MEMBER_EVIDENCE, self.members[name]))

    def verify(self, progress: Progress | None = None) -> dict[str, int]:
        """Read every member once: hashes, record shapes and the manifest's counts. Returns the counts."""
        total = sum(m.length for m in self.manifest.members) or 1
        done = 0
        label = f"正在校验 {self.path.name}"
        if progress:
            progress(0, total, label)
        tally = Tally(self.manifest)
        for name in self.manifest.record_members:
            for n, _ in enumerate(self.records(name, tally), 1):
                if progress and n % 500 == 0:
                    progress(done, total, label)  # also where a cancel is noticed
            done += self.members[name].length
            if progress:
                progress(done, total, label)
        for name in self._evidence_members():
            for chunk in self._chunks(name, MAX_MEMBER_EVIDENCE, self.members[name]):
                done += len(chunk)
            if progress:
                progress(done, total, label)
        return self._compare(tally)

    def finish(self, tally: Tally) -> dict[str, int]:
        """After an import read the records: check the members it did not read, then the counts."""
        for name in self.members:
            if name not in self.checked:
                for _ in self._chunks(name, _member_cap(name), self.members[name]):
                    pass
        return self._compare(tally)

    def _evidence_members(self) -> list[str]:
        return [n for n in self.members if n.startswith(EVIDENCE_PREFIX)]

    def _compare(self, tally: Tally) -> dict[str, int]:
        counts = {**tally.counts, "inspections": len(tally.inspections)}
        if counts != self.manifest.counts or set(self._evidence_members()) != tally.listed_evidence:
            raise refused("数据包的内容与清单所记的数量不符；数据包已损坏或来自有错误的程序，已拒绝。")
        return counts
