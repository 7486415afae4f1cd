"""From offsets in the checked text to places in a Word document's runs.

The checker's text is the reader's text after cleaning (invisible characters dropped, long runs
of blank lines shortened, personal numbers masked), so the two are aligned line by line, and
character by character only where a line differs. A comment or a tracked change needs run
boundaries at its ends: runs are cut there, every cut of one w:t made from its end backwards so
that the earlier places stay true.
"""
from __future__ import annotations

import bisect
import copy
import difflib
from typing import Any, Optional

from ..documents.docx import Line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class SourceMap:
    """Where each character of the checked text comes from in the document body."""

    def __init__(self, lines: list[Line], text: str) -> None:
        self.lines = lines
        self._line_starts, offset = [], 0
        for line in lines:
            self._line_starts.append(offset)
            offset += len(line.text) + 1
        self._to_source = _alignment("\n".join(line.text for line in lines), text)

    def source_offset(self, offset: int) -> Optional[int]:
        return self._to_source(offset)

    def line_at(self, source_offset: int) -> tuple[int, int]:
        """(line index, offset in the line) of a source offset."""
        index = bisect.bisect_right(self._line_starts, source_offset) - 1
        return index, source_offset - self._line_starts[index]

    def typed(self, source_offset: int) -> Optional[tuple[Any, int]]:
        """The w:t holding this character and its index in it; None for numbering, tabs, breaks."""
        index, at = self.line_at(source_offset)
        sources = self.lines[index].sources
        k = bisect.bisect_right(sources, at, key=lambda s: s[0]) - 1
        if k < 0:
            return None
        start, t, skip = sources[k]
        inside = at - start + skip
        return (t, inside) if inside < len(t.text or "") else None

    def typed_range(self, span: tuple[int, int]) -> Optional[tuple[tuple[Any, int], tuple[Any, int]]]:
        """The first and the last typed characters of a span of the checked text."""
        ends = []
        for offsets in (range(span[0], span[1]), range(span[1] - 1, span[0] - 1, -1)):
            found = None
            for offset in offsets:
                source = self.source_offset(offset)
                found = self.typed(source) if source is not None else None
                if found:
                    break
            if not found:
                return None
            ends.append(found)
        return ends[0], ends[1]

    def line_range(self, index: int) -> Optional[tuple[tuple[Any, int], tuple[Any, int]]]:
        """The first and the last typed characters of a whole line."""
        sources = self.lines[index].sources
        if not sources:
            return None
        first, last = sources[0], sources[-1]
        return (first[1], first[2]), (last[1], len(last[1].text) - 1)


def _alignment(source: str, text: str):
    """A function from offsets in `text` to offsets in `source` (None where `text` has a
    character the source lacks)."""
    if len(source) == len(text):   # masking keeps lengths: the usual case
        return lambda offset: offset if 0 <= offset < len(source) else None
    src_lines, txt_lines = source.split("\n"), text.split("\n")
    src_starts = _starts(src_lines)
    txt_starts = _starts(txt_lines)
    mapping: dict[int, int] = {}    # text line → (source line), char-aligned where they differ
    char_maps: dict[int, dict[int, int]] = {}
    matcher = difflib.SequenceMatcher(None, src_lines, txt_lines, autojunk=False)
    for tag, s1, s2, t1, t2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(t2 - t1):
                mapping[t1 + k] = s1 + k
        elif tag == "replace":
            for k in range(min(s2 - s1, t2 - t1)):
                mapping[t1 + k] = s1 + k
                char_maps[t1 + k] = _char_map(src_lines[s1 + k], txt_lines[t1 + k])

    def to_source(offset: int) -> Optional[int]:
        line = bisect.bisect_right(txt_starts, offset) - 1
        if line not in mapping:
            return None
        column = offset - txt_starts[line]
        if line in char_maps:
            mapped = char_maps[line].get(column)
            if mapped is None:
                return None
            column = mapped
        return src_starts[mapping[line]] + column
    return to_source


def _starts(lines: list[str]) -> list[int]:
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return starts


def _char_map(source: str, text: str) -> dict[int, int]:
    matcher = difflib.SequenceMatcher(None, source, text, autojunk=False)
    return {b + k: a + k for a, b, size in matcher.get_matching_blocks() for k in range(size)}


# ---------------------------------------------------------------- cutting runs

class Cutter:
    """Cuts w:t elements (and their runs) so that given characters begin or end a run."""

    def __init__(self) -> None:
        self._pieces: dict[Any, list[tuple[int, Any]]] = {}

    def cut_all(self, places: set[tuple[Any, int]]) -> None:
        """Make each (w:t, index) the first character of a run (index may be len: after the end)."""
        by_t: dict[Any, set[int]] = {}
        for t, index in places:
            by_t.setdefault(t, set()).add(index)
        for t, indexes in by_t.items():
            pieces = [(0, t)]
            for index in sorted(indexes, reverse=True):
                if 0 < index < len(t.text or ""):
                    piece = copy.deepcopy(t)
                    piece.text, t.text = t.text[index:], t.text[:index]
                    _preserve_space(piece)
                    _preserve_space(t)
                    t.addnext(piece)
                    _run_break_before(piece)
                    pieces.append((index, piece))
                elif index == 0:
                    _run_break_before(t)
                elif index >= len(t.text or "") and t.getnext() is not None:
                    _run_break_before(t.getnext())
            self._pieces[t] = sorted(pieces, key=lambda p: p[0])

    def run_of(self, t: Any, index: int):
        """The run that now holds character `index` of the original w:t."""
        pieces = self._pieces.get(t, [(0, t)])
        k = bisect.bisect_right([start for start, _ in pieces], index) - 1
        return pieces[k][1].getparent()


def _preserve_space(t) -> None:
    if t.text and (t.text[0].isspace() or t.text[-1].isspace()):
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _run_break_before(child) -> None:
    """Move `child` and what follows it in its run into a new run with the same properties."""
    run = child.getparent()
    at = run.index(child)
    if all(c.tag == f"{W}rPr" for c in run[:at]):
        return
    new = run.makeelement(run.tag, run.attrib)
    props = run.find(f"{W}rPr")
    if props is not None:
        new.append(copy.deepcopy(props))
    for c in list(run)[at:]:
        new.append(c)
    run.addnext(new)
