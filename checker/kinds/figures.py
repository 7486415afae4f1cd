"""The same figure given twice with two values (法律知识讲座112场 … 法律知识讲座108场).

Each match of the pack's patterns names a figure by its `label` (the words before or after the
number, less the rule's `label_ignore` words such as 各类, compared by their last `label_chars`
characters; a pattern may name a `head` before the number, 立案查处 in 立案查处的63件案件) and `unit` (units of one of the rule's `units` families are one unit: 名 and 人, 件
and 起); two sentences that give the same figure different values are reported once, quoting
both. A label with one of the rule's `qualifiers` (新增, 新进 …) names a part, another figure
than the same label without it. Sentences that compare periods (同比, 上年, 分别 …: the rule's `unless`) are left alone, and so are
the figures after a `parts_after` word (其中: parts of the figure before it),
and so are the parts in `skip_sections` (next year's plan: its figures are targets).
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
