"""A number computed over a scope (length, figures per 1,000 characters, items, share of
sentences matching a pattern), compared with bounds."""
from __future__ import annotations

import re
from typing import Callable, Iterator

from ..context import Context
from ..model import Finding, Span
from ..normalize import visible_length
from ..pack.model import Rule

_FIGURE = re.compile(r"\d(?<![\d.〔\[]\d)\d*(?:\.\d+)?(?![\d年〕\]])")   # the lookbehind after the first digit: scanned for in C


def _chars(rule: Rule, ctx: Context, span: Span) -> float:
    return visible_length(ctx.text(span))


def _figures_per_kchar(rule: Rule, ctx: Context, span: Span) -> float:
    chars = _chars(rule, ctx, span)
    return len(_FIGURE.findall(ctx.text(span))) * 1000 / chars if chars else 0.0


def _items(rule: Rule, ctx: Context, span: Span) -> float:
    return len(ctx.items(rule))


def _share_of_sentences(rule: Rule, ctx: Context, span: Span) -> float:
    sentences = ctx.sentences(span)
    hits = sum(1 for s in sentences if ctx.any_match_in(rule.get("patterns"), s))
    return hits / len(sentences) if sentences else 0.0


MEASURES: dict[str, Callable[[Rule, Context, Span], float]] = {
    "chars": _chars,
    "figures_per_kchar": _figures_per_kchar,
    "items": _items,
    "share_of_sentences": _share_of_sentences,
}


def _concrete(rule: Rule, ctx: Context) -> bool:
    """Every item of the part (or the pack's `unless_share` of them) carries a content signal
    (`unless_each`: a figure, a date, a count): length is a fallback for parts with no such signal,
    not a judgment on a concise, concrete part, so for such a part the minimum is `concrete_min`
    (half of `min` unless the pack says)."""
    signals = rule.get("unless_each")
    if not signals or not rule.section:
        return False
    items = ctx.section_items(rule.section)
    concrete = sum(1 for item in items if ctx.any_match_in(signals, item))
    return bool(items) and concrete >= rule.get("unless_share", 1) * len(items)


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    measure = MEASURES[rule.get("measure")]
    low, high = rule.get("min"), rule.get("max")
    if low is not None and _concrete(rule, ctx):
        low = rule.get("concrete_min", low / 2)
    for span in ctx.scope_spans(rule):
        value = measure(rule, ctx, span)
        if (low is not None and value < low) or (high is not None and value > high):
            where = ctx.heading_span(rule.section) if rule.section else None   # a whole-report figure has no place
            shown = f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.2f}"
            yield ctx.finding(rule, where, value=shown, min=low, max=high)


# This kind's fields as a pack writes them: rules/pack.schema.json and the guide in rules/README.md
# are generated from this (python -m checker.pack.generate).
SCHEMA: dict = {'description': '对某一范围计算一个数值，与上下限比较。',
 'required': ['measure'],
 'properties': {'measure': {'enum': ['chars', 'figures_per_kchar', 'items', 'share_of_sentences'],
                            'description': 'chars 字数；figures_per_kchar 每千字数据个数；items 条目数；share_of_sentences 命中 '
                                           'patterns 的句子占比'},
                'min': {'type': 'number'},
                'max': {'type': 'number'},
                'patterns': {'$ref': '#/$defs/regexes'},
                'unless_each': {'$ref': '#/$defs/regexes',
                                'description': '每一条（该部分的各条，没有分条时为各段）都有其中之一（如数字、日期）时，下限减半：篇幅只在没有具体内容可看时作为主要依据'},
                'concrete_min': {'type': 'number',
                                 'minimum': 0,
                                 'description': 'unless_each：各条都有具体内容时的下限（默认为 min 的一半）'},
                'unless_share': {'type': 'number',
                                 'minimum': 0,
                                 'maximum': 1,
                                 'description': 'unless_each：有具体内容的条数占多少即可（默认 1，即每一条）'}}}
