"""One file, in a worker process: read, check, extract features, in a child of the worker
under the sandbox's limits. The pack is loaded once per process by the initializer; any
failure becomes a result that says why. A worker stops by itself when the audit dies."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

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


def unreadable(path: str, error: str, pack: Pack) -> dict:
    """A file that gave no verdict, as a row that says why: the same shape as any report."""
    return {"report": report_dict(ReportResult(path=path, status="unreadable", error=error), pack), "features": None}


def check_file(path: str) -> tuple[str, dict, bytes]:
    """(path, result, signatures)."""
    if load_reader(path):
        _child.close()   # the next child is forked with the new reader already imported
    try:
        return _child((path,), path)
    except UnreadableDocument as e:
        return path, unreadable(path, e.message, _pack), b""


def check_files(paths: list[str]) -> list[tuple[str, dict, bytes]]:
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


def _check_here(path: str) -> tuple[str, dict, bytes]:
    try:
        doc = read_document(path, _max_bytes)
    except UnreadableDocument as e:
        return path, unreadable(path, e.message, _pack), b""
    except Exception:  # a reader bug must not lose the file: it becomes a row that says why
        return path, unreadable(path, "读取时发生内部错误，请把该文件报告给维护者", _pack), b""
    try:
        result = check_document(doc, _pack)
        report_features, signatures = features.extract(result, _pack)
    except CheckerError as e:   # a pack pattern that ran away on this report
        return path, unreadable(path, e.message, _pack), b""
    except Exception:
        return path, unreadable(path, "检查时发生内部错误，请把该文件报告给维护者", _pack), b""
    return path, {"report": report_dict(result, _pack), "features": report_features}, signatures
