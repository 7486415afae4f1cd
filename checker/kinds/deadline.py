"""The sign-off date is after the filing deadline of the following year."""
from __future__ import annotations

from typing import Iterator

from ..context import Context
from ..model import Finding
from ..pack import Rule


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    signature = ctx.outline.signature
    if ctx.year is None or signature is None or signature.date is None:
        return
    deadline = f"{ctx.year + 1}-{rule.get('deadline')}"
    if signature.date > deadline:
        yield ctx.finding(rule, signature.span, date=signature.date, deadline=deadline)
