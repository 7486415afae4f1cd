"""Pack sections ↔ outline nodes.

A section is its `own_part` when a top-level heading matches it, `nested` when only a
heading deeper down does (第一责任人 as （一） under 主要举措), else `none`. Enumerated
items (一是…) are running text, not headings, so they never place a section.
"""
from __future__ import annotations

from typing import Optional

from .model import Node, Outline, Placement
from .pack import Pack, Section, compiled


def heading_matches(section: Section, title: str, year: Optional[int]) -> bool:
    if not any(compiled(p, year).search(title) for p in section.headings):
        return False
    return not any(compiled(p, year).search(title) for p in section.not_headings)


def place_sections(pack: Pack, outline: Outline) -> dict[str, Placement]:
    placements = {}
    for section in pack.sections:
        own = next((n for n in outline.roots if heading_matches(section, n.title, outline.year)), None)
        if own is not None:
            placements[section.id] = Placement(section.id, "own_part", own)
    for section in pack.sections:
        if section.id in placements:
            continue
        excluded = {id(placements[s].node) for s in section.not_inside if s in placements}
        nested: Optional[Node] = next(
            (n for n in outline.headings if n.depth > 0 and _root(n) not in excluded
             and heading_matches(section, n.title, outline.year)), None)
        placements[section.id] = Placement(section.id, "nested" if nested else "none", nested)
    return {s.id: placements[s.id] for s in pack.sections}


def _root(node: Node) -> int:
    while node.parent is not None:
        node = node.parent
    return id(node)
