"""One file in a checking child (see the runner): read, check, extract features under the
sandbox's limits, with the pack the audit's process prepared before forking; any failure
becomes a row that says why."""
from __future__ import annotations

import json
from typing import Mapping, NamedTuple, Optional

from .. import segment
from ..contract import ReportDict
from ..documents import DEFAULT_MAX_BYTES, load_reader, read_document
from ..engine import check_document, prepare
from ..errors import CheckerError, UnreadableDocument
from ..formats.json_format import report_dict
from ..model import ReportResult
from ..pack.model import Pack
from . import features

_pack: Optional[Pack] = None
_max_bytes = DEFAULT_MAX_BYTES


def make_ready(pack: Pack, max_bytes: int, paths: list[str]) -> None:
    """Make this process ready to fork the children that check `paths`: the caller's own Pack
    (so project configuration applied to it reaches every child), prepared; jieba loaded, as
    the shortcomings and the plan of every report are segmented; and the readers of the
    files' formats imported (an import in a child would count against its memory limit, and
    be repeated by every child)."""
    global _pack, _max_bytes
    _pack, _max_bytes = pack, max_bytes
    segment.load()
    prepare(pack, warm=True)
    for path in paths:
        load_reader(path)


def _prepared() -> Pack:
    if _pack is None:
        raise RuntimeError("make_ready() was not called in this process")
    return _pack


class Answer(NamedTuple):
    """One file's verdict as the cache keeps it: JSON text, made once in the child that checked
    it: the audit's process, which the children wait on, stores it as it is."""
    path: str
    report: str                  # the report as in the JSON output
    features: Optional[str]      # None when the file gave no verdict
    signatures: bytes = b""
    unit: str = ""               # the features' unit and year, which the cache indexes
    year: Optional[int] = None


def unreadable(path: str, error: str, pack: Pack) -> ReportDict:
    """A file that gave no verdict, as a row that says why: the same shape as any report."""
    return report_dict(ReportResult(path=path, status="unreadable", error=error), pack)


def no_verdict(path: str, error: str, pack: Optional[Pack] = None) -> Answer:
    """unreadable() as an answer (with this process's pack unless told another)."""
    return Answer(path, _json(unreadable(path, error, pack or _prepared())), None)


def _json(value: Mapping) -> str:
    return json.dumps(value, ensure_ascii=False)


def check_here(path: str) -> Answer:
    """Run in a checking child, whose limits hold: one file's answer, or a row that says why."""
    try:
        doc = read_document(path, _max_bytes)
    except UnreadableDocument as e:
        return no_verdict(path, e.message)
    except Exception:  # a reader bug must not lose the file: it becomes a row that says why
        return no_verdict(path, "读取时发生内部错误，请把该文件报告给维护者")
    pack = _prepared()
    try:
        result = check_document(doc, pack)
        found, signatures = features.extract(result, pack)
    except CheckerError as e:   # a pack pattern that ran away on this report
        return no_verdict(path, e.message)
    except Exception:
        return no_verdict(path, "检查时发生内部错误，请把该文件报告给维护者")
    return Answer(path, _json(report_dict(result, pack)), _json(found), signatures, found["unit"], found["year"])
