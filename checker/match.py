"""Pack sections ↔ outline nodes, as a reviewer places the parts of a report.

A section is found, in this order of trust:
- `own_part`: a top-level heading matches it (one heading may name two parts:
  三、存在的不足和下一步打算 is both);
- `own_part` by position: its heading misnames it, but an unclaimed top-level heading of the
  kind the section's `after` names stands right where it belongs (三、2023年……主要工作 after
  the shortcomings of a 2023 report is next year's plan with the wrong year, not a second
  measures part);
- `themes`: it has no heading of its own, but top-level headings claimed by no part
  stand where it belongs (measures written as 一、加强党的领导 二、依法全面履行政府职能 …);
- `nested`: only a heading deeper down matches it (第一责任人 as （一） under 主要举措);
- `nested` found by content: no heading names it, but the text inside another part does
  what the part is about (the section's `evidence`: the 局长 chaired meetings on rule of law);
- else `none`.
Enumerated items (一是…) are running text, not headings, so they never place a section by heading.
"""
from __future__ import annotations

import re
from typing import Optional

from . import spans
from .model import Node, Outline, Placement, Span
from .pack.model import Pack, Section
from .patterns import compiled

_BOOK_TITLE = re.compile(r"《[^《》\n]{0,80}》")


def heading_matches(section: Section, title: str, year: Optional[int], nested: bool = False) -> bool:
    patterns = section.nested_headings if nested and section.nested_headings else section.headings
    if not any(compiled(p, year).search(title) for p in patterns):
        return False
    return not any(compiled(p, year).search(title) for p in section.not_headings)


def place_sections(pack: Pack, outline: Outline) -> dict[str, Placement]:
    placements: dict[str, Placement] = {}
    for section in pack.sections:
        own = next((n for n in outline.roots if heading_matches(section, n.title, outline.year)), None)
        if own is not None:
            placements[section.id] = Placement(section.id, "own_part", own)
    for section in pack.sections:
        if section.after and section.id not in placements:
            by_position = _by_position(section, outline, placements)
            if by_position is not None:
                placements[section.id] = Placement(section.id, "own_part", by_position, by="position")
    for section in pack.sections:
        if section.themes_until is None:
            continue
        if section.id not in placements:
            themes = _themes(section, outline, placements)
            if themes:
                placements[section.id] = Placement(section.id, "themes", _group(themes), by="themes")
        elif not outline.document.norm[slice(*placements[section.id].placed.body_span)].strip():
            _absorb(section, outline, placements)
    for section in pack.sections:
        if section.id in placements:
            continue
        excluded = {start for s in section.not_inside if s in placements for start in _root_starts(placements[s])}
        nested: Optional[Node] = next(
            (n for n in outline.headings if n.depth > 0 and _root(n).start not in excluded
             and heading_matches(section, n.title, outline.year, nested=True)), None)
        if nested is not None:
            placements[section.id] = Placement(section.id, "nested", nested, where=_path(nested, outline.document.text))
            continue
        found = _by_evidence(section, outline, excluded) if section.evidence else None
        placements[section.id] = found or Placement(section.id, "none")
    return {s.id: placements[s.id] for s in pack.sections}


def extra_roots(pack: Pack, outline: Outline, placements: dict[str, Placement]) -> list[tuple[Node, Optional[str]]]:
    """Top-level headings no part claims, each with the section it was counted in (or None),
    so that no heading of the report is dropped without a word."""
    claimed = {p.placed.start for p in placements.values() if p.found == "own_part"}
    claimed |= {c.start for p in placements.values() if p.found in ("own_part", "themes") for c in p.placed.children}
    out = []
    for node in outline.roots:
        if node.start in claimed:
            continue
        taken = next((s.id for s in pack.sections if s.themes_until is not None
                      and placements[s.id].found in ("own_part", "themes")
                      and node.start < _boundary(s, placements, outline)), None)
        out.append((node, taken))
    return out


def _by_position(section: Section, outline: Outline, placements: dict[str, Placement]) -> Optional[Node]:
    """The first top-level heading after the part `after` names, claimed by no part, whose title
    has one of `after`'s headings."""
    after = section.after or {}
    before = placements.get(after.get("part", ""))
    if before is None or before.found != "own_part":
        return None
    claimed = {p.placed.start for p in placements.values()}
    first = next((n for n in outline.roots if n.start > before.placed.start and not n.is_item
                  and n.start not in claimed), None)
    return first if first is not None and any(compiled(p, outline.year).search(first.title) for p in after["headings"]) else None


# ---------------------------------------------------------------- themes

def _boundary(section: Section, placements: dict[str, Placement], outline: Outline) -> int:
    """Where the section's themes must end: the first part listed in its `themes_until`."""
    starts = [placements[s].placed.start for s in section.themes_until or ()
              if s in placements and placements[s].found == "own_part"]
    return min(starts, default=outline.body_end)


def _themes(section: Section, outline: Outline, placements: dict[str, Placement]) -> list[Node]:
    claimed = {p.node.start for p in placements.values() if p.node is not None}
    end = _boundary(section, placements, outline)
    return [n for n in outline.roots if n.start not in claimed and n.start < end and not n.is_item]


def _absorb(section: Section, outline: Outline, placements: dict[str, Placement]) -> None:
    """An umbrella heading with nothing under it (一、2022年工作情况 then 一、加强党的领导 …)
    governs the unclaimed top-level headings that follow it."""
    own = placements[section.id].placed
    themes = [n for n in _themes(section, outline, placements) if n.start > own.start]
    if themes:
        node = Node(marker=own.marker, number=own.number, start=own.start, title_span=own.title_span,
                    title=own.title, line=own.line, inline=own.inline, depth=0, end=themes[-1].end,
                    children=list(themes))
        placements[section.id] = Placement(section.id, "own_part", node)


def _group(themes: list[Node]) -> Node:
    first, last = themes[0], themes[-1]
    return Node(marker="themes", number=0, start=first.start, title_span=(first.start, first.start),
                title="", line=first.line, inline=False, depth=0, end=last.end, children=list(themes))


# ---------------------------------------------------------------- content

def _by_evidence(section: Section, outline: Outline, excluded: set[int]) -> Optional[Placement]:
    """The first heading's own text (without its sub-headings) inside another part that does
    what this part is about: its sentences that name the principal (`subject`), each with the
    sentences after it in its paragraph (`window` in all), show at least `min_signals`
    different acts (`signals`). Book titles (《…》) never count, so quoting
    the regulation's name is not doing what it asks; `not_subject` names others
    (各部门主要负责人) whose acts are not the principal's."""
    rule = section.evidence
    if not rule:
        return None
    norm, year = outline.document.norm, outline.year
    subject = compiled(rule["subject"], year)
    not_subject = compiled(rule["not_subject"], year) if rule.get("not_subject") else None
    signals = [compiled(p, year) for p in rule["signals"]]
    need, window = rule.get("min_signals", 2), rule.get("window", 3)
    for node in outline.headings:
        if _root(node).start in excluded:
            continue
        sentences = _own_sentences(norm, node)
        texts = [_blank(_BOOK_TITLE, norm[a:b]) for a, b in sentences]   # each sentence blanked once
        shown: set[int] = set()
        hits: list[Span] = []
        for i, (start, _) in enumerate(sentences):
            text = texts[i]
            if not subject.search(_blank(not_subject, text) if not_subject else text):
                continue
            stop = _paragraph_end(norm, start, node.end)
            following = [j for j in range(i, min(i + window, len(sentences))) if sentences[j][0] < stop]
            found = {k for k, p in enumerate(signals) if any(p.search(texts[j]) for j in following)}
            if found:
                shown |= found
                hits.append((start, sentences[following[-1]][1]))
        if len(shown) >= need:
            return _content_placement(section, outline, node, hits)
    return None


def _own_sentences(norm: str, node: Node) -> list[Span]:
    """Sentences of the text a heading governs itself, not through a sub-heading."""
    pieces, start = [], node.title_span[1]
    for child in node.children:
        if child.is_item:
            continue
        pieces.append((start, child.start))
        start = child.end
    pieces.append((start, node.end))
    return [s for piece in pieces if piece[1] > piece[0] for s in spans.sentences(norm, piece)]


def _blank(pattern, text: str) -> str:
    """The text with each match of `pattern` turned into blanks of the same length."""
    chars = list(text)
    for m in pattern.finditer(text):
        chars[m.start():m.end()] = " " * (m.end() - m.start())
    return "".join(chars)


def _content_placement(section: Section, outline: Outline, holder: Node, hits: list[Span]) -> Placement:
    text = outline.document.text
    if holder.depth > 0:
        return Placement(section.id, "nested", holder, by="content", where=_path(holder, text))
    norm = outline.document.norm
    start = max(norm.rfind("\n", 0, hits[0][0]) + 1, holder.title_span[1])
    end = _paragraph_end(norm, hits[-1][1] - 1, holder.end)
    node = Node(marker="content", number=0, start=start, title_span=(start, start), title="",
                line=outline.document.line_of(start), inline=True, depth=1, end=end, parent=holder)
    return Placement(section.id, "nested", node, by="content", where=_path(holder, text))


def _paragraph_end(norm: str, pos: int, limit: int) -> int:
    end = norm.find("\n", pos, limit)
    return limit if end < 0 else end


def _path(node: Node, text: str) -> list[str]:
    """The headings from the top down to `node`, as printed (with their numbers)."""
    path = []
    at: Optional[Node] = node
    while at is not None:
        if at.title:
            path.append(" ".join(text[at.start:at.title_span[1]].split()))
        at = at.parent
    return path[::-1]


def _root_starts(placement: Placement) -> set[int]:
    """Where the top-level headings a placed part spans begin (a group spans several)."""
    node = placement.node
    if node is None:
        return set()
    starts = {node.start} if placement.found == "own_part" else set()
    if placement.found in ("own_part", "themes"):
        starts |= {c.start for c in node.children if c.depth == 0}
    return starts


def _root(node: Node) -> Node:
    while node.parent is not None:
        node = node.parent
    return node
