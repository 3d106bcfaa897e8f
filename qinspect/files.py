"""Writing a user's file safely: to a temporary name beside it, flushed, then renamed into place.

A full disk, a pulled USB stick or a crash mid-write leaves the old file (or none), never a
half-written one under the name asked for.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from qinspect.errors import InvalidInput


def write_atomically(path: Path | str, write: Callable[[Path], None]) -> Path:
    """Call `write(temp)` on a temporary file beside `path`, flush it to disk, then rename it."""
    target = Path(path)
    if target.is_dir():
        raise InvalidInput(f"{target} 是一个文件夹；请给出要写入的文件名。")
    if not target.parent.is_dir():
        raise InvalidInput(f"无法写入 {target}：文件夹 {target.parent} 不存在。")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as e:
        raise InvalidInput(f"无法写入 {target}（{e.strerror}）；请检查文件夹是否可写、磁盘是否已满。") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; what we write is an ordinary file
        os.replace(tmp, target)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise InvalidInput(f"无法写入 {target}（{e.strerror}）；请检查磁盘是否已满、U 盘是否已拔出。") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
