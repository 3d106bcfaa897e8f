"""The one place that opens a qinspect database: pragmas, the writer's lock, migrations.

A database is opened for writing by one process at a time; a second one is refused with
a clear message (a lock file beside the database, released by the OS if we crash).
Pending migrations run after a backup copy made with SQLite's backup API.

A Store gives each thread its own SQLite connection to the file (opened on first use, with the
same pragmas), so the window's thread and a worker never share one; the writer's lock stays
one per process, held by the Store. A worker thread gives its connection back with
`release_thread_connections()` when its job ends.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import threading
import uuid
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from qinspect.errors import DatabaseLocked, QInspectError
from qinspect.files import database_problem
from qinspect.store.migrations import MIGRATIONS

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000
_open_stores: "weakref.WeakSet[Store]" = weakref.WeakSet()


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN … COMMIT, or a savepoint inside a transaction already open; rolled back on any exception."""
    if conn.in_transaction:
        savepoint = f"qinspect_{uuid.uuid4().hex}"
        conn.execute(f"SAVEPOINT {savepoint}")
        try:
            yield
        except BaseException:
            if conn.in_transaction:  # a RAISE(ROLLBACK) trigger or a full disk may have ended the transaction
                conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {savepoint}")
        return
    conn.execute("BEGIN")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def now() -> str:
    """UTC time as stored everywhere: ISO 8601 with seconds."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


class WriterLock:
    """An exclusive advisory lock on `<database>.lock`, held while the database is open."""

    def __init__(self, db_path: Path):
        self.path = db_path.with_name(db_path.name + ".lock")
        self._fh = None

    def acquire(self) -> None:
        try:
            fh = open(self.path, "a+")
        except OSError as e:
            raise QInspectError(f"无法在 {self.path.parent} 建立锁文件 {self.path.name}（{e.strerror}）。") from None
        try:
            _lock_file(fh)
        except OSError:
            fh.close()
            raise DatabaseLocked(
                f"数据库 {self.path.with_suffix('')} 正被另一个 qinspect 打开写入；请先关闭那个窗口或命令再试。"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            _unlock_file(self._fh)
            self._fh.close()
            self._fh = None


if os.name == "nt":  # pragma: no cover - exercised on Windows laptops
    import msvcrt

    def _lock_file(fh) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock_file(fh) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock_file(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock_file(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


class Store:
    """An open qinspect database. Use as a context manager, or call close().

    `create`: a missing file (and its folder) becomes a new database; otherwise it is refused.
    Whatever `create` says, a file that is empty, not SQLite, another program's SQLite database
    or one written by a newer qinspect is refused before anything is written or locked.
    """

    def __init__(self, path: Path, *, write: bool = True, create: bool = True):
        self.path = Path(path)
        self.lock = WriterLock(self.path) if write else None
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self._closed = False
        new = check_file(self.path, create=write and create)
        try:
            if new:
                try:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as e:
                    raise QInspectError(f"无法建立文件夹 {self.path.parent}（{e.strerror}）。") from None
            else:
                check_qinspect(self.path, create=write and create)
            if self.lock:
                self.lock.acquire()
            self._connect(first=True)
            if write:
                migrate(self)
            elif MIGRATIONS.pending_names(self.conn):
                raise QInspectError(f"数据库 {self.path} 需要升级；请关闭其他 qinspect 后运行 qinspect init。")
        except sqlite3.DatabaseError as e:
            self.close()
            raise QInspectError(f"{self.path} 不是可用的 qinspect 数据库（{e}）。") from None
        except BaseException:
            self.close()
            raise
        _open_stores.add(self)

    def _connect(self, first: bool = False) -> sqlite3.Connection:
        # check_same_thread=False only so close() may close it from any thread; the connection
        # itself is used by the one thread that opened it (it lives in that thread's local).
        conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        with self._guard:
            self._opened.append(conn)
        self._local.conn = conn
        self._local.db = None  # made on first use: opening needs no sqlite-utils (store/migrations.py)
        self._configure(conn, first)
        return conn

    def _configure(self, conn: sqlite3.Connection, first: bool) -> None:
        ex = conn.execute
        ex(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if self.lock and first:  # WAL is a property of the file: set once, by the writer
            mode = ex("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise QInspectError(f"数据库 {self.path} 无法切换到 WAL 日志模式（当前 {mode}）。")
        ex("PRAGMA foreign_keys = ON")
        ex("PRAGMA synchronous = FULL")

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection to the database."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if self._closed:
                raise QInspectError(f"数据库 {self.path} 已关闭。")
            conn = self._connect()
        return conn

    @property
    def db(self) -> "sqlite_utils.Database":
        """This thread's connection through sqlite-utils, for the migrations."""
        conn = self.conn
        if self._local.db is None:
            import sqlite_utils
            self._local.db = sqlite_utils.Database(conn)
        return self._local.db

    def query(self, sql: str, params=()) -> Iterator[dict]:
        """The rows of a query as dicts keyed by column name."""
        cursor = self.conn.execute(sql, params)
        keys = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row))

    def release_thread(self) -> None:
        """Close this thread's connection (a worker's, when its job is done)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            return
        self._local.conn = self._local.db = None
        with self._guard:
            if conn in self._opened:
                self._opened.remove(conn)
        conn.close()

    def close(self) -> None:
        self._closed = True
        _open_stores.discard(self)
        with self._guard:
            opened, self._opened = self._opened, []
        for conn in opened:
            conn.close()
        self._local = threading.local()
        if self.lock:
            self.lock.release()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def atomic(self) -> Iterator["Store"]:
        """A transaction (a savepoint when nested); a full or failing disk becomes one sentence, all rolled back.

        As sqlite-utils' Database.atomic does it, without importing sqlite-utils (a sixth of a second)
        for every command that writes.
        """
        try:
            with _transaction(self.conn):
                yield self
        except sqlite3.Error as e:
            problem = database_problem(e, self.path)
            if problem is None:
                raise
            raise problem from None

    def execute(self, sql: str, params=()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        self.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def clear_setting(self, key: str) -> None:
        self.execute("DELETE FROM settings WHERE key = ?", (key,))

    @property
    def device_id(self) -> str:
        return self.setting("device_id") or ""

    @property
    def user(self) -> str:
        return self.setting("user_name") or ""


def open_store(path: Path | str, *, write: bool = True, create: bool = True) -> Store:
    return Store(Path(path), write=write, create=create)


SQLITE_HEADER = b"SQLite format 3\x00"


def check_file(path: Path, *, create: bool) -> bool:
    """True when `path` is to become a new database; refuses what cannot be a qinspect database.

    Runs before anything is created, so a wrong `--db` leaves no folder, file or lock behind.
    A 0-byte file is refused even by `init`: it is most often a database lost in a copy, and
    SQLite would silently treat it as a new, empty one.
    """
    if not path.exists():
        if create:
            return True
        if not path.parent.is_dir():
            raise QInspectError(f"数据库 {path} 不存在（文件夹 {path.parent} 也不存在）；请检查 --db 路径，"
                                "或用 qinspect init 新建数据库。")
        raise QInspectError(f"数据库 {path} 不存在；请先运行 qinspect init。")
    if path.is_dir():
        raise QInspectError(f"{path} 是一个文件夹，不是 qinspect 数据库；请检查 --db 路径。")
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as e:
        raise QInspectError(f"无法读取数据库 {path}（{e.strerror}）。") from None
    if not head:
        raise QInspectError(f"{path} 是空文件（0 字节），不是 qinspect 数据库；如果它本应是数据库，请从备份恢复，"
                            "否则请删除它或换一个文件名再运行 qinspect init。")
    if head != SQLITE_HEADER:
        raise QInspectError(f"{path} 不是 qinspect 数据库（不是 SQLite 文件）；请检查 --db 路径。")
    return False


def check_qinspect(path: Path, *, create: bool) -> None:
    """Refuse another program's SQLite database, and one that a newer qinspect has migrated.

    Reads through a connection of its own, before the writer's lock is taken or WAL is set,
    so a refused file is left exactly as it was.
    """
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        tables = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").fetchone()
        applied = set(MIGRATIONS.applied_names(conn)) if tables else set()
    finally:
        conn.close()
    if not tables:
        if create:
            return  # an empty SQLite file: init makes it a qinspect database
        raise QInspectError(f"数据库 {path} 是空的，尚未初始化；请先运行 qinspect init。")
    if not applied:
        raise QInspectError(f"{path} 是 SQLite 数据库，但不是 qinspect 的数据库；请检查 --db 路径。")
    newer = sorted(applied - set(MIGRATIONS.names))
    if newer:
        raise QInspectError(f"数据库 {path} 已被更新版本的 qinspect 升级（{newer[-1]}）；"
                            "请先更新本机的 qinspect 再打开它。")


def release_thread_connections() -> None:
    """Close the calling thread's connections to every open Store (a worker's job is over)."""
    for store in list(_open_stores):
        store.release_thread()


def migrate(store: Store) -> list[str]:
    """Apply pending migrations, after a backup copy of a database that already has data."""
    pending = MIGRATIONS.pending_names(store.conn)
    if not pending:
        return []
    if store.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").fetchone():
        backup(store, backup_path(store.path, f"before-{pending[0]}"))
    MIGRATIONS.apply(store.db)
    with store.atomic():
        if not store.setting("device_id"):
            store.set_setting("device_id", uuid.uuid4().hex)
    return pending


def backup_path(db_path: Path, label: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return db_path.with_name(f"{db_path.stem}.{stamp}.{label}.bak.db")


def backup(store: Store, target: Path) -> Path:
    """A consistent copy of the live database through SQLite's backup API."""
    target = Path(target)
    if target.exists():
        raise QInspectError(f"备份文件 {target} 已存在，不会覆盖。")
    dest = sqlite3.connect(str(target))
    try:
        store.conn.backup(dest)
    finally:
        dest.close()
    return target
