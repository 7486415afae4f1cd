"""The year a report is on: every place that tells it (title, opening, the reporting sentence,
headings, the sign-off), and the year most of them tell."""
from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Optional

from ..model import Node, Signature
from ..pack.model import ANY_REPORT, ReportFrame

_OPENING_YEAR = re.compile(r"(?<![-—–~至\d《])(?P<y>20\d{2})\s*年度?(?:以来|来|是|,|里)")



@functools.lru_cache(maxsize=8)
def _year_hints(subject_name: str) -> tuple[re.Pattern, ...]:
    """In the preamble, most trusted first: the reporting sentence (现将2024年……), a year before the
    report's subject (2024年法治政府建设), any year that is not a range."""
    named = [re.compile(rf"(?P<y>20\d{{2}})\s*年度?(?:的)?(?:推进)?(?:{subject_name})")] if subject_name else []
    return (re.compile(r"现将.{0,30}?(?P<y>20\d{2})\s*年"), *named,
            re.compile(r"(?<![-—–~至\d])(?P<y>20\d{2})\s*年(?!\s*[-—–~至])"))


def year_sources(norm: str, title: Optional[str], preamble: tuple[int, int], roots: list[Node],
                 signature: Optional[Signature], frame: ReportFrame = ANY_REPORT) -> dict[str, int]:
    """Every place that tells the reported year, most trusted first."""
    found: dict[str, int] = {}
    if title:
        m = re.search(r"(?<!\d)(20\d{2})\s*(?:年|(?=[\u4e00-\u9fff]))", title)   # 2024年, or 2024法治…
        if m:
            found["title"] = int(m.group(1))
    text = norm[preamble[0]:preamble[1]]
    first_sentence = text.strip(" \t\n|").split("。")[0]
    m = _OPENING_YEAR.search(first_sentence)
    if m:
        found["opening"] = int(m.group("y"))   # 2023年，我局…… : the report's own year, before any year it quotes
    reporting, *others = _year_hints(frame.subject_name)
    told = reporting.search(text)
    if told:
        found["reporting"] = int(told.group("y"))   # 现将2024年……报告如下: always heard, so a stale one is named
    elif not m:
        told = next((t for t in (p.search(text) for p in others) if t), None)
        if told:
            found["preamble"] = int(told.group("y"))
    if roots:
        m = re.search(r"(20\d{2})\s*年", roots[0].title)
        if m:
            found["first_heading"] = int(m.group(1))
    plan = next((r for r in roots[1:] if _PLAN_HEADING.search(r.title)), None)
    m = re.search(r"(20\d{2})\s*年", plan.title) if plan else None
    if m:
        found["plan_heading"] = int(m.group(1)) - 1
    if signature and signature.date:
        signed, month = int(signature.date[:4]), int(signature.date[5:7])
        found["signature"] = signed if month >= _YEAR_END_MONTH else signed - 1
    if not found:
        years = [int(m.group(1)) for m in _BODY_YEAR.finditer(norm, preamble[0], min(len(norm), preamble[0] + 3000))]
        if years:
            found["body"] = max(set(years), key=years.count)
    return found


def decide_year(sources: dict[str, int]) -> tuple[Optional[int], tuple[str, ...]]:
    """The year most places tell (a title copied from last year's report is outvoted by the
    opening, the plan's heading and the signature); on a tie, the most trusted place. Also
    which places tell it, so a reader can be told what decided."""
    if not sources:
        return None, ()
    votes = Counter(sources.values())
    order = list(dict.fromkeys(sources.values()))
    year = max(order, key=lambda y: (votes[y], -order.index(y)))
    return year, tuple(name for name, value in sources.items() if value == year)


# A report signed in its own November or December reports on that year (2023年12月20日, plan for 2024).
_YEAR_END_MONTH = 11
_PLAN_HEADING = re.compile(r"安排|计划|打算|思路|重点|方向|展望")

# The last resort: the year of this year's own plan the report quotes (《2022年度党委理论学习中心组学习计划》).
_BODY_YEAR = re.compile(r"《[^《》\n]{0,20}?(20\d{2})\s*年度?[^《》\n]{0,30}?(?:计划|要点|方案|安排)》")
