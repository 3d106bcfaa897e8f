"""Writing a bundle into an open file; files.write_atomically gives it a temporary name and renames it.

The writer keeps to the reader's caps, so it never makes a bundle the reader would refuse.
"""

from __future__ import annotations

import hashlib
import zipfile
from typing import IO, Any, Iterable

from qinspect.domain.records import canonical_json
from qinspect.errors import InvalidInput
from qinspect.sync.bundle.format import (
    EVIDENCE_PREFIX, FORMAT, FORMAT_VERSION, MANIFEST, MAX_ENTRIES, MAX_MANIFEST_BYTES, MAX_MEMBER_EVIDENCE,
    MAX_RATIO, MAX_RECORD_BYTES, MAX_RECORDS_BYTES, MAX_TOTAL_BYTES, RATIO_FLOOR, SIGNATURE, Member)
from qinspect.sync.device import DeviceKey


class BundleWriter:
    """Writes one bundle's members, then its signed manifest, into `fh` (a file opened for writing)."""

    def __init__(self, fh: IO[bytes]):
        self.zip = zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self.members: list[Member] = []
        self.total = 0

    def _account(self, name: str, length: int) -> None:
        self.total += length
        if len(self.members) >= MAX_ENTRIES or self.total > MAX_TOTAL_BYTES:
            raise InvalidInput("要导出的数据超过单个数据包的上限（"
                               f"{MAX_ENTRIES} 个文件或 {MAX_TOTAL_BYTES // 1024**2} MB）；请分批导出。")

    def write_records(self, name: str, records: Iterable[dict]) -> int:
        digest, length, count = hashlib.sha256(), 0, 0
        with self.zip.open(name, "w") as out:
            for rec in records:
                line = canonical_json(rec) + b"\n"
                if len(line) > MAX_RECORD_BYTES or length + len(line) > MAX_RECORDS_BYTES:
                    raise InvalidInput(f"要导出的“{name}”中有记录或总量超过数据包的上限；请分批导出。")
                out.write(line)
                digest.update(line)
                length += len(line)
                count += 1
        packed = self.zip.getinfo(name).compress_size
        if length > RATIO_FLOOR and length > MAX_RATIO * max(packed, 1):
            raise InvalidInput(f"要导出的“{name}”内容重复得异常（压缩比超过 {MAX_RATIO}:1），数据包会被对方拒绝；请检查数据后再导出。")
        self._account(name, length)
        self.members.append(Member(name, length, digest.hexdigest()))
        return count

    def write_evidence(self, sha256: str, data: bytes) -> None:
        if hashlib.sha256(data).hexdigest() != sha256 or len(data) > MAX_MEMBER_EVIDENCE:
            raise InvalidInput(f"本机证据文件 {sha256[:12]}… 已损坏或过大，无法导出；请运行 qinspect db check。")
        name = EVIDENCE_PREFIX + sha256
        self._account(name, len(data))
        # Photos are already compressed; storing them keeps the ratio check meaningful.
        self.zip.writestr(zipfile.ZipInfo(name, (2009, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_STORED)
        self.members.append(Member(name, len(data), sha256))

    def finish(self, fields: dict[str, Any], key: DeviceKey) -> dict[str, Any]:
        """Write the signed manifest and close the zip; returns the manifest."""
        manifest = {**fields, "format": FORMAT, "format_version": FORMAT_VERSION, "public_key": key.public_text,
                    "members": [{"path": m.path, "length": m.length, "sha256": m.sha256} for m in self.members]}
        data = canonical_json(manifest)
        if len(data) > MAX_MANIFEST_BYTES:
            raise InvalidInput("要导出的文件太多，清单超过了上限；请分批导出。")
        self.zip.writestr(MANIFEST, data)
        self.zip.writestr(SIGNATURE, key.sign(data), compress_type=zipfile.ZIP_STORED)
        self.zip.close()
        return manifest

    def abandon(self) -> None:
        """Drop a bundle that failed half-way: the file is removed by write_atomically, so write nothing more."""
        try:
            self.zip.close()
        except (OSError, ValueError):
            self.zip.fp = None  # the disk is full or gone: let the zip go without its directory
