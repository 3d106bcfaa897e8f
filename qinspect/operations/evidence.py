"""Photos as evidence: a file a person picked is checked to be a picture and stored by its hash.

The answer of a photo item lists the hashes; the same photo added twice is stored once.
"""

from __future__ import annotations

from pathlib import Path

from qinspect.errors import InvalidInput
from qinspect.store.db import Store
from qinspect.store.evidence import attach_photo, get_evidence

# The first bytes of the picture formats a camera or phone writes, and their media types.
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


def media_type(data: bytes) -> str | None:
    """The picture format of `data` from its first bytes; None when it is not a picture."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return next((media for magic, media in SIGNATURES if data.startswith(magic)), None)


def add_photo(store: Store, path: Path | str) -> str:
    """Store the picture at `path` once; its SHA-256, which the answer keeps."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise InvalidInput(f"无法读取 {path}（{e.strerror}）") from None
    if media_type(data) is None:
        raise InvalidInput(f"{path} 不是可识别的图片文件")
    return attach_photo(store, data)  # downscaled to a 1,600 px JPEG


def photo(store: Store, digest: str) -> bytes:
    """The stored picture of a hash (NotFound when this database does not have it)."""
    return get_evidence(store, digest).data
