"""Check many files: cache first, then a pool of worker processes (or this process for
-j 1), with progress, Ctrl-C that keeps what is done, and a crashed worker costing only
the file it was on."""
from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from ..pack import Pack
from . import worker
from .cache import Cache, file_key


@dataclass
class Checked:
    path: str
    key: Optional[str]
    report: dict                         # as in the JSON output
    features: Optional[dict]             # None for cache hits until similarity needs them
    signatures: bytes = b""
    cached: bool = False


@dataclass
class RunStats:
    checked: int = 0
    cached: int = 0
    interrupted: bool = False
    pending: list[str] = field(default_factory=list)


def _key(path: str, max_bytes: int) -> Optional[str]:
    try:
        if os.path.getsize(path) > max_bytes:
            return None
        with open(path, "rb") as f:
            return file_key(f.read())
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

    def record(path: str, key: Optional[str], result: dict, signatures: bytes) -> None:
        done[path] = Checked(path, key, result["report"], result["features"], signatures)
        stats.checked += 1
        if cache and key and result["report"]["status"] == "checked":
            cache.put(key, fingerprint, result["report"], result["features"], signatures)
        progress(1)

    try:
        if not todo:
            pass
        elif jobs <= 1 or len(todo) <= 1:
            worker.set_pack(pack, max_bytes)
            for path, key in todo:
                _, result, signatures = worker.check_file(path)
                record(path, key, result, signatures)
        else:
            _pool(todo, pack, jobs, max_bytes, record)
    except KeyboardInterrupt:
        stats.interrupted = True
    stats.pending = [p for p in paths if p not in done]
    return [done[p] for p in paths if p in done], stats


def _pool(todo: list[tuple[str, Optional[str]]], pack: Pack, jobs: int, max_bytes: int,
          record: Callable) -> None:
    keys = dict(todo)
    queue = [p for p, _ in todo]
    suspects: list[str] = []
    while queue or suspects:
        if suspects:
            # after a crash, the files that were in flight run one at a time to find the culprit
            batch, width = [suspects.pop(0)], 1
        else:
            batch, queue, width = queue, [], jobs
        broken = _run_batch(batch, pack, width, max_bytes, keys, record)
        if width == 1 and broken:
            path = broken[0]
            record(path, keys[path], worker.unreadable(path, "检查该文件时工作进程异常退出（可能文件有问题或内存不足）", pack), b"")
        else:
            suspects += broken


def _run_batch(batch: list[str], pack: Pack, width: int, max_bytes: int, keys: dict,
               record: Callable) -> list[str]:
    """Run a batch; return the files lost to a broken pool (not yet recorded)."""
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    pool = cf.ProcessPoolExecutor(max_workers=width, mp_context=context,
                                  initializer=worker.set_pack, initargs=(pack, max_bytes))
    pending = {}
    it = iter(batch)
    try:
        for path in _take(it, width * 4):
            pending[pool.submit(worker.check_file, path)] = path
        while pending:
            finished, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in finished:
                path = pending.pop(future)
                try:
                    _, result, signatures = future.result()
                    record(path, keys[path], result, signatures)
                except cf.process.BrokenProcessPool:
                    lost = [path] + list(pending.values()) + list(it)
                    pending.clear()
                    return lost
                for nxt in _take(it, 1):
                    pending[pool.submit(worker.check_file, nxt)] = nxt
        return []
    except KeyboardInterrupt:
        for future in pending:
            future.cancel()
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _take(it: Iterable[str], n: int) -> list[str]:
    out = []
    for item in it:
        out.append(item)
        if len(out) == n:
            break
    return out
