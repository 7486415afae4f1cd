"""A part may not exceed its whole: 办结 ≤ 受理, 出庭 ≤ 开庭, 调解成功 ≤ 受理."""
from __future__ import annotations

from typing import Iterator

from ..context import Context, iter_matches
from ..model import Finding
from ..pack import Rule


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    for span in ctx.scope_spans(rule):
        for m in iter_matches(ctx, rule.get("patterns"), span):
            whole, part = float(m.group("whole")), float(m.group("part"))
            if part > whole:
                yield ctx.finding(rule, m.span(), whole=f"{whole:g}", part=f"{part:g}")
