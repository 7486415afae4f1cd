"""整改闭环: a revised report checked against the findings of the round before it.

Each finding of this round is 未整改 (the same problem is still there) or 新问题, and each
finding of the last round that none of this round's answers is 已整改. A finding is the same
problem when its rule is the same (or a former id of it) and the words it quotes are close:
line numbers move when paragraphs are added or removed, and a drafter who rewords the quoted
sentence without fixing it still has the problem. A rule that fires once in a part (a part
missing, too short, without causes) is the same problem in that part whatever it quotes.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Optional

from .bounded_read import read_bytes
from .errors import CheckerError
from .model import ReportResult
from .pack_model import Pack

CLOSE = 0.5           # share of the quoted words' character pairs two findings must share
MAX_SINCE_BYTES = 50 * 1024 * 1024
FIXED, UNFIXED, NEW = "fixed", "unfixed", "new"
ROUND_CN = {FIXED: "已整改", UNFIXED: "未整改", NEW: "新问题"}


@dataclass
class Earlier:
    """One finding of the last round, as its JSON result gives it."""
    rule: str
    section: Optional[str]
    quote: str
    message: str


@dataclass
class Round:
    """What became of the last round's findings in one report."""
    previous: int
    fixed: list[Earlier] = field(default_factory=list)
    unfixed: int = 0
    new: int = 0

    def as_dict(self) -> dict:
        return {"previous": self.previous, "fixed": [{"rule": e.rule, "section": e.section, "excerpt": e.quote,
                                                     "message": e.message} for e in self.fixed],
                "unfixed": self.unfixed, "new": self.new}

    def summary(self) -> str:
        return (f"与上次相比：上次 {self.previous} 条，已整改 {len(self.fixed)} 条，未整改 {self.unfixed} 条，"
                f"新问题 {self.new} 条")


def load_since(path: str) -> list[list[Earlier]]:
    """The findings of each report in an earlier JSON result (`check --format json`)."""
    try:
        data = json.loads(read_bytes(path, MAX_SINCE_BYTES, "上次的检查结果"))
        reports = data["reports"]
        return [[Earlier(f["rule"], f.get("section"), _quote(f), f.get("message", "")) for f in r.get("findings", [])]
                for r in reports if r.get("status") == "checked"]
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise CheckerError("不是 report-check 的 JSON 检查结果（用 check --format json -o 结果.json 生成）", path) from None


def _quote(f: dict) -> str:
    items = f.get("items") or []
    return "；".join(i.get("subject") or i.get("excerpt") or "" for i in items) or f.get("excerpt") or ""


def _pairs(text: str) -> set[str]:
    text = "".join(ch for ch in text if ch.isalnum())
    return {text[i:i + 2] for i in range(len(text) - 1)}


def closeness(a: str, b: str) -> float:
    """Dice over character pairs: robust to a reworded clause, blind to line numbers."""
    pa, pb = _pairs(a), _pairs(b)
    return 2 * len(pa & pb) / (len(pa) + len(pb)) if pa and pb else float(a == b)


def compare(result: ReportResult, earlier: list[Earlier], pack: Pack) -> Round:
    """Mark each finding of `result` 未整改 or 新问题 (Finding.round) and say what was fixed."""
    names = {name: r.id for r in pack.rules for name in (r.id, *r.aliases)}
    now = result.findings
    candidates = []
    for i, f in enumerate(now):
        quote = "；".join(item.subject or item.excerpt or "" for item in f.items) or f.excerpt or ""
        for j, e in enumerate(earlier):
            if names.get(e.rule, e.rule) != f.rule:
                continue
            score = closeness(quote, e.quote)
            once = sum(1 for g in now if g.rule == f.rule and g.section == f.section) == 1 and \
                sum(1 for d in earlier if names.get(d.rule, d.rule) == f.rule and d.section == f.section) == 1
            if score >= CLOSE or once:
                candidates.append((score, i, j))
    matched_now, matched_before = set(), set()
    for _, i, j in sorted(candidates, reverse=True):
        if i not in matched_now and j not in matched_before:
            matched_now.add(i)
            matched_before.add(j)
    for i, f in enumerate(now):
        f.round = UNFIXED if i in matched_now else NEW
    return Round(previous=len(earlier), fixed=[e for j, e in enumerate(earlier) if j not in matched_before],
                 unfixed=len(matched_now), new=len(now) - len(matched_now))


def apply(results: list[ReportResult], since: list[list[Earlier]], pack: Pack) -> None:
    """Pair this round's reports with the last round's in order (one report: the usual case)."""
    checked = [r for r in results if r.status == "checked"]
    if len(checked) != len(since):
        raise CheckerError(f"上次的检查结果有 {len(since)} 份报告，这次有 {len(checked)} 份：请逐份对照（一份报告对一份结果）")
    for result, earlier in zip(checked, since):
        result.since = compare(result, earlier, pack)


__all__ = ["load_since", "apply", "compare", "closeness", "Round", "ROUND_CN"]
