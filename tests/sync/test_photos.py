"""Photos do not clog the stick: stored downscaled, and an export carries what fits, the rest in the next bundle."""

from __future__ import annotations

import io
import os

from PIL import Image

from qinspect.domain.records import Answer
from qinspect.store import evidence
from qinspect.sync.exporting import RECORDS_MARGIN, export_bundle
from qinspect.sync.importing import import_bundles
from tests.sync.helpers import edit, village_inspection


def phone_photo() -> bytes:
    """A 4000 × 3000 camera photo of noise (so it does not compress away), a few MB."""
    image = Image.frombytes("RGB", (4000, 3000), os.urandom(4000 * 3000 * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


def test_a_phone_photo_is_stored_downscaled_and_the_original_only_when_asked(store):
    taken = phone_photo()
    assert len(taken) > 3 * 1024**2
    digest = evidence.attach_photo(store, taken)
    kept = evidence.get_evidence(store, digest)
    with Image.open(io.BytesIO(kept.data)) as image:
        assert image.format == "JPEG" and max(image.size) == 1600 and image.size == (1600, 1200)
    assert kept.media_type == "image/jpeg" and len(kept.data) < len(taken) / 3
    assert evidence.original(store, digest) is None
    second = evidence.attach_photo(store, phone_photo(), keep_original=True)
    assert evidence.original(store, second).media_type == "image/jpeg"


def test_an_export_carries_the_photos_that_fit_and_the_rest_follows(office):
    laptop = office.laptop("甲")
    uuids = []
    for vid in (office.ids["village1"], office.ids["village2"]):
        insp = village_inspection(laptop, vid)
        edit(laptop, insp.uuid, "F13", Answer([evidence.attach_photo(laptop, phone_photo())]))
        uuids.append(insp.uuid)
    size = laptop.execute("SELECT max(size) FROM evidence").fetchone()[0]
    first = export_bundle(laptop, office.folder / "1.qib", max_bytes=RECORDS_MARGIN + size + size // 2)
    assert (first.counts["inspections"], first.counts["evidence"], first.deferred) == (1, 1, 1)
    assert "将随下一个数据包发送" in first.describe()
    sup = office.supervisor
    assert import_bundles(sup, [first.path], trust=True).total("added") == 1
    # Nothing receipted yet: the next bundle carries both, and everything has arrived.
    second = export_bundle(laptop, office.folder / "2.qib")
    assert second.deferred == 0 and second.counts["evidence"] == 2
    assert import_bundles(sup, [second.path]).total("added") == 1
    assert sup.execute("SELECT count(*) FROM evidence").fetchone()[0] == 2
