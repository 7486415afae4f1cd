"""Check many files: cache first, then bounded checking children fed by this process, with
progress, Ctrl-C that keeps what is done, and a crashed check costing only its own file."""
from __future__ import annotations

import collections
import functools
import gc
import json
import os
import threading
import time
from dataclasses import dataclass, field
from multiprocessing import connection as mp_connection
from typing import Callable, Optional

from .. import sandbox
from ..contract import ReportDict
from ..errors import UnreadableDocument, describe_oserror
from ..pack.model import Pack
from ..support.stopping import deferred
from . import worker
from .cache import Cache, file_key
from .features import excerpts_of
from .signature_store import SignatureStore

GRACE_SECONDS = 10.0   # after a stop, for the files in hand (a hostile file may take the sandbox's full time)
BATCH = 16             # answers recorded in one cache transaction: one commit per file cost as much as parsing
HELD = 8               # files a checking child holds while many remain (SQLite's checkpoints stop the audit's process)
HELD_AT_END = 2        # and then, so the last files spread over all children


@dataclass
class Checked:
    path: str
    key: Optional[str]
    report: ReportDict                         # as in the JSON output
    features_json: Optional[str]         # None for cache hits until similarity needs them
    cached: bool = False
    unit: str = ""                       # the features' own, known without parsing them
    year: Optional[int] = None

    @property
    def comparable(self) -> bool:
        """Compared with the others for copying and with last year's report."""
        return bool(self.features_json) and self.report["status"] == "checked"

    @functools.cached_property
    def features(self) -> Optional[dict]:
        """Parsed when first asked: last year's comparison reads a few reports' features whole."""
        return json.loads(self.features_json) if self.features_json else None

    @functools.cached_property
    def excerpts(self) -> list[str]:
        """The excerpt of each long sentence (similarity quotes them), read apart from the rest."""
        return excerpts_of(self.features_json) if self.features_json else []


@dataclass
class RunStats:
    checked: int = 0
    cached: int = 0
    interrupted: bool = False
    pending: list[str] = field(default_factory=list)


def _key(path: str, max_bytes: int) -> Optional[str]:
    """The file's content and its extension: the same bytes named .pdf and .docx are two
    different submissions (the second is unreadable), and must not share a verdict."""
    try:
        if os.path.getsize(path) > max_bytes:
            return None
        with open(path, "rb") as f:
            return f"{file_key(f.read())}{os.path.splitext(path)[1].lower()}"
    except OSError:
        return None


def run(paths: list[str], pack: Pack, fingerprint: str, jobs: int, cache: Optional[Cache], max_bytes: int,
        progress: Callable[[int], None], store: Optional[SignatureStore] = None) -> tuple[list[Checked], RunStats]:
    """Every file's verdict, from the cache or checked afresh; the signatures of the reports
    checked afresh go to `store` as they arrive (of cache hits, when similarity asks for them)."""
    stats = RunStats()
    done: dict[str, Checked] = {}
    todo: list[tuple[str, Optional[str]]] = []
    for path in paths:
        key = _key(path, max_bytes)
        report = cache.get(key, fingerprint) if cache and key else None
        if report:
            report["path"] = path
            done[path] = Checked(path, key, report, None, cached=True)
            stats.cached += 1
            progress(1)
        else:
            todo.append((path, key))
    keys = dict(todo)

    def record(answers: list[worker.Answer]) -> None:
        """A few answers, kept in one transaction of the cache."""
        kept = []
        for answer in answers:
            key, report = keys[answer.path], json.loads(answer.report)
            checked = done[answer.path] = Checked(answer.path, key, report, answer.features,
                                                  unit=answer.unit, year=answer.year)
            if store is not None and checked.comparable:
                store.add(answer.path, answer.unit, answer.signatures)
            if key and report["status"] == "checked":
                kept.append((key, answer.report, answer.features, answer.signatures, answer.unit, answer.year))
        stats.checked += len(answers)
        gc.freeze()   # the reports stay to the end and hold no cycles: no collection need walk them again
        if cache and kept:
            cache.put(fingerprint, kept)
        progress(len(answers))

    with deferred() as stop:
        if todo:
            _check_all([path for path, _ in todo], pack, jobs, max_bytes, record, stop)
        stats.interrupted = stop.is_set()
    stats.pending = [p for p in paths if p not in done]
    return [done[p] for p in paths if p in done], stats


def _check_all(todo: list[str], pack: Pack, jobs: int, max_bytes: int,
               record: Callable[[list[worker.Answer]], None], stop: threading.Event) -> None:
    """Up to `jobs` checking children, fed by this thread alone. They are forked from this
    process, single-threaded and holding the prepared pack and jieba, and answer it directly:
    a pool of workers that each fed a child of its own cost a relay per file (1.3 s of CPU and
    a copy of every answer on 4,000 reports). Each child holds the files it will check next, so
    it does not wait while this process records answers (SQLite stops it for 40-50 ms when it
    checkpoints the cache). A child that crashes, runs past its time or fails costs only the
    file it was checking; the files it held go to another. Answers are recorded a few at a
    time (one cache transaction each). Once stopped, no file is handed out, the file each child
    is checking has GRACE_SECONDS (a child still busy then is killed), and the rest it held
    stay unchecked."""
    worker.make_ready(pack, max_bytes, todo)
    queue = collections.deque(todo)
    held: dict[sandbox.Child, collections.deque[str]] = {
        sandbox.Child(worker.check_here): collections.deque() for _ in range(max(1, min(jobs, len(todo))))}
    answers: list[worker.Answer] = []
    recorded, grace = time.monotonic(), None

    def ended(child: sandbox.Child) -> None:
        """A child that ended leaves the files it held, unchecked, to the others."""
        if child.connection is None:
            queue.extendleft(reversed(held[child]))
            held[child].clear()
    try:
        while True:
            for child, paths in held.items():
                while queue and not stop.is_set() and child.takes(HELD if len(queue) > HELD * len(held) else HELD_AT_END):
                    path = queue.popleft()
                    try:
                        child.send((path,))
                    except OSError as e:   # the system gives no new process: a row that says so, and on
                        answers.append(worker.no_verdict(path, f"无法启动检查进程（{describe_oserror(e)}）"))
                        continue
                    paths.append(path)
            now = time.monotonic()
            busy = {child.connection: child for child, paths in held.items() if paths}
            if answers and (not busy or len(answers) >= BATCH or now - recorded > 0.5):
                batch, answers, recorded = answers, [], now
                record(batch)
            if not busy:
                return
            if stop.is_set():
                grace = grace or now + GRACE_SECONDS
                if now > grace:
                    return
            soonest = min(child.deadline for child in busy.values())
            for connection in mp_connection.wait(list(busy), timeout=min(0.2, max(0.0, soonest - now))):
                child = busy[connection]
                answers.append(_answer(child, held[child].popleft()))
                if stop.is_set() and held[child]:   # stopped: what it holds next stays unchecked
                    child.close(kill=True)
                ended(child)
            now = time.monotonic()
            for child in busy.values():
                if held[child] and now > child.deadline:
                    path = held[child].popleft()
                    answers.append(worker.no_verdict(path, child.expire(path).message))
                    ended(child)
    finally:
        if answers:   # stopped past the grace, or a second Ctrl-C
            record(answers)
        for child, paths in held.items():
            child.close(kill=bool(paths))


def _answer(child: sandbox.Child, path: str) -> worker.Answer:
    try:
        return child.receive(path)
    except UnreadableDocument as e:
        return worker.no_verdict(path, e.message)
