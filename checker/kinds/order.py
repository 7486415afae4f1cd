"""The parts follow the order the regulation lists them in."""
from __future__ import annotations

from typing import Iterator

from ..context import Context
from ..model import Finding
from ..pack.model import Rule


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    order = [s.id for s in ctx.pack.sections]
    placed = sorted((p.node.start, p.section_id) for p in ctx.placements.values()
                    if p.found in ("own_part", "themes") and p.node is not None)
    ids = [sid for _, sid in placed]
    if ids != sorted(ids, key=order.index):
        names = " → ".join(ctx.pack.section(sid).name for sid in ids)
        yield ctx.finding(rule, None, detail=names)


# This kind's fields as a pack writes them: rules/pack.schema.json and the guide in rules/README.md
# are generated from this (python -m checker.pack.generate).
SCHEMA: dict = {'description': '各部分应按规定顺序排列。', 'properties': {}}
