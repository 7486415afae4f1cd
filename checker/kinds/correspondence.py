"""Each item of one part has a counterpart in another, compared by content words
(jieba): every shortcoming should be answered by a measure in next year's plan."""
from __future__ import annotations

from typing import Iterator

from .. import segment
from ..context import Context
from ..model import Finding
from ..pack import Rule


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    source, target = ctx.section_node(rule.section), ctx.section_node(rule.get("target"))
    if source is None or target is None:
        return
    segment.add_words(ctx.pack.dictionary)
    stop = set(rule.get("stopwords", []))
    min_shared = rule.get("min_shared", 2)
    plan = [set(segment.words(ctx.text(span))) - stop for span in ctx.section_items(rule.get("target"))]
    if not plan:
        return
    for span in ctx.items(rule):
        words = set(segment.words(ctx.text(span))) - stop
        if len(words) < min_shared:
            continue
        if max(len(words & p) for p in plan) < min_shared:
            node = next((n for n in source.children if n.start == span[0]), None)
            yield ctx.finding(rule, span, item=node.title if node else ctx.document.excerpt(span, 20),
                              target_name=ctx.pack.section(rule.get("target")).name)

