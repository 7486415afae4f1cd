"""Which of a list of task areas (e.g. the nine areas of the 2021–2025 纲要) the report
mentions, and which it never does."""
from __future__ import annotations

from typing import Iterator

from ..context import Context
from ..model import Finding
from ..pack.model import Rule

OUTPUT = "coverage"      # the table of areas, in every output
OUTPUT_ALWAYS = True     # shown even where the rule does not apply


def covered(rule: Rule, ctx: Context) -> dict[str, bool]:
    """Area → mentioned (for the rule's check and for the coverage table in every output)."""
    def compute() -> dict[str, bool]:
        text = "".join(ctx.text(s) for s in ctx.scope_spans(rule))
        return {area["name"]: ctx.any_match(area["patterns"], text) for area in rule.get("areas")}
    return ctx.once(("coverage", rule.id), compute)


output = covered


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    table = covered(rule, ctx)
    missing = [name for name, hit in table.items() if not hit]
    if len(table) - len(missing) < rule.get("min_areas", len(table)):
        yield ctx.finding(rule, None, areas="、".join(missing), count=len(missing), total=len(table))
