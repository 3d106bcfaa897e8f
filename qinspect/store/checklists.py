"""Checklist versions in the database: installed once, immutable, found by id and version."""

from __future__ import annotations

from pathlib import Path

from qinspect.domain.checklist import Checklist, content_hash, parse_checklist
from qinspect.errors import InvalidInput, NotFound
from qinspect.paths import shipped_checklists
from qinspect.store import audit
from qinspect.store.db import Store, now

_parsed: dict[str, Checklist] = {}  # by content hash: a version's text never changes


def load_file(path: Path | str) -> Checklist:
    """Read and validate a template file (raises ChecklistError naming file and item)."""
    return parse_checklist(_read(path), str(path))


def _read(path: Path | str) -> str:
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}: 不是 UTF-8 编码的文本文件") from None
    except OSError as e:
        raise InvalidInput(f"{path}: 无法读取（{e.strerror}）") from None


def install(store: Store, checklist: Checklist) -> str:
    """Store a version: "installed", or "unchanged" when the same text is already there.

    The same id and version with different text is refused: a published version is immutable,
    so a revision needs a new version.
    """
    row = store.execute("SELECT hash FROM checklists WHERE id = ? AND version = ?",
                        (checklist.id, checklist.version)).fetchone()
    if row:
        if row[0] == checklist.hash:
            return "unchanged"
        raise InvalidInput(
            f"检查表 {checklist.ref} 已安装且内容不同；已发布的版本不可修改，请为修订后的检查表使用新的 version。")
    with store.atomic():
        store.execute(
            "INSERT INTO checklists(id, version, title, subject, hash, source, installed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (checklist.id, checklist.version, checklist.title, checklist.subject, checklist.hash,
             checklist.source, now()))
        audit.append(store, "install", "checklist", checklist.ref, {"hash": checklist.hash})
    return "installed"


def install_shipped(store: Store) -> dict[str, str]:
    """Install every template shipped in resources/checklists; returns ref -> outcome.

    Every start of the window runs this: a file whose very text is installed already (the same
    content hash) is "unchanged" without parsing it again, which took 60 ms a start.
    """
    installed = dict(store.execute("SELECT hash, id || '@' || version FROM checklists").fetchall())
    outcome = {}
    for path in shipped_checklists():
        text = _read(path)
        known = installed.get(content_hash(text))
        if known is not None:
            outcome[known] = "unchanged"
        else:
            checklist = parse_checklist(text, str(path))
            outcome[checklist.ref] = install(store, checklist)
    return outcome


def get(store: Store, checklist_id: str, version: str | None = None) -> Checklist:
    """A stored version, or the newest one when `version` is None."""
    if version:
        row = store.execute("SELECT source, hash FROM checklists WHERE id = ? AND version = ?",
                            (checklist_id, version)).fetchone()
    else:
        row = store.execute("SELECT source, hash FROM checklists WHERE id = ? ORDER BY version DESC LIMIT 1",
                            (checklist_id,)).fetchone()
    if row is None:
        name = f"{checklist_id}@{version}" if version else checklist_id
        raise NotFound(f"没有检查表 {name}；可用 qinspect checklists list 查看已安装的检查表。")
    source, digest = row
    if digest not in _parsed:
        _parsed[digest] = parse_checklist(source, f"{checklist_id}@{version or 'latest'}")
    return _parsed[digest]


def get_ref(store: Store, ref: str) -> Checklist:
    """`ID` or `ID@VERSION`, as typed on the command line."""
    cid, _, version = ref.partition("@")
    return get(store, cid, version or None)


def listing(store: Store, subject: str | None = None) -> list[dict]:
    """Installed versions, newest version of each id first."""
    sql = "SELECT id, version, title, subject, hash FROM checklists"
    args: list = []
    if subject:
        sql += " WHERE subject = ?"
        args.append(subject)
    return list(store.query(sql + " ORDER BY id, version DESC", args))


def newest_of_year(store: Store, checklist_id: str, year: int) -> Checklist:
    """The newest installed version of a form for a year: "2009.1" over "2009", never "2010"."""
    row = store.execute("SELECT version FROM checklists WHERE id = ? AND (version = ? OR version LIKE ?) "
                        "ORDER BY version DESC LIMIT 1", (checklist_id, str(year), f"{year}.%")).fetchone()
    return get(store, checklist_id, row[0] if row else str(year))
