"""Result cache in SQLite, keyed by file content and rule-pack fingerprint, so a rerun
after editing a few files, or after a crash, checks only what changed. The results of each
task (a few files) are committed as they arrive (not synced to disk one by one); WAL mode
lets two audits share one cache.

A cache is only ever a shortcut: a damaged file (a disk fault, a copy cut short) is set
aside under a new name and a fresh one is built; damage found mid-run turns the cache off
for the rest of the run. A cache that is busy (another audit is creating it) is waited for,
never taken for damaged; one that cannot be written is not used. Either way the audit goes
on and says so."""
from __future__ import annotations

import functools
import hashlib
import json
import os
import sqlite3
import time
from typing import Callable, Optional

SCHEMA_VERSION = 8      # 8: features keep each long sentence's excerpt only, first


def file_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class CacheUnusable(Exception):
    """The cache file cannot be used (not writable, held by another program too long)."""


class _Damaged(sqlite3.DatabaseError):
    """SQLite's own check found the file inconsistent."""


_DAMAGE = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_WAIT_SECONDS = 30


def _code(e: sqlite3.Error) -> int:
    return (getattr(e, "sqlite_errorcode", None) or 0) & 0xFF


def _is_damage(e: sqlite3.Error) -> bool:
    """Only a file SQLite calls corrupt or not a database is damage: a busy or read-only
    cache moved aside would take another audit's results with it."""
    return isinstance(e, _Damaged) or _code(e) in _DAMAGE


def open_cache(path: str, warn: Callable[[str], None] = lambda message: None) -> "Cache":
    """The cache at `path`; a damaged one is moved aside (and `warn` told) and rebuilt."""
    try:
        return Cache(path)
    except sqlite3.Error as e:
        if not _is_damage(e) or not os.path.isfile(path):
            raise CacheUnusable(str(e)) from None
        aside = f"{path}.损坏-{time.strftime('%Y%m%d-%H%M%S')}"
        try:
            os.replace(path, aside)
            for suffix in ("-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.replace(path + suffix, aside + suffix)
            cache = Cache(path)
        except (sqlite3.Error, OSError) as again:
            raise CacheUnusable(str(again)) from None
        warn(f"{path}: 缓存文件已损坏，已移到 {aside}，并重新建立了缓存（本次全部重新检查）")
        return cache
    except OSError as e:
        raise CacheUnusable(str(e)) from None


def _shortcut(default=None):
    """A cache call that cannot fail the audit: damage found while running turns the cache off."""
    def wrap(method):
        @functools.wraps(method)
        def guarded(self, *args):
            if self.damaged or self.failed:
                return default
            try:
                return method(self, *args)
            except sqlite3.Error as e:
                if _is_damage(e):
                    self.damaged = str(e)
                else:
                    self.failed = str(e)
                return default
        return guarded
    return wrap


_NO_FEATURES = (None, b"", "", None)   # a report the cache does not hold, or a cache turned off


class Cache:
    def __init__(self, path: str):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self.path = path
        self.damaged = ""
        self.failed = ""   # busy past the wait, disk full, read-only: the cache is off, the file is fine
        self.db = sqlite3.connect(path, timeout=_WAIT_SECONDS, isolation_level=None)
        try:
            self._open_when_free()
        except sqlite3.Error:
            self.db.close()
            raise

    def _open_when_free(self) -> None:
        """Changing the journal mode while another audit creates the same cache fails at once
        with "database is locked" (SQLite does not wait there), so wait here."""
        deadline = time.monotonic() + _WAIT_SECONDS
        while True:
            try:
                return self._open()
            except sqlite3.OperationalError as e:
                if _code(e) not in _BUSY or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _open(self) -> None:
        # rows are ~50 KB: with 16 KB pages (set only while the file is new), storing them takes
        # half the CPU of SQLite's 4 KB pages, which chain each row over a dozen overflow pages.
        # No larger: SQLite checks page headers, not the text in rows, and damage as long as a
        # page can then lie wholly inside a row's text, unnoticed (32 KB pages: 10% less CPU)
        self.db.execute("PRAGMA page_size=16384")
        self.db.execute("PRAGMA journal_mode=WAL")
        # a cache survives the audit dying without a sync per result; a power cut may lose
        # the last results, which are then checked again
        self.db.execute("PRAGMA synchronous=NORMAL")
        check = self.db.execute("PRAGMA quick_check").fetchone()
        if check and check[0] != "ok":
            raise _Damaged(check[0])
        self.db.execute("""CREATE TABLE IF NOT EXISTS results (
            content TEXT NOT NULL, pack TEXT NOT NULL, schema INTEGER NOT NULL,
            unit TEXT, year INTEGER, report TEXT NOT NULL, features TEXT, signatures BLOB,
            PRIMARY KEY (content, pack, schema))""")
        self.db.execute("CREATE INDEX IF NOT EXISTS by_unit_year ON results (unit, year)")
        self.db.execute("""CREATE TABLE IF NOT EXISTS similar (
            batch TEXT PRIMARY KEY, pack TEXT NOT NULL, schema INTEGER NOT NULL, result TEXT NOT NULL)""")

    @_shortcut()
    def get(self, content: str, pack: str) -> Optional[dict]:
        """The cached report (as in the JSON output); features are fetched only when needed."""
        row = self.db.execute("SELECT report FROM results WHERE content=? AND pack=? AND schema=?",
                              (content, pack, SCHEMA_VERSION)).fetchone()
        return json.loads(row[0]) if row else None

    @_shortcut(_NO_FEATURES)
    def features(self, content: str, pack: str) -> tuple[Optional[str], bytes, str, Optional[int]]:
        """(the features' JSON text, the signatures, the unit, the year)."""
        row = self.db.execute("SELECT features, signatures, unit, year FROM results "
                              "WHERE content=? AND pack=? AND schema=?", (content, pack, SCHEMA_VERSION)).fetchone()
        return (row[0] or None, row[1] or b"", row[2] or "", row[3]) if row else _NO_FEATURES

    @_shortcut()
    def put(self, pack: str, rows: list[tuple[str, str, Optional[str], bytes, str, Optional[int]]]) -> None:
        """Rows of (content, report, features, signatures, unit, year), committed together:
        report and features as JSON text (the workers encode them); unit and year index the
        features for next year's audit."""
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                [(content, pack, SCHEMA_VERSION, unit, year, report, features or "{}", signatures)
                                 for content, report, features, signatures, unit, year in rows])

    @_shortcut()
    def previous_year(self, unit: str, year: int, pack: str) -> Optional[tuple[str, dict]]:
        """(path, features) of a unit's report for `year`, if an earlier audit saw it."""
        row = self.db.execute("SELECT report, features FROM results WHERE unit=? AND year=? AND pack=? AND schema=? "
                              "LIMIT 1", (unit, year, pack, SCHEMA_VERSION)).fetchone()
        return (json.loads(row[0])["path"], json.loads(row[1])) if row else None

    @_shortcut()
    def get_similar(self, batch: str, pack: str) -> Optional[list[dict]]:
        """Similarity found for exactly this set of files (content and path) and pack."""
        row = self.db.execute("SELECT result FROM similar WHERE batch=? AND pack=? AND schema=?",
                              (batch, pack, SCHEMA_VERSION)).fetchone()
        return json.loads(row[0]) if row else None

    @_shortcut()
    def put_similar(self, batch: str, pack: str, similar: list[dict]) -> None:
        self.db.execute("INSERT OR REPLACE INTO similar VALUES (?, ?, ?, ?)",
                        (batch, pack, SCHEMA_VERSION, json.dumps(similar, ensure_ascii=False)))

    def close(self) -> None:
        self.db.close()
