"""A reported figure: its value is extracted for the audit table, checked against bounds,
and its absence noted where the pack requires the topic to be reported."""
from __future__ import annotations

from typing import Iterator, Optional

from ..context import Context, iter_matches
from ..model import Finding
from ..normalize import figure
from ..pack.model import Rule

GROUPS = ("value",)      # named groups every pattern must have
OUTPUT = "indicators"   # the report's figures, for the audit table


def output(rule: Rule, ctx: Context) -> Optional[list[dict]]:
    """The figures found (name, value, unit, line), unless the rule says not to extract them."""
    found = values(rule, ctx) if rule.get("extract", True) else []
    return [{k: v[k] for k in ("name", "value", "unit", "line")} for v in found] or None


def values(rule: Rule, ctx: Context) -> list[dict]:
    """The figures a rule's patterns capture (for its own check and for the audit table)."""
    return ctx.once(("indicator", rule.id), lambda: _extract(rule, ctx))


def _extract(rule: Rule, ctx: Context) -> list[dict]:
    found, seen = [], set()
    for span in ctx.scope_spans(rule):
        for m in iter_matches(ctx, rule.get("patterns"), span):
            value = figure(m.group("value"))
            if value is None or m.span("value") in seen:
                continue   # a group that caught no number (optional, or words) is not a figure
            seen.add(m.span("value"))
            unit = m.groupdict().get("unit")
            found.append({"value": value, "unit": unit, "span": m.span(),
                          "line": ctx.document.line_of(m.start()),
                          "name": m.groupdict().get("name") or rule.get("name")})
    return sorted(found, key=lambda v: v["span"])


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    low, high = rule.get("min"), rule.get("max")
    found = values(rule, ctx)
    for v in found:
        if (low is not None and v["value"] < low) or (high is not None and v["value"] > high):
            yield ctx.finding(rule, v["span"], value=f"{v['value']:g}", name=v["name"], min=low, max=high)
    if rule.get("require") and not found:
        mention = rule.get("mention") or rule.get("patterns")
        if not any(ctx.any_match_in(mention, s) for s in ctx.scope_spans(rule)):
            yield ctx.finding(rule, None, name=rule.get("name"))


# This kind's fields as a pack writes them: rules/pack.schema.json and the guide in rules/README.md
# are generated from this (python -m checker.pack.generate).
SCHEMA: dict = {'description': '提取一项指标的数值（进入审查表），检查取值范围，或提示未报告。',
 'required': ['patterns'],
 'properties': {'name': {'type': 'string', 'description': '指标中文名'},
                'patterns': {'$ref': '#/$defs/regexes', 'description': '含命名分组 value 的正则（可有 unit）'},
                'mention': {'type': 'array',
                            'items': {'$ref': '#/$defs/regex'},
                            'description': '提到该事项的正则，用于 require'},
                'require': {'type': 'boolean', 'description': '全文未提及该事项时命中'},
                'min': {'type': 'number'},
                'max': {'type': 'number'},
                'extract': {'type': 'boolean', 'description': '是否把数值列入指标表，默认 true'}}}


def columns(rule: Rule) -> list[tuple[str, str]]:
    """The audit sheet's column for this indicator (its value), unless the rule only checks."""
    return [(rule.id, rule.get("name"))] if rule.get("extract", True) and rule.get("name") else []
