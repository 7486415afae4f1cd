"""Years agree: the title, the opening and the sign-off tell the year the report is on (the
year most places tell, see outline.decide_year; each finding names the places that decided);
each part's heading names the year it should (举措, 不足, 第一责任人 the reported year, 安排
the next one)."""
from __future__ import annotations

import re
from typing import Callable, Iterator, Optional

from ..context import Context
from ..labels import year_basis
from ..model import Finding, Suggestion
from ..pack.model import Rule

_YEAR = re.compile(r"(?<!\d)(20\d{2})(?:\s*年|-)")


def _title(rule: Rule, ctx: Context) -> Iterator[Finding]:
    o = ctx.outline
    if not o.title:
        return
    title_year = o.year_sources.get("title")
    if title_year is None:
        yield ctx.finding(rule, o.title_span, detail="标题没有写明年度")
    elif ctx.year is not None and title_year != ctx.year:
        yield ctx.finding(rule, o.title_span,
                          detail=f"标题写的是{title_year}年，{year_basis(ctx.outline.year_from, 'title')}写的是{ctx.year}年")


def _source(rule: Rule, ctx: Context) -> Iterator[Finding]:
    """One place (`source`: opening, signature) that tells another year than the others agree on."""
    o, place = ctx.outline, rule.get("source")
    told = o.year_sources.get(place)
    if told is None or ctx.year is None or told == ctx.year or len(o.year_from) < 2:
        return
    span = o.signature.span if place == "signature" and o.signature else _opening_span(ctx, told)
    yield ctx.finding(rule, span, told=told, basis=year_basis(o.year_from, place),
                      date=o.signature.date if o.signature else None)


def _opening_span(ctx: Context, year: int) -> tuple[int, int]:
    start, end = ctx.outline.preamble_span
    m = re.search(rf"{year}\s*年", ctx.norm[start:end])
    return (start + m.start(), start + m.end()) if m else (start, end)


def _section_year(rule: Rule, ctx: Context) -> Iterator[Finding]:
    node = ctx.section_node(rule.section)
    if node is None or ctx.year is None:
        return
    expected = ctx.year + 1 if rule.get("expect", "reported") == "next" else ctx.year
    heading = (node.start, node.title_span[1])
    years = {int(y) for y in _YEAR.findall(ctx.text(heading))}
    if not years and not rule.get("heading_only"):   # 三、下一步工作安排 / 2024年，我们将……: the first sentence says it
        years = {int(y) for span in ctx.sentences(node.body_span)[:1] for y in _YEAR.findall(ctx.text(span))}
    if years and expected not in years:
        named = "、".join(f"{y}年" for y in sorted(years))
        yield ctx.finding(rule, heading, detail=f"写的是{named}，应为{expected}年", expected=expected,
                          suggestion=_year_fix(ctx, heading, expected))


def _year_fix(ctx: Context, heading: tuple[int, int], expected: int) -> Optional[Suggestion]:
    """The heading's one year, rewritten: certain only when the heading names a single year."""
    found = list(_YEAR.finditer(ctx.norm, *heading))
    if len(found) != 1:
        return None
    return Suggestion(found[0].span(1), str(expected))


CHECKS: dict[str, Callable[[Rule, Context], Iterator[Finding]]] = {
    "title": _title,
    "source": _source,
    "section_year": _section_year,
}


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    yield from CHECKS[rule.get("check")](rule, ctx)


# This kind's fields as a pack writes them: rules/pack.schema.json and the guide in rules/README.md
# are generated from this (python -m checker.pack.generate).
SCHEMA: dict = {'description': '年度前后一致：报告年度取多数地方写的年度（标题、开头、第一部分标题、下一年度安排的标题、落款日期），并写明依据；标题、开头、落款与之不符的报告出来；各部分标题中的年度。',
 'required': ['check'],
 'properties': {'check': {'enum': ['title', 'source', 'section_year'],
                          'description': 'title 标题年度；source 开头或落款所示年度（source 指定）；section_year 某部分标题中的年度'},
                'expect': {'enum': ['reported', 'next'], 'description': 'section_year：该部分应写报告年度还是下一年度'},
                'suggest': {'type': 'boolean',
                            'description': 'section_year：批注版 Word 加 --suggest 时，把该部分标题中唯一的年度改为应写的年度（作为修订，可接受或拒绝）'},
                'source': {'enum': ['opening', 'reporting', 'signature'],
                           'description': 'source：查哪一处——opening 开头第一句的年度，reporting 导语中“现将……年……报告如下”一句的年度，signature '
                                          '落款日期所示的报告年度（11、12月落款为当年，否则为上一年）'},
                'heading_only': {'type': 'boolean', 'description': '只看这一部分的标题；不写时，标题没有年度的看正文第一句（section_year）'}}}
