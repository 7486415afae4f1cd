"""A part of the document's frame is missing: title, sign-off, its date, addressee, year, issuer."""
from __future__ import annotations

from typing import Callable, Iterator

from ..context import Context
from ..model import Finding, Outline
from ..pack.model import Rule

PRESENT: dict[str, Callable[[Outline], bool]] = {
    "title": lambda o: o.title is not None,
    "signature": lambda o: o.signature is not None,
    "signed_date": lambda o: o.signature is None or o.signature.date is not None,   # no sign-off: `signature`'s
    "addressee": lambda o: o.addressee is not None,
    "year": lambda o: o.year is not None,
    "issuer": lambda o: o.issuer is not None,
}


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    if not PRESENT[rule.get("element")](ctx.outline):
        yield ctx.finding(rule, None)


# This kind's fields as a pack writes them: rules/pack.schema.json and the guide in rules/README.md
# are generated from this (python -m checker.pack.generate).
SCHEMA: dict = {'description': '报告的组成要素（标题、落款、落款日期、主送机关、年度、单位）缺失时命中；signed_date 只在有落款而日期没写全时命中。',
 'required': ['element'],
 'properties': {'element': {'enum': ['title', 'signature', 'signed_date', 'addressee', 'year', 'issuer']}}}
