"""One problem, one finding: a rule that judges item by item (this shortcoming has no cause)
and finds several items of one part says so once, naming each item, as a reviewer writes one
comment for five causeless shortcomings. The pack opts a rule in with `group_message`; the
grouped finding keeps every item's place (`items`) and the sum of their deductions, so scores
do not change."""
from __future__ import annotations

from .context import fill_message
from .model import Finding, FindingItem, place
from .pack.model import Pack
from .privacy import mask_pii


def group(findings: list[Finding], pack: Pack, unit: str = "行") -> list[Finding]:
    members: dict[tuple, list[Finding]] = {}
    for f in findings:
        if f.span and pack.rules_by_id[f.rule].get("group_message"):
            members.setdefault((f.rule, f.section), []).append(f)
    out, done = [], set()
    for f in findings:
        key = (f.rule, f.section)
        together = members.get(key, [])
        if len(together) < 2:
            out.append(f)
        elif key not in done:
            done.add(key)
            out.append(_merged(together, pack.rules_by_id[f.rule].get("group_message"), unit))
    return out


def named(items: list[FindingItem], unit: str) -> str:
    """The items a finding covers, as its message names them: “一是……”（第3行）、……"""
    return "、".join(f"“{i.subject or i.excerpt}”（{place(i.line, i.column, unit)}）" for i in items)


def _merged(together: list[Finding], template: str, unit: str) -> Finding:
    """`together`: findings that each have a span (group() takes no other)."""
    ordered = sorted(together, key=lambda f: f.span[0] if f.span else -1)
    first = ordered[0]
    items = [FindingItem(f.span, f.line, f.column, f.excerpt, f.subject) for f in ordered if f.span]
    return Finding(rule=first.rule, level=first.level, section=first.section, span=first.span, line=first.line,
                   column=first.column, excerpt=first.excerpt, weakens=any(f.weakens for f in ordered),
                   deduction=sum(f.deduction for f in ordered), certainty=first.certainty,
                   message=mask_pii(fill_message(template, {"count": len(ordered), "items": named(items, unit)})),
                   items=items)
