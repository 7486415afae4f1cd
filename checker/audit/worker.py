"""One file, in a worker process: read, check, extract features. The pack is loaded once
per process by the initializer; any failure becomes a result that says why."""
from __future__ import annotations

from typing import Optional

from .. import segment
from ..documents import DEFAULT_MAX_BYTES, read_document
from ..engine import check_document
from ..errors import UnreadableDocument
from ..formats.json_format import report_dict
from ..model import ReportResult
from ..pack import Pack
from .features import extract

_pack: Optional[Pack] = None
_max_bytes = DEFAULT_MAX_BYTES


def set_pack(pack: Pack, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """The pack to check with (a worker's initializer, or this process for -j 1): the
    caller's own Pack, so project configuration applied to it reaches every worker."""
    global _pack, _max_bytes
    _pack, _max_bytes = pack, max_bytes
    segment.add_words(pack.dictionary)


def unreadable(path: str, error: str, pack: Pack) -> dict:
    """A file that gave no verdict, as a row that says why: the same shape as any report."""
    return {"report": report_dict(ReportResult(path=path, status="unreadable", error=error), pack), "features": None}


def check_file(path: str) -> tuple[str, dict, bytes]:
    """(path, result, signatures)."""
    try:
        doc = read_document(path, _max_bytes)
    except UnreadableDocument as e:
        return path, unreadable(path, e.message, _pack), b""
    except Exception as e:  # a reader bug must not lose the file: it becomes a row that says why
        return path, unreadable(path, f"读取时发生内部错误（{type(e).__name__}），请报告此问题", _pack), b""
    try:
        result = check_document(doc, _pack)
        features, signatures = extract(result)
    except Exception as e:
        return path, unreadable(path, f"检查时发生内部错误（{type(e).__name__}），请报告此问题", _pack), b""
    return path, {"report": report_dict(result, _pack), "features": features}, signatures
