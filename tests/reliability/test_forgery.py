"""Item 8, forgery: each forged bundle is refused through the CLI in one sentence, the database dump unchanged.

The supervisor already holds the laptop's first bundle. tests/sync/test_refusals.py checks
the signature cases' sentences in-process; here each forgery goes through `qinspect bundle
import` as a user would run it, and the one case only the merge can catch is added: a score
edited in a revision the supervisor holds, with its content hash, member hash and signature
all made again with the laptop's own key.
"""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from qinspect.cli import main
from qinspect.domain.records import canonical_json
from qinspect.operations import devices
from qinspect.store.db import open_store
from qinspect.sync import bundle
from qinspect.sync.device import generate_key
from qinspect.sync.exporting import export_bundle
from qinspect.sync.importing import import_bundles
from tests.reliability.world import database_digest
from tests.sync.conftest import office  # noqa: F401 - the sync suite's bureau and laptops
from tests.sync.helpers import read_members, resign, rezip, village_inspection


@pytest.fixture
def sent(office):
    laptop = office.laptop("甲")
    village_inspection(laptop, office.ids["village1"], answers={"F01": "fail", "F03": 0})
    path = export_bundle(laptop, office.folder / "甲-1.qib").path
    assert not import_bundles(office.supervisor, [path], trust=True).refused
    return laptop, path


def _score_raised(members: dict[str, bytes]) -> dict[str, bytes]:
    """The revision's failed item made to pass, its content hash recomputed to match."""
    lines = []
    for line in members[bundle.INSPECTIONS].splitlines():
        rec = json.loads(line)
        rec["content"]["answers"]["F01"]["value"] = "pass"
        rec["content_hash"] = hashlib.sha256(canonical_json(rec["content"])).hexdigest()
        lines.append(canonical_json(rec))
    return {**members, bundle.INSPECTIONS: b"\n".join(lines) + b"\n"}


def forge(case: str, office, path):
    """The forged file for `case`, and what the supervisor's database must be told first."""
    members = read_members(path)
    other = generate_key()
    again = {"sequence": 2, "bundle_id": "f" * 32}  # a new bundle, so only the forgery can refuse it
    if case == "score edited, hashes fixed up, not re-signed":
        forged = resign(_score_raised(members), other)
        forged[bundle.MANIFEST] = resign(_score_raised(members))[bundle.MANIFEST]
        forged[bundle.SIGNATURE] = members[bundle.SIGNATURE]
    elif case == "score edited, all re-signed with the laptop's own key":
        forged = resign(_score_raised(members), **again)
    elif case == "another device's signature":
        forged = resign(members, other, public_key=other.public_text, **again)
    elif case == "an unknown key":
        forged = resign(members, other, public_key=other.public_text, device_id="e" * 32, device_name="乙",
                        **again)
    elif case == "a forgotten key":
        # (The laptop shares this test's installation key with the supervisor: another device's is forgotten.)
        other_device = {"public_key": other.public_text, "device_id": "e" * 32, "device_name": "乙"}
        first = rezip(office.folder / "乙-1.qib", resign(members, other, **other_device, bundle_id="d" * 32))
        assert not import_bundles(office.supervisor, [first], trust=True).refused
        devices.forget(office.supervisor, other.fingerprint)
        forged = resign(members, other, **other_device, **again)
    elif case == "a newer format":
        forged = resign(members, format_version=bundle.FORMAT_VERSION + 1, **again)
    return rezip(office.folder / "forged.qib", forged)


CASES = {
    "score edited, hashes fixed up, not re-signed": "签名无效",
    "score edited, all re-signed with the laptop's own key": "可能是伪造的",
    "another device's signature": "签名密钥.*不同",
    "an unknown key": "尚未信任的设备",
    "a forgotten key": "已被本机遗忘",
    "a newer format": "更新版本的 qinspect",
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_forged_bundle_is_refused_in_one_sentence_and_changes_nothing(office, sent, capsys, figure, case):
    _, path = sent
    forged = forge(case, office, path)
    sup = office.supervisor.path
    office.supervisor.close()
    before = database_digest(sup)
    assert main(["--db", str(sup), "bundle", "import", str(forged)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("qinspect: forged.qib：") and re.search(CASES[case], err[0]), err
    assert "Traceback" not in err[0]
    assert database_digest(sup) == before
    office.supervisor = open_store(sup)
    figure(f"{case}: {err[0]}")
