"""Merging by revision: store incoming revisions, then settle an inspection's head and open conflicts.

An inspection's open versions are the leaves of its revision graph: revisions that no other
revision is based on or has merged. Leaves with the same content count once. A single open
version is the head (a fast-forward when it descends from the old head); several are a
conflict, all kept until a person resolves it, while the one with the smallest revision id
is shown as the head. The outcome depends only on which revisions are stored, never on the
order bundles arrive in or on any clock, so the same bundles in any order give the same
database, and nothing anyone entered is ever dropped.
"""

from __future__ import annotations

import sqlite3

from qinspect.domain.checklist import Checklist
from qinspect.domain.records import Inspection
from qinspect.domain.scoring import total_and_grade
from qinspect.errors import BundleRefused
from qinspect.store import checklists, inspections
from qinspect.store.db import Store, now
from qinspect.sync.bundle import Revision

ADDED, UPDATED, UNCHANGED, CONFLICT = "added", "updated", "unchanged", "conflict"


class DifferentRevision(BundleRefused):
    """A revision id here already names other content: this copy or the bundle's was altered."""


def add_revision(store: Store, rev: Revision, subject: dict | None = None, *, likely_new: bool = False) -> bool:
    """Store one incoming revision unless it is already here; True when it was new.

    `subject` is the register row the revision's subject uuid names, when the caller has it.
    `likely_new`: the caller knows the revision is most likely new (its inspection has no row here
    yet), so it is inserted straight away and looked up only if its id is taken.
    """
    uuid = rev.inspection.uuid
    digest = rev.content_hash or rev.inspection.content_hash()
    if not likely_new and _already_here(store, rev.id, uuid, digest):
        return False
    for parent in (rev.base, *rev.merged):
        if parent is None:
            continue
        found = store.execute("SELECT inspection_uuid FROM revisions WHERE id = ?", (parent,)).fetchone()
        if found is None or found[0] != uuid:
            raise BundleRefused(f"数据包中检查 {uuid} 的修订 {rev.id} 所依据的修订 {parent} 既不在包中也不在本机；"
                                "数据包不完整，已拒绝。")
    try:
        inspections.write_revision(store, rev.inspection, revision=rev.id, base=rev.base, device_id=rev.device,
                                   author=rev.author, created_at=rev.created_at, reason=rev.reason, total=0.0,
                                   grade="", make_head=False, content_hash=digest, subject=subject)
    except sqlite3.IntegrityError as e:
        # its id taken: the revisions row, written first, was refused, so nothing of it is written
        if likely_new and "revisions.id" in str(e) and _already_here(store, rev.id, uuid, digest):
            return False
        raise
    if rev.merged:
        store.conn.executemany("INSERT INTO revision_parents(revision_id, parent_id) VALUES (?, ?)",
                               [(rev.id, parent) for parent in sorted(set(rev.merged))])
    return True


def _already_here(store: Store, rev_id: str, inspection_uuid: str, digest: str) -> bool:
    """Whether the revision is stored already; refused when its id here names other content."""
    row = store.execute("SELECT inspection_uuid, content_hash FROM revisions WHERE id = ?", (rev_id,)).fetchone()
    if row is not None and tuple(row) != (inspection_uuid, digest):
        raise DifferentRevision(f"数据包中的修订 {rev_id} 与本机同编号的修订内容不同，数据包可能是伪造的，已拒绝。")
    return row is not None


def _revisions(store: Store, inspection_uuid: str) -> list[tuple[str, str | None, str, str]]:
    """(id, base, content hash, created at) of every stored revision of an inspection."""
    return store.execute("SELECT id, base, content_hash, created_at FROM revisions WHERE inspection_uuid = ?",
                         (inspection_uuid,)).fetchall()


def leaves(store: Store, inspection_uuid: str, revisions: list[tuple] | None = None,
           merged: set[str] | None = None) -> list[tuple[str, str]]:
    """(revision id, content hash) of every revision nothing is based on or has merged, by id.

    `revisions` are as `_revisions` gives them and `merged` the revisions they merged, when known.
    """
    if revisions is None:
        revisions = _revisions(store, inspection_uuid)
    built_on = {base for _, base, _, _ in revisions if base is not None}
    if merged is None:
        merged = {r[0] for r in store.execute(
            "SELECT p.parent_id FROM revision_parents p JOIN revisions r ON r.id = p.revision_id "
            "WHERE r.inspection_uuid = ?", (inspection_uuid,))}
    built_on.update(merged)
    return sorted((rev_id, digest) for rev_id, _, digest, _ in revisions if rev_id not in built_on)


def open_versions(store: Store, inspection_uuid: str, revisions: list[tuple] | None = None,
                  merged: set[str] | None = None) -> list[str]:
    """The inspection's open versions, one per distinct content, smallest revision id (the head) first."""
    by_content: dict[str, str] = {}
    for rev_id, digest in leaves(store, inspection_uuid, revisions, merged):
        by_content.setdefault(digest, rev_id)
    return sorted(by_content.values())


def settle(store: Store, inspection_uuid: str, incoming: dict[str, Inspection], bundle_id: str, *,
           subject: dict | None = None, form: Checklist | None = None,
           before: tuple | None | object = inspections.UNREAD,
           graph: tuple[list[tuple], set[str]] | None = None, follow_ups: bool = True) -> str:
    """Point the inspection at its head and record its open conflicts; says what the import did to it.

    `subject` and `form` are the inspection's register row and checklist when the caller has them,
    `before` the inspection row's `(head,)` (None: not here yet) when it read it before adding the
    revisions, and `graph` its stored revisions (as `_revisions`) with the ones they merged, when
    the caller knows them: for an inspection new here, exactly the revisions it just added.
    `follow_ups` False: no stored revision is a follow-up (inspections.set_head).
    """
    if before is inspections.UNREAD:
        before = store.execute("SELECT head FROM inspections WHERE uuid = ?", (inspection_uuid,)).fetchone()
    # conflicts rows refer to their inspection's row (a foreign key): a new inspection has none
    old_conflicts = set() if before is None else {r[0] for r in store.execute(
        "SELECT revision_id FROM conflicts WHERE inspection_uuid = ?", (inspection_uuid,))}
    # read once: the graph, the times and the hashes below
    revisions, merged = graph if graph is not None else (_revisions(store, inspection_uuid), None)
    tips = open_versions(store, inspection_uuid, revisions, merged)
    head, others = tips[0], set(tips[1:])
    if before is None or before[0] != head:
        content = incoming.get(head) or inspections.load(store, inspection_uuid, head)
        if form is None:
            form = checklists.get(store, content.checklist_id, content.checklist_version)
        total, grade = total_and_grade(form, content.values)
        created = min(((at, rev_id) for rev_id, base, _, at in revisions if base is None), default=None)
        updated = next(at for rev_id, _, _, at in revisions if rev_id == head)
        inspections.set_head(store, content, revision=head, created_at=created[0] if created else updated,
                             updated_at=updated, total=total, grade=grade, subject=subject,
                             before=before, follow_ups=follow_ups)
    for gone in old_conflicts - others:
        store.execute("DELETE FROM conflicts WHERE inspection_uuid = ? AND revision_id = ?", (inspection_uuid, gone))
    found = now() if others - old_conflicts else ""
    for rev_id in sorted(others - old_conflicts):
        store.execute("INSERT INTO conflicts(inspection_uuid, revision_id, found_at, bundle_id) VALUES (?, ?, ?, ?)",
                      (inspection_uuid, rev_id, found, bundle_id))
    if before is None:
        return ADDED
    old_tips = {before[0], *old_conflicts}
    hashes = {rev_id: digest for rev_id, _, digest, _ in revisions}
    if _contents(store, old_tips, hashes) == _contents(store, set(tips), hashes):
        return UNCHANGED
    return CONFLICT if others and not set(tips) <= old_tips else UPDATED


def _contents(store: Store, revisions: set[str], known: dict[str, str]) -> set[str]:
    """The content hashes of revisions: the inspection's own from `known`, any other asked for."""
    return {known.get(r) or store.execute("SELECT content_hash FROM revisions WHERE id = ?", (r,)).fetchone()[0]
            for r in revisions}
