"""Check many files: cache first, then a pool of worker processes (or this process for
-j 1), with progress, Ctrl-C that keeps what is done, and a crashed worker costing only
the file it was on."""
from __future__ import annotations

import collections
import concurrent.futures as cf
import contextlib
import functools
import gc
import json
import multiprocessing
import os
import signal
import threading
from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional

from ..pack_model import Pack
from . import worker
from .cache import Cache, file_key

GRACE_SECONDS = 10.0   # after a stop, for the files in hand (a hostile file may take the sandbox's full time)


@dataclass
class Checked:
    path: str
    key: Optional[str]
    report: dict                         # as in the JSON output
    features_json: Optional[str]         # None for cache hits until similarity needs them
    signatures: bytes = b""
    cached: bool = False
    unit: str = ""                       # the features' own, known without parsing them
    year: Optional[int] = None

    @functools.cached_property
    def features(self) -> Optional[dict]:
        """Parsed when first asked: similarity reads a few reports' features whole."""
        return json.loads(self.features_json) if self.features_json else None


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


def run(paths: list[str], pack: Pack, fingerprint: str, jobs: int,
        cache: Optional[Cache], max_bytes: int, progress: Callable[[int], None]) -> tuple[list[Checked], RunStats]:
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
        """A task's answers, kept in one transaction of the cache: one commit per file cost
        the audit's own process, which the workers wait on, as much as parsing them."""
        kept = []
        for answer in answers:
            key, report = keys[answer.path], json.loads(answer.report)
            done[answer.path] = Checked(answer.path, key, report, answer.features, answer.signatures,
                                        unit=answer.unit, year=answer.year)
            if key and report["status"] == "checked":
                kept.append((key, answer.report, answer.features, answer.signatures, answer.unit, answer.year))
        stats.checked += len(answers)
        gc.freeze()   # the reports stay to the end and hold no cycles: no collection need walk them again
        if cache and kept:
            cache.put(fingerprint, kept)
        progress(len(answers))

    with _stop_on_signals() as stop:
        if not todo:
            pass
        elif jobs <= 1 or len(todo) <= 1:
            worker.set_pack(pack, max_bytes)
            try:
                for path, _ in todo:
                    if stop.is_set():
                        break
                    record([worker.check_file(path)])
            finally:
                worker.finish()
        else:
            _pool([path for path, _ in todo], pack, jobs, max_bytes, record, stop)
        stats.interrupted = stop.is_set()
    stats.pending = [p for p in paths if p not in done]
    return [done[p] for p in paths if p in done], stats


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[threading.Event]:
    """Ctrl-C or SIGTERM sets a flag the runner checks between files (an exception could land
    anywhere, even in a library's cleanup, and be swallowed); a second Ctrl-C stops at once."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handler(signum, frame) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop.set()
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)
                if signal.getsignal(sig) is not signal.SIG_IGN}   # ignored by whoever started us: still ignored
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _pool(todo: list[str], pack: Pack, jobs: int, max_bytes: int,
          record: Callable[[list[worker.Answer]], None], stop: threading.Event) -> None:
    """A pool at full width; a worker that dies breaks the pool (concurrent.futures cannot
    replace one worker), so a new pool takes the rest at full width. The files that were in
    flight run alone, to find the one that kills its worker; when whole batches were in
    flight, they first go through one pool of one worker, a file at a time, and only the
    file or two it held when it broke run alone."""
    queue = collections.deque(todo)

    def alone(paths) -> None:
        for path in paths:
            if stop.is_set():
                return
            if _run_batch(collections.deque([path]), pack, 1, max_bytes, record, stop):
                record([worker.no_verdict(path, "检查该文件时工作进程异常退出（可能文件有问题或内存不足）", pack)])
    while queue and not stop.is_set():
        suspects = collections.deque(_run_batch(queue, pack, jobs, max_bytes, record, stop))
        while len(suspects) > 3 and not stop.is_set():   # whole batches were in flight
            alone(_run_batch(suspects, pack, 1, max_bytes, record, stop, most=1))
        alone(list(suspects))


def _run_batch(queue: collections.deque, pack: Pack, width: int, max_bytes: int,
               record: Callable[[list[worker.Answer]], None], stop: threading.Event, most: int = 16) -> list[str]:
    """Check files from the queue, up to `most` to a task, until it is empty, the pool breaks
    or `stop` is set; return the files that were in flight when the pool broke (not yet
    recorded). Stopped, the workers are told to end their tasks after the file in hand, and
    what they hand in is kept; only a worker still busy after GRACE_SECONDS is killed."""
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    halt = context.Event()
    pool = cf.ProcessPoolExecutor(max_workers=width, mp_context=context,
                                  initializer=worker.start_worker, initargs=(pack, max_bytes, halt))
    pending: dict[cf.Future, list[str]] = {}
    lost: list[str] = []
    # a few files per task, so the pool's bookkeeping is not paid per file; still many tasks
    # per worker, so the workers finish together and progress moves steadily
    size = max(1, min(most, len(queue) // (8 * width)))

    def fill() -> None:
        while queue and len(pending) <= width:   # one batch waiting per pool: a crash loses only these
            chunk = [queue.popleft() for _ in range(min(size, len(queue)))]
            pending[pool.submit(worker.check_files, chunk)] = chunk

    def hand_in(future: cf.Future) -> None:
        answers = future.result()
        pending.pop(future)
        record(answers)
    try:
        fill()
        while pending and not stop.is_set():
            finished, _ = cf.wait(pending, timeout=0.2, return_when=cf.FIRST_COMPLETED)
            for future in finished:
                try:
                    hand_in(future)
                except cf.process.BrokenProcessPool:
                    lost = [path for paths in pending.values() for path in paths]
                    return lost
            fill()
        if pending:
            halt.set()
            for future in pending:
                future.cancel()
            finished, _ = cf.wait(pending, timeout=GRACE_SECONDS)
            for future in finished:
                if future.cancelled() or future.exception():
                    pending.pop(future)
                else:
                    hand_in(future)
        return []
    finally:
        if pending or lost:   # broken, or a worker still busy: it may block forever handing in a result nobody reads
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
