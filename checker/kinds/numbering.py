"""Heading numbers run without gaps or repeats, and levels are not skipped
(一、 → （一） → 1. → （1）, GB/T 9704)."""
from __future__ import annotations

from typing import Iterator

from ..context import Context
from ..model import Finding
from ..pack.model import Rule

_LEVELS = ["cn", "paren_cn", "arabic", "paren_arabic"]


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    groups: dict[tuple, list] = {}
    for node in ctx.outline.nodes:
        if node.is_item or node.inline or node.marker not in _LEVELS:
            continue
        groups.setdefault((id(node.parent), node.marker), []).append(node)
        parent = node.parent
        if parent and parent.marker in _LEVELS and node.marker in _LEVELS \
                and _LEVELS.index(node.marker) > _LEVELS.index(parent.marker) + 1 \
                and parent.children and parent.children[0] is node:
            yield ctx.finding(rule, (node.start, node.title_span[1]), detail="标题层级跳级")
    for siblings in groups.values():
        for before, node in zip(siblings, siblings[1:]):
            if node.number != before.number + 1:
                detail = f"序号{node.number}重复" if node.number == before.number else \
                    f"序号由{before.number}跳到{node.number}" if node.number > before.number else \
                    f"序号由{before.number}回到{node.number}"
                yield ctx.finding(rule, (node.start, node.title_span[1]), detail=detail)


# This kind's fields as a pack writes them: rules/pack.schema.json and the guide in rules/README.md
# are generated from this (python -m checker.pack.generate).
SCHEMA: dict = {'description': '标题序号连续、层级不跳级（一、→（一）→1.→（1））。', 'properties': {}}
