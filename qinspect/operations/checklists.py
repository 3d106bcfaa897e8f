"""Checklist versions: the installed ones, checking and installing a new year's file, comparing two.

The window's checklist-versions dialog and `qinspect checklists list|validate|install|diff`
reach the store through these.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qinspect.domain import checklist_diff
from qinspect.domain.checklist import Checklist
from qinspect.domain.checklist_diff import ChecklistDiff
from qinspect.errors import ChecklistError, Problem, QInspectError
from qinspect.operations.changes import CHECKLISTS, changes
from qinspect.store import checklists
from qinspect.store.db import Store

__all__ = ["Checked", "check_files", "compare", "describe", "get", "install", "listing"]

listing = checklists.listing
get = checklists.get


@dataclass(frozen=True)
class Checked:
    """A template file read and validated: its checklist, or every problem found (file, item, field, why)."""
    path: Path
    checklist: Checklist | None
    problems: tuple[Problem, ...]


def check_files(paths: list[Path]) -> list[Checked]:
    """Each file validated on its own, so one bad file does not hide another's problems."""
    out = []
    for path in map(Path, paths):
        try:
            out.append(Checked(path, checklists.load_file(path), ()))
        except ChecklistError as e:
            out.append(Checked(path, None, tuple(e.problems)))
        except QInspectError as e:  # not readable, not UTF-8
            out.append(Checked(path, None, (Problem(str(path), None, None, str(e)),)))
    return out


@changes(CHECKLISTS)
def install(store: Store, loaded: list[Checklist]) -> list[tuple[str, str]]:
    """Install checked versions in one transaction: (ref, "installed" | "unchanged") each, or none at all."""
    with store.atomic():
        return [(c.ref, checklists.install(store, c)) for c in loaded]


def compare(store: Store, old_ref: str, new_ref: str) -> tuple[ChecklistDiff, Checklist, Checklist]:
    """Two installed versions (ID@VERSION) compared by their stable item ids."""
    old, new = checklists.get_ref(store, old_ref), checklists.get_ref(store, new_ref)
    return checklist_diff.diff_checklists(old, new), old, new


describe = checklist_diff.describe
