"""Sentences said twice: back to back (a copy-paste slip), or anywhere in the report."""
from __future__ import annotations

import re
from typing import Iterator

from ..context import Context
from ..model import Finding
from ..pack import Rule

_LEAD = re.compile(r"^[\s|]*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十\d]{1,3}[、.]|[一二三四五六七八九十]{1,2}[是要])?")
_TRAIL = re.compile(r"[\s。;!?,]+$")


def _key(text: str) -> str:
    return _TRAIL.sub("", _LEAD.sub("", text))


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    adjacent = rule.get("adjacent", True)
    min_chars = rule.get("min_chars", 6)
    seen: dict[str, int] = {}
    previous = None
    for index, span in enumerate(s for scope in ctx.scope_spans(rule) for s in ctx.sentences(scope)):
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
