"""Bare baseline of `demo --scale S`: a bulk insert of the same rows into an empty database.

Reads every table of the cached demo database (the very rows `demo` made) and writes them
with one streaming `executemany` per table into plain tables (same columns, no constraints,
no indexes), in one transaction, WAL and synchronous=FULL as qinspect opens its database.

Usage: python bare_demo.py DEMO.db EMPTY.db
"""

import sqlite3
import sys


def main(source, target):
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target, isolation_level=None)
    dst.execute("PRAGMA journal_mode = WAL")
    dst.execute("PRAGMA synchronous = FULL")
    dst.execute("BEGIN")
    tables = [name for name, in src.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
    for table in tables:
        columns = [row[1] for row in src.execute(f'PRAGMA table_info("{table}")')]
        quoted = ", ".join('"' + c + '"' for c in columns)
        dst.execute(f'CREATE TABLE "{table}" ({quoted})')
        dst.executemany(f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(columns))})',
                        src.execute(f'SELECT * FROM "{table}"'))
    dst.execute("COMMIT")
    dst.close()
    src.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
