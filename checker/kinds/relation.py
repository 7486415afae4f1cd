"""Figures that must fit each other: a part may not exceed its whole (办结 ≤ 受理, 出庭 ≤ 开庭),
and a rate stated beside its own numbers must be their quotient (调解121件 of 124 → 97.6%,
not 98.8%). A rate that does not fit is put as a question: official rates may use another
denominator than the figures printed next to them."""
from __future__ import annotations

from typing import Iterator

from ..context import Context, iter_matches
from ..model import Finding
from ..normalize import figure
from ..pack.model import Rule

GROUPS = ("whole", "part")   # named groups every pattern must have


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    tolerance = rule.get("tolerance", 0.5)
    for span in ctx.scope_spans(rule):
        for m in iter_matches(ctx, rule.get("patterns"), span):
            whole, part = figure(m.group("whole")), figure(m.group("part"))
            if whole is None or part is None:
                continue
            if "rate" in m.groupdict():
                rate = figure(m.group("rate"))
                if rate is None or whole <= 0 or part > whole:
                    continue
                computed = 100 * part / whole
                if abs(computed - rate) > tolerance:
                    yield ctx.finding(rule, m.span(), whole=f"{whole:g}", part=f"{part:g}",
                                      rate=m.group("rate"), computed=f"{computed:.1f}")
            elif part > whole:
                yield ctx.finding(rule, m.span(), whole=f"{whole:g}", part=f"{part:g}")


# This kind's fields as a pack writes them: rules/pack.schema.json and the guide in rules/README.md
# are generated from this (python -m checker.pack.generate).
SCHEMA: dict = {'description': '数据要对得上：部分不得大于整体（如 办结≤受理、出庭≤开庭）；正则另含命名分组 rate 时，检查所写比率是否等于 part÷whole（相差超过 tolerance 个百分点即提示核对）。',
 'required': ['patterns'],
 'properties': {'patterns': {'$ref': '#/$defs/regexes', 'description': '含命名分组 whole 和 part 的正则（可再含 rate）'},
                'tolerance': {'type': 'number', 'minimum': 0, 'description': '比率允许的误差（百分点），默认 0.5'}}}
