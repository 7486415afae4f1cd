"""整改闭环, the office's round: a second audit against the JSON of the first (`audit --since`).

Each report is paired with the first round's report of the same unit (else of the same file
name); its findings are marked 未整改 or 新问题 as the drafter's round marks them (rounds.match),
with what was put right, the score before, the parts the revision put in (or lost) and whether
the copying found the first time is gone. Units the first round had that sent nothing this
time are named: 未重新报送.

Between years the same matching serves `--previous`: a finding this year that the same unit's
report of last year already drew is 上年已提出 — a problem the office raised last year and still there.
"""
from __future__ import annotations

import json
import os
from typing import Any, Iterator, Optional, cast

from ..contract import ReportDict
from ..errors import CheckerError
from ..pack.model import Pack
from ..rounds import UNFIXED, earlier_of, match, rule_names
from ..support.bounded_read import check_file, read_bytes
from .table import copying_gone, unit_of

MAX_FIRST_ROUND_BYTES = 2 * 1024 * 1024 * 1024   # a national first round's JSON runs to gigabytes


_NOT_A_RESULT = "不是 report-check 的 JSON 审查结果（用 audit … -o 审查结果.json 生成）"


def check_first_round(path: str) -> None:
    """Before any report is checked: the file is there, a regular file within bounds, and opens
    as our JSON does (the whole is read while the reports are checked: 250 MB at 4,000 reports)."""
    check_file(path, MAX_FIRST_ROUND_BYTES, "第一轮的审查结果")
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError as e:
        raise CheckerError(f"无法读取第一轮的审查结果（{e.strerror or e}）", path) from None
    if not head.lstrip().startswith(b"{") or b'"format_version"' not in head:
        raise CheckerError(_NOT_A_RESULT, path)


def load_first_round(path: str) -> list[ReportDict]:
    try:
        data = json.loads(read_bytes(path, MAX_FIRST_ROUND_BYTES, "第一轮的审查结果"))
        return [cast(ReportDict, r) for r in data["reports"] if isinstance(r, dict) and r.get("status") == "checked"]
    except (ValueError, KeyError, TypeError, RecursionError):
        raise CheckerError(_NOT_A_RESULT, path) from None


def mark(reports: list[ReportDict], first: list[ReportDict], pack: Pack) -> dict:
    """Mark each report of this round against its unit's first-round report (`round` on the
    report and on each finding); the round's totals and the units that did not resubmit."""
    seen: set[str] = set()
    totals: dict[str, Any] = {"resubmitted": 0, "fixed": 0, "unfixed": 0, "new": 0, "parts_added": 0, "copying_gone": 0}
    for report, before, marks, found in _matched(reports, first, pack, by_file=True):
        seen.add(unit_of(before))
        for finding, m in zip(report["findings"], marks):
            finding["round"] = m
        report["round"] = {**found.as_dict(), "score_before": before.get("score"), **_parts_and_copying(before, report)}
        totals["resubmitted"] += 1
        totals["fixed"] += len(found.fixed)
        totals["unfixed"] += found.unfixed
        totals["new"] += found.new
        totals["parts_added"] += len(report["round"]["parts_added"])
        totals["copying_gone"] += copying_gone(report["round"])
    missing = {unit_of(r): r for r in first if unit_of(r) not in seen}   # a unit that sent twice, once
    totals["not_resubmitted"] = [{"unit": unit, "path": r["path"], "score": r.get("score")} for unit, r in missing.items()]
    return totals


def _matched(reports: list[ReportDict], earlier: list[ReportDict], pack: Pack, by_file: bool) -> Iterator[tuple]:
    """Each checked report with the earlier report of its unit (else, `by_file`, of its file
    name), each finding's mark (rounds.match) and what became of the earlier findings."""
    names = rule_names(pack)
    checked = [r for r in earlier if r.get("status") == "checked"]
    by_unit = {unit_of(r): r for r in checked}
    by_name = {os.path.basename(r["path"]): r for r in checked} if by_file else {}
    for report in reports:
        if report["status"] != "checked":
            continue
        before: Optional[ReportDict] = by_unit.get(unit_of(report)) or by_name.get(os.path.basename(report["path"]))
        if before is not None:
            yield (report, before, *match(earlier_of(report), earlier_of(before), names))


def _parts_and_copying(before: ReportDict, now: ReportDict) -> dict:
    """The required parts missing before and there now (parts_added), there before and missing now
    (parts_lost), by name; the copy mark before and now (雷同 gone, still there, or new)."""
    def missing(report: ReportDict) -> dict[str, str]:
        return {s["id"]: s["name"] for s in report.get("sections") or [] if s.get("status") == "missing"}
    was, now_missing = missing(before), missing(now)
    present_before = {s["id"] for s in before.get("sections") or []}
    present_now = {s["id"] for s in now.get("sections") or []}   # another pack's parts are neither
    return {"parts_added": [name for sid, name in was.items() if sid in present_now and sid not in now_missing],
            "parts_lost": [name for sid, name in now_missing.items() if sid in present_before and sid not in was],
            "copying_before": (before.get("copying") or {}).get("mark"),
            "copying_now": (now.get("copying") or {}).get("mark")}


def mark_last_year(reports: list[ReportDict], last_year: list[ReportDict], pack: Pack) -> int:
    """Mark each finding the same unit's report of last year already drew (`last_year` on the
    finding; on the report, last year's file and how many); the number of such findings."""
    marked = 0
    for report, before, marks, _ in _matched(reports, last_year, pack, by_file=False):
        repeated = [f for f, m in zip(report["findings"], marks) if m == UNFIXED]
        for finding in repeated:
            finding["last_year"] = True
        report["last_year"] = {"path": before["path"], "repeated": len(repeated)}
        marked += len(repeated)
    return marked
