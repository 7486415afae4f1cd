"""Words that must (require) or must not (forbid) appear in a scope, or in each item of it."""
from __future__ import annotations

from typing import Iterator, Optional

from ..context import Context, iter_matches
from ..grouping import named
from ..model import Finding, FindingItem, Span
from ..pack.model import Rule
from ..patterns import BoundedPattern
from ..support.validators import VALIDATORS, mask_digits


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    if rule.get("mode", "require") == "forbid":
        yield from _forbid(rule, ctx)
    else:
        yield from _require(rule, ctx)


def _require(rule: Rule, ctx: Context) -> Iterator[Finding]:
    need = rule.get("min_count", 1)
    units = ctx.units(rule)
    if not units:
        return
    present = ctx.present(rule.get("patterns"))
    lacking = [u for u in units if not _at_least(need, present, ctx.norm, u)]
    if rule.get("per", "section") in ("section", "heading"):
        for unit in lacking:
            span: Optional[Span] = unit
            if rule.section:
                span = ctx.heading_span(rule.section)
            elif rule.get("scope", "whole") in ("whole", "body"):
                span = None
            yield ctx.finding(rule, span)
        return
    share = 1 - len(lacking) / len(units)
    if share < rule.get("min_share", 1.0):
        doc = ctx.document
        items = [FindingItem(span, doc.line_of(span[0]), doc.column_of(span[0]), doc.excerpt(span, 20))
                 for span in lacking]
        found = ctx.finding(rule, lacking[0], detail=f"{len(units) - len(lacking)}/{len(units)}",
                            count=len(lacking), total=len(units), present=len(units) - len(lacking),
                            items=named(items, doc.line_unit))
        found.items = items if len(items) > 1 else []   # each item that lacks it stays locatable
        yield found


def _at_least(need: int, patterns: list[BoundedPattern], text: str, span: tuple[int, int]) -> bool:
    """Whether `need` of the patterns match in the span (asking no further once they do)."""
    if need <= 0:
        return True
    if len(patterns) < need:
        return False
    for pattern in patterns:
        if pattern.search(text, span[0], span[1]):
            need -= 1
            if not need:
                return True
    return False


def _forbid(rule: Rule, ctx: Context) -> Iterator[Finding]:
    """Each forbidden match once; checked per item, one finding per item naming every match;
    with `margins`, also in the headers, footers and text boxes a Word file carries."""
    yield from _in_body(rule, ctx)
    if rule.get("margins"):
        for where, text in ctx.document.margins:
            m = next((m for p in map(ctx.pattern, rule.get("patterns")) if (m := p.search(text))), None)
            if m:
                yield ctx.finding(rule, None, match=m.group(0), excerpt=f"{where}：{' '.join(text.split())[:60]}")


def _in_body(rule: Rule, ctx: Context) -> Iterator[Finding]:
    unless = rule.get("unless", [])
    validator = VALIDATORS.get(rule.get("validator"))
    per_item = rule.get("per") == "item"
    seen = set()
    for unit in ctx.units(rule):
        matches = sorted(iter_matches(ctx, rule.get("patterns"), unit), key=lambda m: m.start())
        if not matches or (unless and ctx.any_match_in(unless, unit)):   # `unless` only where it matters
            continue
        found = []
        for m in matches:
            if m.span() in seen or (validator and not validator(m.group(0))):
                continue
            seen.add(m.span())
            found.append(m)
        if per_item and found:
            shown = "”“".join(dict.fromkeys(m.group(0) for m in found))
            yield ctx.finding(rule, found[0].span(), match=shown, excerpt=ctx.document.excerpt_around(found[0].span()))
            continue
        shown_already = set()   # two matches a few characters apart would read as one finding printed twice
        for m in found:
            shown = mask_digits(m.group(0)) if rule.get("mask") else m.group(0)
            excerpt = shown if rule.get("mask") else ctx.document.excerpt_around(m.span())
            if rule.get("mask") or (shown, excerpt) not in shown_already:
                shown_already.add((shown, excerpt))
                yield ctx.finding(rule, m.span(), match=shown, excerpt=excerpt)


# This kind's fields as a pack writes them: rules/pack.schema.json and the guide in rules/README.md
# are generated from this (python -m checker.pack.generate).
SCHEMA: dict = {'description': '要求（require）或禁止（forbid）出现某些词句；可逐条（per: item）检查。',
 'required': ['patterns'],
 'properties': {'patterns': {'$ref': '#/$defs/regexes'},
                'mode': {'enum': ['require', 'forbid'], 'description': 'require：必须出现；forbid：不得出现。默认 require'},
                'min_count': {'type': 'integer', 'minimum': 1, 'description': 'require：至少命中几个不同的正则，默认 1'},
                'per': {'enum': ['section', 'item', 'sentence', 'heading'],
                        'description': '检查单位：整个范围、每个条目（一是…/（一）…）、每句，或该部分的标题（heading），默认 section'},
                'min_share': {'type': 'number',
                              'minimum': 0,
                              'maximum': 1,
                              'description': 'require 且逐条：满足的条目至少占多少比例，默认 1'},
                'unless': {'type': 'array',
                           'items': {'$ref': '#/$defs/regex'},
                           'description': 'forbid：所在单位命中这些正则时不算'},
                'validator': {'enum': ['cn_id_checksum'], 'description': 'forbid：对命中内容再做校验（如身份证校验位）'},
                'mask': {'type': 'boolean', 'description': '摘录中遮盖命中内容（个人信息）'},
                'margins': {'type': 'boolean', 'description': '也查 Word 文件的页眉、页脚和文本框（forbid 模式；发现时指明在页眉还是页脚）'}}}
