"""One file, in a worker process: read, check, extract features, in a child of the worker
under the sandbox's limits. The pack is loaded once per process by the initializer; any
failure becomes a result that says why. A worker stops by itself when the audit dies."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, NamedTuple, Optional

from .. import sandbox, segment
from ..documents import DEFAULT_MAX_BYTES, load_reader, read_document
from ..engine import check_document, prepare
from ..errors import CheckerError, UnreadableDocument
from ..formats.json_format import report_dict
from ..model import ReportResult
from ..pack_model import Pack
from . import features

if TYPE_CHECKING:
    from multiprocessing.synchronize import Event

_pack: Optional[Pack] = None
_max_bytes = DEFAULT_MAX_BYTES
_child: Optional[sandbox.Child] = None
_halt: Optional["Event"] = None   # the audit's stop flag, shared with the pool


def set_pack(pack: Pack, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """The pack to check with (a worker's initializer, or this process for -j 1): the
    caller's own Pack, so project configuration applied to it reaches every worker."""
    global _pack, _max_bytes, _child
    finish()
    _pack, _max_bytes, _child = pack, max_bytes, sandbox.Child(_check_here)
    segment.load()   # the shortcomings and the plan of every report are segmented
    prepare(pack, warm=True)


def finish() -> None:
    """Stop this process's checking child (a pool worker's stops with the worker)."""
    if _child is not None:
        _child.close()


def start_worker(pack: Pack, max_bytes: int = DEFAULT_MAX_BYTES, halt: Optional["Event"] = None) -> None:
    """A pool worker's initializer (SIGTERM is also how a broken pool stops its workers)."""
    global _halt
    sandbox.become_child()
    _halt = halt
    set_pack(pack, max_bytes)


class Answer(NamedTuple):
    """One file's verdict as the cache keeps it: JSON text, made once in the child that checked
    it. Dicts were pickled by the child and again by the worker, unpickled twice, and encoded
    for the cache by the audit's own process, which the workers wait on (that process used
    1.2 s more CPU on 4,000 reports)."""
    path: str
    report: str                  # the report as in the JSON output
    features: Optional[str]      # None when the file gave no verdict
    signatures: bytes = b""
    unit: str = ""               # the features' unit and year, which the cache indexes
    year: Optional[int] = None


def unreadable(path: str, error: str, pack: Pack) -> dict:
    """A file that gave no verdict, as a row that says why: the same shape as any report."""
    return report_dict(ReportResult(path=path, status="unreadable", error=error), pack)


def no_verdict(path: str, error: str, pack: Optional[Pack] = None) -> Answer:
    """unreadable() as an answer (with this process's pack unless told another)."""
    return Answer(path, _json(unreadable(path, error, pack or _pack)), None)


def _json(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False)


def check_file(path: str) -> Answer:
    if load_reader(path):
        _child.close()   # the next child is forked with the new reader already imported
    try:
        return _child((path,), path)
    except UnreadableDocument as e:
        return no_verdict(path, e.message)


def check_files(paths: list[str]) -> list[Answer]:
    """check_file for a few files: one task for the pool instead of several, as each task
    costs the pool's bookkeeping about as much as checking a short report. Once the audit
    is stopped, the task ends after the file in hand and hands in what is done: a worker
    killed instead could die halfway through handing in, and the pool would wait forever
    for the rest."""
    done = []
    for path in paths:
        if _halt is not None and _halt.is_set():
            break
        done.append(check_file(path))
    return done


def _check_here(path: str) -> Answer:
    try:
        doc = read_document(path, _max_bytes)
    except UnreadableDocument as e:
        return no_verdict(path, e.message)
    except Exception:  # a reader bug must not lose the file: it becomes a row that says why
        return no_verdict(path, "读取时发生内部错误，请把该文件报告给维护者")
    try:
        result = check_document(doc, _pack)
        found, signatures = features.extract(result, _pack)
    except CheckerError as e:   # a pack pattern that ran away on this report
        return no_verdict(path, e.message)
    except Exception:
        return no_verdict(path, "检查时发生内部错误，请把该文件报告给维护者")
    return Answer(path, _json(report_dict(result, _pack)), _json(found), signatures, found["unit"], found["year"])
