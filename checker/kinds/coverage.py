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


# This kind's fields as a pack writes them: rules/pack.schema.json and the guide in rules/README.md
# are generated from this (python -m checker.pack.generate).
SCHEMA: dict = {'description': '报告覆盖了哪些工作领域，列出未提及的领域；覆盖表出现在每种输出中。',
 'required': ['areas'],
 'properties': {'table_title': {'type': 'string',
                                'description': '覆盖表的标题，如“《法治政府建设实施纲要（2021—2025年）》九个方面”（不写时用规则的 title）'},
                'areas': {'type': 'array',
                          'minItems': 1,
                          'items': {'type': 'object',
                                    'additionalProperties': False,
                                    'required': ['name', 'patterns'],
                                    'properties': {'name': {'type': 'string'},
                                                   'patterns': {'$ref': '#/$defs/regexes'}}}},
                'min_areas': {'type': 'integer', 'minimum': 0, 'description': '覆盖领域少于此数时命中；默认全部'}}}


def columns(rule: Rule) -> list[tuple[str, str]]:
    """One audit sheet column per area the rule looks for."""
    return [(rule.id, area["name"]) for area in rule.get("areas")]
