"""The report's headings as a tree: numbered markers (一、 （一） 1. （1） ① and the items 一是),
Word heading styles and the bare heading lines of web copies.

A marker inside running text counts only when it continues its own numbering (一、 after
nothing, 二、 after 一、, …), so a report pasted as one line still has its parts.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Iterator, Optional

from .model import Document, Node
from .normalize import cn_number
from .support.lazy_pattern import LazyPattern

HAN = "\u4e00-\u9fff"
CN = "[一二三四五六七八九十]{1,3}"   # a Chinese number, as headings count

# marker type → (pattern, conventional rank in 公文: 一、 > (一) > 1. > (1) > ① ; items 一是 run inside text)
_MARKERS: dict[str, tuple[str, int]] = {
    "part": (rf"第(?P<n>{CN})(?:部分|章)", 0),
    "cn": (rf"(?P<n>{CN})(?:,?、|\.(?!\d))", 1),
    "paren_cn": (rf"\((?P<n>{CN})\)[、.]?", 2),
    "arabic": (r"(?P<n>\d{1,2})(?:、|\.(?!\d))", 3),
    "paren_arabic": (r"\((?P<n>\d{1,2})\)", 4),
    "circled": (r"(?P<n>[\u2460-\u2473])", 5),
    "item": (rf"(?P<n>[一二三四五六七八九十]{{1,2}})(?:是|要)(?=[{HAN}“\"《(\d])", 6),
}
_MARKER_RE = re.compile("|".join(f"(?P<{name}>{pattern.replace('(?P<n>', f'(?P<n_{name}>')})"
                                 for name, (pattern, _) in _MARKERS.items()))
_RANK = {name: rank for name, (_, rank) in _MARKERS.items()}
_RANK.update({f"h{level}": level for level in range(1, 10)})   # Word heading styles
_RANK["bare"] = 1                                               # unnumbered headings of web copies

_INLINE_BEFORE = set(" \t。;:!?|")
_ITEM_BEFORE = _INLINE_BEFORE | {","}
_TITLE_MAX = 60
_HEADING_STOP = re.compile(r"[。;:!?\n]")
_ITEM_STOP = re.compile(r"[。;:!?,\n]")



@dataclass
class _Candidate:
    marker: str
    number: int
    start: int
    end: int
    inline: bool


_MARKER_START = re.compile(r"[第一二三四五六七八九十(\d\u2460-\u2473]")   # what any marker starts with


def _markers(norm: str, start: int, end: int) -> Iterator[re.Match]:
    """_MARKER_RE.finditer(norm, start, end), tried only where a marker can start: several
    times faster, as the alternation is otherwise tried at every character."""
    after = start
    for first in _MARKER_START.finditer(norm, start, end):
        if first.start() >= after:
            m = _MARKER_RE.match(norm, first.start(), end)
            if m:
                after = m.end()
                yield m


def _candidates(doc: Document, start: int, end: int) -> list[_Candidate]:
    norm = doc.norm
    found: list[_Candidate] = []
    for m in _markers(norm, start, end):
        marker = m.lastgroup or ""   # every alternative is a named group
        raw = m.group(f"n_{marker}")
        number: Optional[int]
        if marker == "circled":
            number = ord(raw) - 0x245F
        else:
            number = int(raw) if raw.isdigit() else cn_number(raw)
        if not number:
            continue
        i = m.start() - 1
        while i >= 0 and norm[i] in " \t|":   # only the run of blanks before the marker: linear overall
            i -= 1
        at_line_start = i < 0 or norm[i] == "\n"
        before = norm[m.start() - 1] if m.start() > 0 else "\n"
        allowed = _ITEM_BEFORE if marker == "item" else _INLINE_BEFORE
        if not at_line_start and before not in allowed:
            continue
        found.append(_Candidate(marker, number, m.start(), m.end(), inline=not at_line_start))
    found += _styled(doc, start, end, {c.start for c in found if not c.inline})
    if not any(c.marker in ("part", "cn") or c.marker.startswith("h") for c in found if not c.inline):
        found += _bare(doc, start, end)
    return sorted(found, key=lambda c: c.start)


_BARE_LINE = LazyPattern(rf"[{HAN}“”《》、,](?:[{HAN}“”《》、,]| (?! )){{3,30}}")


def _bare(doc: Document, start: int, end: int) -> list[_Candidate]:
    """Top-level headings that lost their numbers (web copies of ministry reports print them
    bold, unnumbered): a short line of words, no sentence end, between long paragraphs.
    Only looked for when the report numbers no top-level heading at all."""
    lines = lines_of(doc, start, end)
    found: list[_Candidate] = []
    for i in range(1, len(lines) - 1):
        offset, text = lines[i]
        if _BARE_LINE.fullmatch(text) and not text.endswith(",") \
                and len(lines[i - 1][1]) > 60 and len(lines[i + 1][1]) > 60:
            found.append(_Candidate("bare", len(found) + 1, offset, offset, inline=False))
    return found


def lines_of(doc: Document, start: int = 0, end: Optional[int] = None, most: Optional[int] = None) -> list[tuple[int, str]]:
    """(offset, text) of each non-blank line starting in [start, end), blanks and | trimmed."""
    norm, end = doc.norm, len(doc.norm) if end is None else end
    first = bisect_left(doc.line_starts, start)
    out: list[tuple[int, str]] = []
    for i in range(first, len(doc.line_starts)):
        s = doc.line_starts[i]
        if s >= end or (most is not None and (len(out) >= most or i - first >= 16 * most)):
            break   # with `most`, a page of blank lines is not searched to its end
        e = doc.line_starts[i + 1] - 1 if i + 1 < len(doc.line_starts) else len(norm)
        text = norm[s:e].strip(" \t|")
        if text:
            out.append((s + norm[s:e].index(text), text))
    return out


def _styled(doc: Document, start: int, end: int, numbered: set[int]) -> list[_Candidate]:
    """Headings Word marks by style (标题 1 …) that carry no typed number."""
    found: list[_Candidate] = []
    count: dict[int, int] = {}
    for index, level in sorted(doc.heading_levels.items()):
        line_start = doc.line_starts[index] if index < len(doc.line_starts) else end
        newline = doc.norm.find("\n", line_start)
        line = doc.norm[line_start:newline if newline >= 0 else len(doc.norm)]
        offset = line_start + len(line) - len(line.lstrip(" \t|"))
        if not (start <= offset < end) or not line.strip() or offset in numbered:
            continue
        count[level] = count.get(level, 0) + 1
        found.append(_Candidate(f"h{level}", count[level], offset, offset, inline=False))
    return found


def build_tree(doc: Document, start: int, end: int) -> tuple[list[Node], list[Node]]:
    """Place accepted markers on a stack: a marker type already open closes back to its
    sibling; a new type nests under the innermost open node, except that a line-start
    heading never nests inside an inline enumeration (一是…) and a more senior type
    (by 公文 rank) closes the junior ones."""
    nodes: list[Node] = []
    roots: list[Node] = []
    stack: list[Node] = []
    for cand in _candidates(doc, start, end):
        if nodes and cand.start < nodes[-1].title_span[0]:
            continue
        idx = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].marker == cand.marker), None)
        expected = stack[idx].number + 1 if idx is not None else 1
        if cand.inline and cand.number != expected:
            restart = cand.number == 1 and (idx is None or stack[idx].line != doc.line_of(cand.start))
            if not restart:
                continue
        if idx is not None:
            closed, stack = stack[idx:], stack[:idx]
        else:
            closed = []
            if not cand.inline and cand.marker != "item":
                while stack and stack[-1].is_item:
                    closed.append(stack.pop())
            while stack and not stack[-1].is_item and _RANK[stack[-1].marker] > _RANK[cand.marker]:
                closed.append(stack.pop())
        for node in closed:
            node.end = cand.start
        node = Node(marker=cand.marker, number=cand.number, start=cand.start,
                    title_span=(cand.end, cand.end), title="", line=doc.line_of(cand.start),
                    inline=cand.inline, depth=len(stack), parent=stack[-1] if stack else None)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
        nodes.append(node)
    for node in stack:
        node.end = end
    for i, node in enumerate(nodes):
        limit = nodes[i + 1].start if i + 1 < len(nodes) else end
        node.title_span = _title_span(doc.norm, node, min(limit, node.end))
        node.title = doc.norm[node.title_span[0]:node.title_span[1]].strip()
    return nodes, roots


def _title_span(norm: str, node: Node, limit: int) -> tuple[int, int]:
    start = node.title_span[0]
    while start < limit and norm[start] in " \t":
        start += 1
    limit = min(limit, start + _TITLE_MAX)
    stop = (_ITEM_STOP if node.is_item else _HEADING_STOP).search(norm, start, limit)
    end = stop.start() if stop else limit
    if node.inline:
        space = re.search(r"\s", norm[start:end])
        if space and space.start() >= 2:
            end = start + space.start()
    while end > start and norm[end - 1] in " \t|":
        end -= 1
    return (start, end)
