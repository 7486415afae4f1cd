"""Plain Chinese for people: per report, the score, each part's state, then the findings
grouped by part, the worst first, with line numbers, excerpts and the basis."""
from __future__ import annotations

from typing import Any, Optional

import click

from ..labels import LEVEL_CN, STATUS_CN, citation, year_basis
from ..model import CheckedReport, Finding, ReportResult, place
from ..normalize import printable
from ..pack.model import Pack
from ..rounds import ROUND_CN
from ..scoring import LEVEL_ORDER

_STATUS_STYLE: dict[str, dict[str, Any]] = {"ok": {"fg": "green"}, "weak": {"fg": "yellow"}, "misplaced": {"fg": "yellow"},
                 "missing": {"fg": "red", "bold": True}, "absent": {"fg": "bright_black"}}
_LEVEL_STYLE: dict[str, dict[str, Any]] = {"error": {"fg": "red", "bold": True}, "warning": {"fg": "yellow"}, "info": {"fg": "cyan"}}
_MARK = {"ok": "✓", "weak": "△", "misplaced": "△", "missing": "✗", "absent": "·"}


def render(results: list[ReportResult], pack: Pack, color: Optional[bool] = None) -> str:
    style = click.style if color is not False else (lambda text, **_: text)
    blocks = [_report(r, pack, style) for r in results]
    if len(results) > 1:
        checked = [r for r in results if r.status == "checked"]
        bad = len(results) - len(checked)
        blocks.append(f"共 {len(results)} 份：已检查 {len(checked)} 份" + (f"，无法读取 {bad} 份" if bad else ""))
    return "\n\n".join(blocks) + "\n"


def _place(s, unit: str) -> str:
    """Where a part was found, as a reviewer would say it."""
    if not s.line:
        return ""
    if s.themes:
        return f"按主题分列（{len(s.themes)} 个一级标题）：" + "；".join(
            f"{place(t['line'], t.get('column'), unit)} {t['heading']}" for t in s.themes)
    at = place(s.line, s.column, unit)
    if s.found_by == "content":
        return f"{at}　没有标题写明，内容写在“{' › '.join(s.where)}”中"
    if s.where:
        return f"{at}　{' › '.join(s.where)}"
    if s.found_by == "position":
        return f"{at}　{s.heading}（标题没有写明，按所在位置认定）"
    return f"{at}　{s.heading}"


def _report(result: ReportResult, pack: Pack, style) -> str:
    head = style(f"━━ {printable(result.path)}", bold=True)
    if not isinstance(result, CheckedReport):
        return head + "\n" + style(f"无法读取：{printable(result.error or '')}", fg="red", bold=True)
    unit = result.document.line_unit
    blocks = [[head, *_frame(result, pack, style)], _parts(result, pack, unit, style), *_coverage(result, pack, style)]
    if result.since is not None:
        blocks.append([style(result.since.summary(), bold=True)] + [
            style(f"  已整改　{printable((e.quote and f'「{e.quote[:40]}」') or e.message[:50])}　（{printable(e.rule)}）",
                  fg="green") for e in result.since.fixed])
    blocks.append(_findings(result, pack, unit, style))
    return "\n\n".join("\n".join(block) for block in blocks)


def _frame(result: CheckedReport, pack: Pack, style) -> list[str]:
    """Score, grade and what the report says of itself: year, unit, date, title."""
    o = result.outline
    grade_style = {"fg": "green"} if result.score >= 75 else {"fg": "yellow"} if result.score >= 60 else {"fg": "red"}
    lines = [f"得分 {style(f'{result.score:g}', bold=True, **grade_style)} / 100　等级 {style(result.grade, **grade_style)}"
             f"　（规则包 {printable(pack.title)} {printable(pack.version)}）"]
    lines.extend(style(f"得分封顶 {cap['max']:g} 分：{printable(cap['reason'])}", fg="red") for cap in result.caps)
    year = f"{o.year}（依据：{year_basis(o.year_from)}）" if len(set(o.year_sources.values())) > 1 else o.year
    lines.append(f"报告年度 {year or '未识别'}　报告单位 {printable(o.issuer or '未识别')}　"
                 f"落款日期 {o.signature.date if o.signature and o.signature.date else '无'}")
    lines.append(f"标题 {printable(o.title or '（未找到）')}")
    lines.extend(style(f"注意：{printable(notice)}", fg="yellow") for notice in result.document.notices)
    return lines


def _parts(result: CheckedReport, pack: Pack, unit: str, style) -> list[str]:
    lines = ["各部分："]
    for s in result.sections:
        lines.append(f"  {style(_MARK[s.status] + ' ' + STATUS_CN[s.status], **_STATUS_STYLE[s.status])}"
                     f"　{printable(s.name)}　{printable(_place(s, unit))}")
    names = pack.section_names
    for extra in result.extra_parts:
        taken = f"计入“{names[extra.taken_as]}”" if extra.taken_as else "未归入规定的任何一项内容"
        lines.append(f"  · 其他标题　{place(extra.line, extra.column, unit)}　{printable(extra.heading)}（{printable(taken)}）")
    return lines


def _coverage(result: CheckedReport, pack: Pack, style) -> list[list[str]]:
    return [[f"{pack.rule(rule_id).table_name}（提及 {sum(areas.values())}/{len(areas)} 个方面）：",
             "  " + "　".join(style(("✓ " if hit else "✗ ") + name, fg="green" if hit else "red")
                             for name, hit in areas.items())]
            for rule_id, areas in result.coverage.items()]


def _findings(result: CheckedReport, pack: Pack, unit: str, style) -> list[str]:
    """The findings by part, the part with the worst first."""
    if not result.findings:
        ignored = f"（{result.suppressed} 条已按基线忽略）" if result.suppressed else ""
        return [style("没有发现新问题。" + ignored if result.suppressed else "没有发现问题。", fg="green")]
    counts = {lvl: sum(1 for f in result.findings if f.level == lvl) for lvl in LEVEL_ORDER}
    ignored = f"（另有 {result.suppressed} 条已按基线忽略）" if result.suppressed else ""
    lines = [f"发现问题：错误 {counts['error']} 条，警告 {counts['warning']} 条，提示 {counts['info']} 条{ignored}"]
    groups: dict[Optional[str], list[Finding]] = {}
    for f in result.findings:
        groups.setdefault(f.section, []).append(f)
    names = pack.section_names
    ordered = sorted(groups.items(), key=lambda kv: (min(LEVEL_ORDER[f.level] for f in kv[1]),
                                                     list(names).index(kv[0]) if kv[0] in names else 99))
    for section, findings in ordered:
        lines.append("")
        lines.append(style(f"【{names.get(section, '全文') if section else '全文'}】", bold=True))
        for f in findings:
            lines.extend(_finding(f, pack, unit, style))
    return lines


def _finding(f: Finding, pack: Pack, unit: str, style) -> list[str]:
    rule = pack.rules_by_id[f.rule]
    where = f"{f.where(unit)}　" if f.line else ""
    cost = f"（扣{f.deduction:g}分）" if f.deduction else ""
    sure = "（推断，请核对）" if f.certainty == "judgment" else ""
    again = f"【{ROUND_CN[f.round]}】" if f.round else ""
    lines = [f"  {again}{style(LEVEL_CN[f.level], **_LEVEL_STYLE[f.level])}{sure}　{where}{printable(f.message)}{cost}"]
    lines.extend(f"        {place(item.line, item.column, unit)}：「{printable(item.excerpt or '')}」" for item in f.items)
    if f.excerpt and not f.items:
        lines.append(f"        原文：「{printable(f.excerpt)}」")
    if f.certainty == "judgment":
        lines.append(style(f"        查找的是：{printable(rule.get('judgment'))}", fg="bright_black"))
    lines.append(style(f"        规则 {printable(f.rule)}　依据：{printable(citation(rule.basis))}", fg="bright_black"))
    return lines
