"""Deductions → score and grade. Each finding deducts its rule's weight until the rule's
max_deduction is used up, in document order, so the same input always scores the same.
A judgment the checker infers (a rule with `judgment`: this item gives no cause) deducts half
of what a proven finding does (a part is missing, a rate over 100%), and judgments alone never
take a report below the pass mark. Then the pack's caps: a report missing a required part
cannot pass, however well the rest is written."""
from __future__ import annotations

from .contract import LEVELS
from .model import Finding
from .pack.model import Pack

LEVEL_ORDER: dict[str, int] = {level: i for i, level in enumerate(LEVELS)}


JUDGMENT_SHARE = 0.5   # of a rule's weight and max_deduction, for a judgment


def apply_deductions(findings: list[Finding], pack: Pack) -> float:
    used: dict[str, float] = {}
    rules = pack.rules_by_id
    for finding in findings:
        rule = rules[finding.rule]
        share = JUDGMENT_SHARE if finding.certainty == "judgment" else 1.0
        room = max(rule.max_deduction * share - used.get(rule.id, 0.0), 0.0)
        finding.deduction = min(rule.weight * share, room)
        used[rule.id] = used.get(rule.id, 0.0) + finding.deduction
    proven = sum(used[r] for r in used if not rules[r].get("judgment"))
    score = max(0.0, 100.0 - sum(used.values()))
    if 100.0 - proven >= pack.passing_min:
        score = max(score, float(pack.passing_min))   # inferred judgments alone never fail a report
    return score


def apply_caps(score: float, findings: list[Finding], pack: Pack) -> tuple[float, list[dict]]:
    """The score under every cap whose rules fired, and those caps (lowest first)."""
    fired = {f.rule for f in findings}
    hit = sorted((c for c in pack.caps if fired & set(c["rules"])), key=lambda c: c["max"])
    for cap in hit:
        score = min(score, float(cap["max"]))
    return score, [{"max": c["max"], "reason": c["reason"]} for c in hit]


def grade_for(score: float, pack: Pack) -> str:
    for band in pack.grades:
        if score >= band["min"]:
            return band["name"]
    return pack.grades[-1]["name"]
