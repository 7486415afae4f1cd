"""Result cache in SQLite, keyed by file content and rule-pack fingerprint, so a rerun
after editing a few files, or after a crash, checks only what changed. Results are committed
a few at a time as they arrive (not synced to disk one by one); WAL mode lets two audits
share one cache.

A cache is only ever a shortcut: a damaged file (a disk fault, a copy cut short) is set
aside under a new name and a fresh one is built; damage found mid-run turns the cache off
for the rest of the run. SQLite does not look inside rows: each carries checksums, and one
that no longer matches them is dropped and its file checked again. A cache that is busy
(another audit is creating it) is waited for, never taken for damaged; one that cannot be
written is not used. Either way the audit goes on and says so."""
from __future__ import annotations

import functools
import hashlib
import json
import os
import sqlite3
import time
import zlib
from typing import Callable, Optional

SCHEMA_VERSION = 9


def file_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _checksum(*parts: bytes) -> int:
    crc = 0
    for part in parts:
        crc = zlib.crc32(part, crc)
    return crc


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
        try:
            aside = set_aside(path)
            cache = Cache(path)
        except (sqlite3.Error, OSError) as again:
            raise CacheUnusable(str(again)) from None
        warn(f"{path}: 缓存文件已损坏，已移到 {aside}，并重新建立了缓存（本次全部重新检查）")
        return cache
    except OSError as e:
        raise CacheUnusable(str(e)) from None


def set_aside(path: str) -> str:
    """Move a damaged cache (and its journal) out of the way, under a name that says so."""
    aside = f"{path}.损坏-{time.strftime('%Y%m%d-%H%M%S')}"
    os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.replace(path + suffix, aside + suffix)
    return aside


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
        self.dropped = 0   # rows whose text no longer matched its checksum
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
        # half the CPU of SQLite's 4 KB pages, which chain each row over a dozen overflow pages;
        # damage that lies wholly inside a row's text, where SQLite does not look, the rows'
        # checksums find
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
            report_check INTEGER, features_check INTEGER, PRIMARY KEY (content, pack, schema))""")
        with self.db:   # a cache made before checksums; one audit at a time adds their columns
            self.db.execute("BEGIN IMMEDIATE")
            if "report_check" not in {row[1] for row in self.db.execute("PRAGMA table_info(results)")}:
                for column in ("report_check", "features_check"):
                    self.db.execute(f"ALTER TABLE results ADD COLUMN {column} INTEGER")
        self.db.execute("""CREATE TABLE IF NOT EXISTS similar (
            batch TEXT PRIMARY KEY, pack TEXT NOT NULL, schema INTEGER NOT NULL, result TEXT NOT NULL)""")

    @_shortcut()
    def get(self, content: str, pack: str) -> Optional[dict]:
        """The cached report (as in the JSON output); features are fetched only when needed."""
        row = self.db.execute("SELECT report, report_check FROM results WHERE content=? AND pack=? AND schema=?",
                              (content, pack, SCHEMA_VERSION)).fetchone()
        return json.loads(row[0]) if row and self._intact(content, pack, row[1], row[0]) else None

    @_shortcut(_NO_FEATURES)
    def features(self, content: str, pack: str) -> tuple[Optional[str], bytes, str, Optional[int]]:
        """(the features' JSON text, the signatures, the unit, the year)."""
        row = self.db.execute("SELECT features, signatures, unit, year, features_check FROM results "
                              "WHERE content=? AND pack=? AND schema=?", (content, pack, SCHEMA_VERSION)).fetchone()
        if not row or not self._intact(content, pack, row[4], row[0], row[1]):
            return _NO_FEATURES
        return row[0].decode("utf-8") or None, row[1], row[2] or "", row[3]

    @_shortcut()
    def put(self, pack: str, rows: list[tuple[str, str, Optional[str], bytes, str, Optional[int]]]) -> None:
        """Rows of (content, report, features, signatures, unit, year), committed together:
        report and features as JSON text (the children encode them), stored as UTF-8 with a
        checksum each (with the signatures for the features), as SQLite checks its pages but
        not what they hold; unit and year index the features for next year's audit."""
        values = []
        for content, report, features, signatures, unit, year in rows:
            report_bytes, features_bytes = report.encode("utf-8"), (features or "{}").encode("utf-8")
            values.append((content, pack, SCHEMA_VERSION, unit, year, report_bytes, features_bytes, signatures,
                           _checksum(report_bytes), _checksum(features_bytes, signatures)))
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany("INSERT OR REPLACE INTO results (content, pack, schema, unit, year, report, features, "
                                "signatures, report_check, features_check) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)

    @_shortcut()
    def _intact(self, content: str, pack: str, check: Optional[int], *parts: bytes) -> bool:
        """Whether a row's parts still match their checksum; if not, the row is dropped (its
        file is checked again) and counted, for the audit to say so."""
        if all(isinstance(part, bytes) for part in parts) and _checksum(*parts) == check:
            return True
        self.db.execute("DELETE FROM results WHERE content=? AND pack=? AND schema=?", (content, pack, SCHEMA_VERSION))
        self.dropped += 1
        return False

    @_shortcut()
    def get_similar(self, batch: str, pack: str) -> Optional[list[dict]]:
        """Similarity found for exactly this set of files (content and path) and pack."""
        row = self.db.execute("SELECT result FROM similar WHERE batch=? AND pack=? AND schema=?",
                              (batch, pack, SCHEMA_VERSION)).fetchone()
        try:
            return json.loads(row[0]) if row else None
        except ValueError:   # damaged text: found again
            return None

    @_shortcut()
    def put_similar(self, batch: str, pack: str, similar: list[dict]) -> None:
        self.db.execute("INSERT OR REPLACE INTO similar VALUES (?, ?, ?, ?)",
                        (batch, pack, SCHEMA_VERSION, json.dumps(similar, ensure_ascii=False)))

    def close(self) -> None:
        self.db.close()
