"""A stretch of text cut into sentences or paragraphs, as offsets into it: shared by the stage
that places the parts (match) and the helpers every rule kind uses (context)."""
from __future__ import annotations

import re

Span = tuple[int, int]

_SENTENCE_END = re.compile(r"[。!?;\n]")
_LINE_END = re.compile(r"\n")


def sentences(text: str, span: Span) -> list[Span]:
    """Each sentence (ending in 。!?; or a line break), without surrounding blanks."""
    return _cut(text, span, _SENTENCE_END, keep_end=True)


def paragraphs(text: str, span: Span) -> list[Span]:
    """Each non-blank line, without surrounding blanks."""
    return _cut(text, span, _LINE_END, keep_end=False)


def _cut(text: str, span: Span, ends: re.Pattern, keep_end: bool) -> list[Span]:
    out, start = [], span[0]
    for m in ends.finditer(text, span[0], span[1]):
        if text[start:m.start()].strip():
            out.append(strip(text, start, m.end() if keep_end else m.start()))
        start = m.end()
    if text[start:span[1]].strip():
        out.append(strip(text, start, span[1]))
    return out


def strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in " \t\n|":
        start += 1
    while end > start and text[end - 1] in " \t\n|":
        end -= 1
    return (start, end)


def items(norm: str, node) -> list[Span]:
    """A part's enumerated items (its direct children: 一是…, （一）…), or its paragraphs when
    it has none: what a rule compares item by item, and what the audit compares year to year."""
    return [c.span for c in node.children] or paragraphs(norm, node.body_span)
