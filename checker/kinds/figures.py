"""The same figure given twice with two values (法律知识讲座112场 … 法律知识讲座108场).

Each match of the pack's patterns names a figure by its `label` (the words before the number,
compared by their last `label_chars` characters) and `unit`; two sentences that give the same
figure different values are reported once, quoting both. Sentences that compare periods
(同比, 上年, 分别 …: the rule's `unless`) are left alone.
"""
from __future__ import annotations

from typing import Iterator

from ..context import Context, iter_matches
from ..model import Finding
from ..pack_model import Rule

GROUPS = ("label", "value", "unit")   # named groups every pattern must have


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    keep = rule.get("label_chars", 6)
    unless = rule.get("unless", [])
    first: dict[tuple[str, str], tuple[str, tuple[int, int]]] = {}
    reported = set()
    for span in ctx.scope_spans(rule):
        for sentence in ctx.sentences(span):
            matches = list(iter_matches(ctx, rule.get("patterns"), sentence))
            if not matches or (unless and ctx.any_match_in(unless, sentence)):
                continue
            for m in matches:
                key = (m.group("label")[-keep:], m.group("unit"))
                value = m.group("value")
                if key not in first:
                    first[key] = (value, m.span())
                    continue
                earlier, where = first[key]
                if earlier != value and key not in reported:
                    reported.add(key)
                    yield ctx.finding(rule, m.span(), figure=key[0], unit=key[1], first=earlier, second=value,
                                      first_line=ctx.document.line_of(where[0]),
                                      excerpt=f"{ctx.document.excerpt(where)} …… {ctx.document.excerpt(m.span())}")
