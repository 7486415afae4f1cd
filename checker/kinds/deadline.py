"""The sign-off date is after the filing deadline of the following year, or (with an
`early_message`) before the reported year has ended: a report on 2024 signed 2024-12-10
cannot have summed up the whole year, or names the wrong year."""
from __future__ import annotations

from typing import Iterator

from ..context import Context
from ..model import Finding
from ..pack.model import Rule


def deadline_for(rule: Rule, year: int) -> str:
    """The filing deadline (ISO date) for a report on `year`: the rule's month-day of the next year."""
    return f"{year + 1}-{rule.get('deadline')}"


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    signature = ctx.outline.signature
    if ctx.year is None or signature is None or signature.date is None:
        return
    deadline = deadline_for(rule, ctx.year)
    if signature.date > deadline:
        yield ctx.finding(rule, signature.span, date=signature.date, deadline=deadline)
    elif rule.get("early_message") and signature.date < f"{ctx.year + 1}-01-01":
        yield ctx.finding(rule.changed(message=rule.get("early_message")), signature.span, date=signature.date)


# This kind's fields as a pack writes them: rules/pack.schema.json and the guide in rules/README.md
# are generated from this (python -m checker.pack.generate).
SCHEMA: dict = {'description': '落款日期晚于报送期限；给出 early_message 时，落款日期早于报告年度结束（如 2024 年度报告落款 2024年12月10日）也报告。',
 'required': ['deadline'],
 'properties': {'deadline': {'type': 'string', 'pattern': '^\\d{2}-\\d{2}$', 'description': '下一年度的月-日，如 03-01'},
                'early_message': {'type': 'string',
                                  'minLength': 1,
                                  'description': '落款日期早于报告年度结束时的提示（可用 {date}、{year}）；不写则不查这一项'}}}
