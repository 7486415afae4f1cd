"""What a copy group means for each of its reports: a mark beside its score and grade in
every output (雷同: copies of one text from two units or more; 重复报送: one unit's report
sent twice), and, for 雷同, the pack's cap (`copying`) on its score, so that a copied
report never ranks above the reports its units wrote themselves.

The checker cannot tell who copied whom, so every member is marked and capped alike; the
feedback asks each to explain, and the office restores the one it finds original."""
from __future__ import annotations

from typing import Callable, Optional

from ..contract import ReportDict
from ..pack.model import Pack
from ..scoring import grade_for
from .table import COPY_MARKS, unit_of


def mark_copies(reports: list[ReportDict], similar: list[dict], pack: Pack) -> None:
    """Give every report of a copy group its `copying` (kind, mark, the other members, how
    much they share, the score its own content earned) and, for 雷同, the pack's cap."""
    by_path = {r["path"]: r for r in reports}
    for group in similar:
        if group["kind"] not in COPY_MARKS or not group.get("members"):
            continue
        named = [{"path": p, "unit": unit_of(by_path[p]) if p in by_path else ""}
                 for p in group["members"][:WITH_NAMED + 1]]
        for path in group["members"]:
            report = by_path.get(path)
            if report is None or report["score"] is None:
                continue
            report["copying"] = {
                "kind": group["kind"], "mark": COPY_MARKS[group["kind"]],
                "with": [o for o in named if o["path"] != path][:WITH_NAMED], "others": len(group["members"]) - 1,
                "count": group["count"], "share": group["share"], "own_score": report["score"]}
            if group["kind"] == "copied" and pack.copying:
                _cap(report, pack.copying, pack)


# Each member names this many others: a group of n copies would otherwise write n² names into
# the JSON (800 copies of one model: 34 KB a report); the whole group is in audit.similar once.
WITH_NAMED = 20


def _cap(report: ReportDict, cap: dict, pack: Pack) -> None:
    if report["score"] is None:   # an unreadable report is never a copy
        return
    report["score"] = min(report["score"], float(cap["max"]))
    report["grade"] = grade_for(report["score"], pack)
    caps = (report.get("score_caps") or []) + [{"max": cap["max"], "reason": cap["reason"]}]
    report["score_caps"] = sorted(caps, key=lambda c: c["max"])


def copy_line(report: ReportDict, shown: Callable[[str], str]) -> Optional[str]:
    """The copying of one report as its unit and the office read it: with whom (unit and
    file), how much, and what its own content scored; None when it is in no copy group."""
    copying = report.get("copying")
    if not copying:
        return None
    others, count = copying["with"], copying.get("others", len(copying["with"]))
    how_much = f"相同内容约占 {copying['share']:.0%}（{copying['count']} 句相同）"
    if copying["kind"] == "duplicate":
        files = "、".join(shown(o["path"]) for o in others)
        return f"{copying['mark']}：本报告与本单位报送的另 {count} 份报告（{files}）内容基本相同，{how_much}。"
    named = "、".join(f"{o['unit']}（{shown(o['path'])}）" if o["unit"] else shown(o["path"]) for o in others[:5])
    more = f"等 {count} 份报告" if count > 5 else "的报告"
    capped = report["score"] < copying["own_score"]
    own = f"，报告内容本身得 {copying['own_score']:g} 分，因雷同按 {report['score']:g} 分计" if capped else ""
    return f"{copying['mark']}：本报告与{named}{more}内容基本相同，{how_much}{own}。"
