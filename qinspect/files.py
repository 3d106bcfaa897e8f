"""Writing a user's file safely, and one sentence for every way a disk or USB stick can fail.

A file is written to a temporary name beside it, flushed, then renamed into place: a full
disk, a pulled USB stick or a crash mid-write leaves the old file (or none), never a
half-written one under the name asked for, and no temporary file behind.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import tempfile
from pathlib import Path
from typing import Callable

from qinspect.errors import InvalidInput

PART_SUFFIX = ".part"
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_GONE = {errno.EIO, errno.ENODEV, errno.ENXIO, errno.ESTALE, errno.ENOENT, errno.EBADF}
# SQLite's primary result codes for a disk that is full, failing or read-only.
_SQLITE_FULL, _SQLITE_IOERR, _SQLITE_READONLY, _SQLITE_CANTOPEN = 13, 10, 8, 14


def write_problem(e: OSError, target: Path | str) -> InvalidInput:
    """The one sentence for a write to `target` that failed with `e`: what happened and what to do."""
    where = Path(target)
    code = e.errno
    if code in _FULL:
        return InvalidInput(f"{where.parent} 所在的磁盘或 U 盘空间已满，{where.name} 没有写成；"
                            "请腾出空间或换一个 U 盘后再试。")
    if code == errno.EROFS:
        return InvalidInput(f"{where.parent} 是只读的（U 盘可能拨到了写保护），{where.name} 没有写成；"
                            "请换一个可写的位置后再试。")
    if code in _GONE:
        return InvalidInput(f"写入 {where.name} 时 {where.parent} 读写出错或已被拔出，文件没有写成；"
                            "请重新插好 U 盘后再试。")
    return InvalidInput(f"无法写入 {where}（{e.strerror or e}）；请检查文件夹是否可写、磁盘是否已满。")


def database_problem(e: sqlite3.Error, database: Path | str) -> InvalidInput | None:
    """The sentence for SQLite failing because its disk is full, failing or read-only; None for other errors."""
    code = getattr(e, "sqlite_errorcode", None)
    if code is None:
        return None
    where = Path(database)
    primary = code & 0xFF
    if primary == _SQLITE_FULL:
        return InvalidInput(f"数据库 {where.name} 所在的磁盘已满，这次更改没有保存，数据库保持原样；"
                            "请腾出磁盘空间后再试。")
    if primary in (_SQLITE_IOERR, _SQLITE_CANTOPEN):
        return InvalidInput(f"读写数据库 {where.name} 时磁盘出错或已被拔出，这次更改没有保存；"
                            "请检查磁盘后重新打开 qinspect 再试。")
    if primary == _SQLITE_READONLY:
        return InvalidInput(f"数据库 {where.name} 所在的位置是只读的，这次更改没有保存；请把数据库放在可写的位置。")
    return None


def write_atomically(path: Path | str, write: Callable[[Path], None], *, overwrite: bool = True) -> Path:
    """Call `write(temp)` on a temporary file beside `path`, flush it to disk, then rename it.

    With `overwrite=False` an existing file is refused rather than replaced. Any OSError
    (full disk, pulled stick, read-only card) becomes one sentence, with the temporary file gone.
    """
    target = Path(path)
    if target.is_dir():
        raise InvalidInput(f"{target} 是一个文件夹；请给出要写入的文件名。")
    if not target.parent.is_dir():
        raise InvalidInput(f"无法写入 {target}：文件夹 {target.parent} 不存在。")
    if not overwrite and target.exists():
        raise already_exists(target)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=PART_SUFFIX)
    except OSError as e:
        raise write_problem(e, target) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; what we write is an ordinary file
        if not overwrite and target.exists():  # appeared while we were writing
            raise already_exists(target)
        os.replace(tmp, target)
        _sync_folder(target.parent)
    except OSError as e:
        _remove(tmp)
        raise write_problem(e, target) from None
    except BaseException:
        _remove(tmp)
        raise
    return target


def remove_stale_parts(folder: Path | str, suffix: str) -> int:
    """Remove temporary files an interrupted write of a `*suffix` file left in `folder`; how many went."""
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    ours = re.compile(r"\..+" + re.escape(suffix) + r"\.[A-Za-z0-9_]+" + re.escape(PART_SUFFIX))
    for name in names:
        if ours.fullmatch(name):
            try:
                os.unlink(Path(folder) / name)
                removed += 1
            except OSError:
                pass  # a read-only or vanished stick: the write that follows will say so
    return removed


def already_exists(target: Path) -> InvalidInput:
    return InvalidInput(f"{target} 已存在，没有覆盖它（它可能是还没送出的数据）；请换一个文件名（确认不再需要它时，命令行可加 --force 覆盖）。")


def _remove(tmp: Path) -> None:
    try:
        tmp.unlink(missing_ok=True)
    except OSError:
        pass  # the stick is gone; nothing is left on this computer


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable: a stick pulled right after it keeps the new name."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
