"""The same figure given twice with two values (法律知识讲座112场 … 法律知识讲座108场).

Each match of the pack's patterns names a figure by its `label` (the words before or after the
number, less the rule's `label_ignore` words such as 各类, compared by their last `label_chars`
characters; a pattern may name a `head` before the number, 立案查处 in 立案查处的63件案件) and `unit` (units of one of the rule's `units` families are one unit: 名 and 人, 件
and 起); two sentences that give the same figure different values are reported once, quoting
both. A label with one of the rule's `qualifiers` (新增, 新进 …) names a part, another figure
than the same label without it. Sentences that compare periods (同比, 上年, 分别 …: the rule's `unless`) are left alone, and so are
the figures after a `parts_after` word (其中: parts of the figure before it),
and so are the parts in `skip_sections` (next year's plan: its figures are targets). With `own_area`
the unit's own area (全市 in a city's report) is not part of a name; a higher one (全区 in a street's) is.
"""
from __future__ import annotations

from typing import Iterator

from ..context import Context, iter_matches
from ..model import Finding
from ..pack.model import Rule

GROUPS = ("label", "value", "unit")   # named groups every pattern must have


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    keep = rule.get("label_chars", 6)
    unless = rule.get("unless", [])
    family = {unit: units[0] for units in rule.get("units", []) for unit in units}
    ignore = rule.get("label_ignore", [])
    qualifiers = rule.get("qualifiers", [])
    area = ctx.own_area if rule.get("own_area") else None
    if area:
        ignore = [*ignore, f"全{area}"]   # 全市 in a city's report: the whole, as the name without it
    skipped = [node.span for name in rule.get("skip_sections", []) if (node := ctx.section_node(name))]
    first: dict[tuple, tuple[str, tuple[int, int]]] = {}
    reported = set()
    for span in ctx.scope_spans(rule):
        for sentence in ctx.sentences(span):
            if any(start <= sentence[0] < end for start, end in skipped):
                continue
            matches = list(iter_matches(ctx, rule.get("patterns"), sentence))
            if not matches or (unless and ctx.any_match_in(unless, sentence)):
                continue
            parts_from = min((m.start() for m in iter_matches(ctx, rule.get("parts_after", []), sentence)),
                             default=sentence[1])
            for m in matches:
                if m.start() >= parts_from:
                    continue   # 其中持证5名: a part of the figure before, not a figure of its own
                label = (m.groupdict().get("head") or "") + m.group("label")   # 立案查处的63件案件: 立案查处 + 案件
                for word in ignore:
                    label = label.replace(word, "")
                key = (label[-keep:], family.get(m.group("unit"), m.group("unit")),
                       tuple(q for q in qualifiers if q in label))
                value = m.group("value")
                if key not in first:
                    first[key] = (value, m.span())
                    continue
                earlier, where = first[key]
                if earlier != value and key not in reported:
                    reported.add(key)
                    yield ctx.finding(rule, m.span(), figure=key[0], unit=m.group("unit"), first=earlier, second=value,
                                      first_line=ctx.document.line_of(where[0]),
                                      excerpt=f"{ctx.document.excerpt(where)} …… {ctx.document.excerpt(m.span())}")


# This kind's fields as a pack writes them: rules/pack.schema.json and the guide in rules/README.md
# are generated from this (python -m checker.pack.generate).
SCHEMA: dict = {'description': '同一数据前后不一致：两处写同一项数据（名称和单位相同）而数值不同，引用两处请核对。',
 'required': ['patterns'],
 'properties': {'patterns': {'$ref': '#/$defs/regexes',
                             'description': '含命名分组 label（数据名称）、value（数值）、unit（单位）的正则；可另有 '
                                            'head（数字前的动作，如“立案查处的63件案件”中的“立案查处”），名称为 head 加 label'},
                'label_chars': {'type': 'integer', 'minimum': 2, 'maximum': 20, 'description': '比较名称时取其最后几个字，默认 6'},
                'unless': {'type': 'array',
                           'items': {'$ref': '#/$defs/regex'},
                           'description': '句中有这些词（同比、上年、分别……）时不比较'},
                'label_ignore': {'$ref': '#/$defs/words', 'description': '比较名称前先去掉的词（各类、类……）：“行政诉讼类案件”与“行政诉讼案件”是同一项'},
                'own_area': {'type': 'boolean',
                             'description': '名称前的本单位辖区全称（市政府报告中的“全市”、街道报告中的“全街道”）不改变名称；上级辖区（街道报告中的“全区”）仍是另一口径'},
                'units': {'type': 'array',
                          'items': {'$ref': '#/$defs/words'},
                          'minItems': 1,
                          'description': '同一族的单位算同一单位（如 名 与 人、件 与 起）'},
                'qualifiers': {'$ref': '#/$defs/words', 'description': '名称里有这些词（新增、新进……）的是另一项数据（整体中的一部分），不与没有这个词的同名数据比较'},
                'skip_sections': {'type': 'array',
                                  'items': {'type': 'string', 'minLength': 1, 'maxLength': 64},
                                  'minItems': 1,
                                  'description': '不看这些部分（如下一年度安排：其中的数是目标）'},
                'parts_after': {'$ref': '#/$defs/regexes', 'description': '句中这些词（其中）之后的数是前面那个数的分项，不单独比较；之前的数照常比较'}}}
