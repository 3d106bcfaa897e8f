"""Drafts of inspections being edited, kept on disk every few seconds so a crash loses nothing.

A draft is one JSON file per inspection in <data dir>/drafts/, written atomically
(qinspect.files) so a power cut leaves either the old draft or the new one. It names
the database it belongs to and the revision it was based on, so the next start offers it back
for the right file and a save on top of a newer revision is refused rather than lost.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from qinspect.domain.records import Answer, Inspection
from qinspect.files import write_atomically
from qinspect.paths import data_dir
from qinspect.store.db import Store, now

DRAFT_FORMAT = "qinspect-draft"
DRAFT_VERSION = 1


@dataclass(frozen=True)
class Draft:
    path: Path
    inspection: Inspection
    base: str | None  # the revision the edits started from; None for a never-saved inspection
    reason: str  # the reason given for revising a completed inspection, if it was being revised
    saved_at: str


def drafts_dir() -> Path:
    path = data_dir() / "drafts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def draft_path(inspection_uuid: str) -> Path:
    return drafts_dir() / f"{inspection_uuid}.json"


def _db_key(store: Store) -> str:
    return str(store.path.resolve())


def write_draft(store: Store, inspection: Inspection, base: str | None, reason: str = "") -> Path:
    target = draft_path(inspection.uuid)
    data = {
        "format": DRAFT_FORMAT, "version": DRAFT_VERSION, "db": _db_key(store), "base": base,
        "reason": reason, "saved_at": now(), "inspection": inspection.content(),
    }
    write_atomically(target, lambda tmp: tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8"))
    return target


def remove_draft(inspection_uuid: str) -> None:
    draft_path(inspection_uuid).unlink(missing_ok=True)


def read_draft(path: Path) -> tuple[str, Draft] | None:
    """(database path, draft), or None for a file that is not a readable draft."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != DRAFT_FORMAT or data.get("version") != DRAFT_VERSION:
            return None
        draft = Draft(path=path, inspection=inspection_from_content(data["inspection"]), base=data["base"],
                      reason=data.get("reason", ""), saved_at=data["saved_at"])
        return data["db"], draft
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def pending_drafts(store: Store) -> list[Draft]:
    """Drafts left behind for this database (by a crash or a power cut), oldest first."""
    key = _db_key(store)
    found = [read_draft(p) for p in sorted(drafts_dir().glob("*.json"))]
    return sorted((d for db, d in filter(None, found) if db == key), key=lambda d: d.saved_at)


def inspection_from_content(content: dict) -> Inspection:
    """The inverse of Inspection.content()."""
    return Inspection(
        uuid=content["uuid"], subject_kind=content["subject"]["kind"], subject_uuid=content["subject"]["uuid"],
        checklist_id=content["checklist"]["id"], checklist_version=content["checklist"]["version"],
        checklist_hash=content["checklist"]["hash"], date=content["date"], inspector=content["inspector"],
        status=content["status"], follows=content.get("follows", ""),
        answers={k: Answer(a["value"], a["note"], a["rectification"], a["deadline"])
                 for k, a in content["answers"].items()})
