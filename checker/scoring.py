"""Deductions → score and grade. Each finding deducts its rule's weight until the rule's
max_deduction is used up, in document order, so the same input always scores the same."""
from __future__ import annotations

from .model import Finding
from .pack import Pack

LEVEL_ORDER = {"error": 0, "warning": 1, "info": 2}


def apply_deductions(findings: list[Finding], pack: Pack) -> float:
    used: dict[str, float] = {}
    rules = {r.id: r for r in pack.rules}
    for finding in findings:
        rule = rules[finding.rule]
        room = max(rule.max_deduction - used.get(rule.id, 0.0), 0.0)
        finding.deduction = min(rule.weight, room)
        used[rule.id] = used.get(rule.id, 0.0) + finding.deduction
    return max(0.0, 100.0 - sum(used.values()))


def grade_for(score: float, pack: Pack) -> str:
    for band in pack.grades:
        if score >= band["min"]:
            return band["name"]
    return pack.grades[-1]["name"]
