"""Sentences said twice: back to back (a copy-paste slip), or anywhere in the report; with
`per: clause`, the clauses between commas too (a line copied from part 一 into part 三 inside
a longer sentence)."""
from __future__ import annotations

import re
from typing import Iterator

from ..context import Context
from ..model import Finding
from ..pack.model import Rule

_LEAD = re.compile(r"[\s|]*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十\d]{1,3}[、.]|[一二三四五六七八九十]{1,2}[是要])?")
# closing blanks (all str.strip() strips: none lies above U+3000) and punctuation
_CLOSING = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "。;!?,"
_CLAUSE_END = re.compile(r"[,:]")


def _key(text: str) -> str:
    """The text without its numbering and its closing blanks and punctuation."""
    lead = _LEAD.match(text)   # always matches, perhaps empty
    return text[lead.end() if lead else 0:].rstrip(_CLOSING)


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    adjacent = rule.get("adjacent", True)
    min_chars = rule.get("min_chars", 6)
    seen: dict[str, int] = {}
    previous = None
    units = [s for scope in ctx.scope_spans(rule) for s in ctx.sentences(scope)]
    if rule.get("per") == "clause":
        units = [c for s in units for c in _clauses(ctx, s)]
    for span in units:
        if span[1] - span[0] < min_chars:   # its key, no longer, is too short, and equal to no long key
            previous = ""
            continue
        key = _key(ctx.text(span))
        if len(key) < min_chars:
            previous = key
            continue
        if adjacent and key == previous:
            yield ctx.finding(rule, span)
        elif not adjacent and key in seen and key != previous:
            first_line = ctx.document.line_of(seen[key])
            yield ctx.finding(rule, span, first_line=first_line)
        seen.setdefault(key, span[0])
        previous = key


def _clauses(ctx: Context, sentence: tuple[int, int]) -> list[tuple[int, int]]:
    out, start = [], sentence[0]
    for m in _CLAUSE_END.finditer(ctx.norm, sentence[0], sentence[1]):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, sentence[1]))
    return [c for c in out if c[1] > c[0]]


# This kind's fields as a pack writes them: rules/pack.schema.json and the guide in rules/README.md
# are generated from this (python -m checker.pack.generate).
SCHEMA: dict = {'description': '重复的句子。',
 'properties': {'adjacent': {'type': 'boolean', 'description': 'true：只查紧挨着重复的句子；false：全文任何位置重复'},
                'min_chars': {'type': 'integer', 'minimum': 1, 'description': '句子至少多少字才比较，默认 6'},
                'per': {'enum': ['sentence', 'clause'], 'description': '比较单位：整句（默认）或逗号分开的分句（长句中抄来的一段也能找到）'}}}
