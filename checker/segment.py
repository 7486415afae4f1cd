"""jieba, tamed once: own Tokenizer with a compact dictionary (data/jieba-compact.txt: the
80,000 most frequent words), quiet, its cache in our own folder, loaded only on first use.

Two ways to hold the dictionary, with the same words out:
- `load()` reads all of it (a tenth of a second), for runs that segment many reports;
- otherwise each text first fetches, from an SQLite copy of jieba's own prefix dictionary,
  just the entries its substrings can reach. A single check segments a few hundred
  characters, and this costs it milliseconds instead of the whole load.
jieba asks the dictionary only about substrings that extend a known prefix, so a table
filled this way answers every question it asks exactly as the full one would.
"""
from __future__ import annotations

import functools
import glob
import hashlib
import json
import logging
import os
import re
import sqlite3
import sys
import tempfile
import threading
import warnings
from importlib.resources import files
from typing import Iterable, Optional

from .support.paths import cache_dir

_lock = threading.Lock()
_tokenizer = None
_complete = False                 # the whole dictionary is in memory
_looked_up: set[str] = set()      # substrings already asked of the SQLite copy
_added: dict[str, None] = {}     # words added, in order (each changes the total the next one sees)
_HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")
_RUNS = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")   # jieba's re_han_default: what get_DAG walks
_DICTIONARY = files("checker.data").joinpath("jieba-compact.txt")


def _import_jieba():
    """jieba imports pkg_resources only to find its own files, and importing that costs more
    than jieba itself; without it jieba opens them by path."""
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.CRITICAL)   # a cache file it cannot write (a full disk) is logged with a traceback; it only costs time
    return jieba


@functools.lru_cache(maxsize=None)
def _name() -> str:
    """Cache files are named by the dictionary's content: one per dictionary, however many
    installs share the folder (jieba's default names one per install path)."""
    return "jieba-compact-" + hashlib.sha1(_DICTIONARY.read_bytes()).hexdigest()[:16]


def _tokenizer_here(complete: bool):
    """The tokenizer, fetching entries as texts need them, or with the whole dictionary when
    `complete` is asked for or the SQLite copy cannot be used."""
    global _tokenizer, _complete
    if _tokenizer is None:
        _tokenizer = _import_jieba().Tokenizer(dictionary=str(_DICTIONARY))
        _tokenizer.tmp_dir = cache_dir()
        _tokenizer.cache_file = _name() + ".cache"
        total = 0 if complete else _table_total(_tokenizer)
        if total:
            _tokenizer.FREQ, _tokenizer.total, _tokenizer.initialized = {}, total, True
        else:
            complete = True
    if complete and not _complete:
        _tokenizer.initialized = False
        _tokenizer.initialize()
        for word in _added:
            _tokenizer.add_word(word)
        _complete = True
    return _tokenizer


_db: Optional[sqlite3.Connection] = None
_db_pid = 0


def _table_path() -> str:
    return os.path.join(cache_dir(), _name() + ".sqlite")


def _table() -> sqlite3.Connection:
    """This process's connection to the SQLite copy (a connection must not cross a fork)."""
    global _db, _db_pid
    if _db is None or _db_pid != os.getpid():
        _db, _db_pid = sqlite3.connect(f"file:{_table_path()}?mode=ro", uri=True, check_same_thread=False), os.getpid()
    return _db


def _table_total(tokenizer) -> int:
    """The total count of the SQLite copy of jieba's prefix dictionary (built once if
    needed), or 0 when there is no usable copy (a damaged file, an SQLite without json_each)."""
    try:
        if not os.path.exists(_table_path()):
            _build_table(tokenizer, _table_path())
        _table().execute("SELECT value FROM json_each('[]')").fetchall()
        return int(_table().execute("SELECT n FROM total").fetchone()[0])
    except (sqlite3.Error, OSError, TypeError):
        return 0


def _build_table(tokenizer, path: str) -> None:
    for stale in glob.glob(os.path.join(os.path.dirname(path), "jieba.u*.cache")):
        os.unlink(stale)   # left by earlier versions, one per install path
    with open(str(_DICTIONARY), "rb") as f:
        freq, total = tokenizer.gen_pfdict(f)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        db.execute("CREATE TABLE freq (word TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
        db.execute("CREATE TABLE total (n INTEGER NOT NULL)")
        db.executemany("INSERT INTO freq VALUES (?, ?)", freq.items())
        db.execute("INSERT INTO total VALUES (?)", (total,))
        db.commit()
        db.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _fetch(tokenizer, text: str) -> None:
    """Put into the tokenizer's table every dictionary entry that jieba's walk over `text`
    can ask about: substrings of each run it segments, grown one character at a time while
    the shorter one is in the dictionary (as jieba's get_DAG grows them)."""
    freq = tokenizer.FREQ
    starts = [(run, i) for run in _RUNS.findall(text) for i in range(len(run))]
    length = 1
    while starts:
        wanted = {run[i:i + length] for run, i in starts if i + length <= len(run)} - _looked_up
        if wanted:
            rows = _table().execute("SELECT word, n FROM freq WHERE word IN (SELECT value FROM json_each(?))",
                                    (json.dumps(list(wanted), ensure_ascii=False),)).fetchall()
            for word, n in rows:
                freq.setdefault(word, n)
            _looked_up.update(wanted)
        starts = [(run, i) for run, i in starts if i + length < len(run) and run[i:i + length] in freq]
        length += 1


def _ready(text: str):
    tokenizer = _tokenizer_here(False)
    if not _complete:
        _fetch(tokenizer, text)
    return tokenizer


def load() -> None:
    """Load the whole dictionary and the model for unknown words now (before forking
    children that will segment many texts)."""
    with _lock:
        _tokenizer_here(True).lcut("预热分词模型", HMM=True)


def add_words(words: Iterable[str]) -> None:
    with _lock:
        for word in words:
            if word and word not in _added:
                _ready(word).add_word(word)
                _words.cache_clear()   # an added word changes how texts are cut
                _added[word] = None
                _looked_up.add(word)


def words(text: str) -> list[str]:
    """Content words: Han-only tokens of two or more characters."""
    return list(_words(text))


@functools.lru_cache(maxsize=512)
def _words(text: str) -> tuple[str, ...]:
    """Cached: a rule and the audit's features segment the same items of one report."""
    with _lock:
        tokens = _ready(text).lcut(text, HMM=True)
    return tuple(w for w in tokens if _HAN_WORD.match(w))
