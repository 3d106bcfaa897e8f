"""Photo and other evidence, content-addressed by SHA-256 in the `evidence` table.

The same file added twice is stored once; an answer refers to its evidence by hash, so a
bundle carries each photo once however many inspections show it. A photo attached from a
phone (3–8 MB) is stored downscaled to a size that still shows the finding, so bundles fit
on a stick; its original stays on this computer only when the user asks for it.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qinspect.errors import InvalidInput, NotFound
from qinspect.store.db import Store, now

if TYPE_CHECKING:
    from PIL import Image

# Pillow is imported where a photo is read, not with this module: the follow-up list imports it
# at every start of the window (docs/benchmarks.md).
# A phone photo is a few MB; anything far larger is a video or a scan that bloats every bundle.
MAX_EVIDENCE_BYTES = 25 * 1024 * 1024
MAX_PHOTO_SIDE = 1600  # px, longest side: a finding on a label or a workshop wall stays readable
JPEG_QUALITY = 85
MAX_ORIGINAL_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Evidence:
    sha256: str
    media_type: str
    data: bytes


def add_evidence(store: Store, data: bytes, media_type: str) -> str:
    """Store `data` once and return its SHA-256 (hex)."""
    if not data:
        raise InvalidInput("证据文件是空的")
    if len(data) > MAX_EVIDENCE_BYTES:
        raise InvalidInput(f"证据文件有 {len(data) // (1024 * 1024)} MB，超过 {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB 的上限")
    digest = hashlib.sha256(data).hexdigest()
    with store.atomic():
        store.execute("INSERT OR IGNORE INTO evidence(sha256, media_type, size, data, added_at) "
                      "VALUES (?, ?, ?, ?, ?)", (digest, media_type, len(data), data, now()))
    return digest


def attach_photo(store: Store, data: bytes, *, keep_original: bool = False) -> str:
    """Store a photo the user attached, downscaled to JPEG with its longest side 1,600 px; returns its hash.

    A JPEG already that small is stored as it is. With `keep_original` the file as taken is
    kept in `evidence_originals` (never exported).
    """
    if not data:
        raise InvalidInput("照片文件是空的")
    if len(data) > MAX_ORIGINAL_BYTES:
        raise InvalidInput(f"照片文件有 {len(data) // (1024 * 1024)} MB，大得不像照片；请选择相机或手机拍的照片。")
    from PIL import Image
    try:
        with Image.open(io.BytesIO(data)) as opened:
            small_jpeg = opened.format == "JPEG" and max(opened.size) <= MAX_PHOTO_SIDE
            stored = data if small_jpeg else _downscaled(opened)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise InvalidInput("这个文件不是可识别的图片；请选择 JPEG 或 PNG 照片。") from None
    with store.atomic():
        digest = add_evidence(store, stored, "image/jpeg")
        if keep_original and stored is not data:
            store.execute("INSERT OR IGNORE INTO evidence_originals(sha256, media_type, size, data) "
                          "VALUES (?, ?, ?, ?)", (digest, _media_type(data), len(data), data))
    return digest


def _downscaled(image: Image.Image) -> bytes:
    from PIL import Image, ImageOps
    image = ImageOps.exif_transpose(image)  # phones store "turn me" in EXIF; the copy is turned already
    image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE), Image.Resampling.LANCZOS)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def _media_type(data: bytes) -> str:
    from PIL import Image
    with Image.open(io.BytesIO(data)) as image:
        return Image.MIME.get(image.format or "", "application/octet-stream")


def original(store: Store, sha256: str) -> Evidence | None:
    """The photo as taken, when it was kept."""
    row = store.execute("SELECT media_type, data FROM evidence_originals WHERE sha256 = ?", (sha256,)).fetchone()
    return Evidence(sha256, row[0], bytes(row[1])) if row else None


def get_evidence(store: Store, sha256: str) -> Evidence:
    row = store.execute("SELECT media_type, data FROM evidence WHERE sha256 = ?", (sha256,)).fetchone()
    if row is None:
        raise NotFound(f"没有哈希为 {sha256[:12]}… 的证据文件")
    return Evidence(sha256, row[0], bytes(row[1]))
