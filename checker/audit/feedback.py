"""Feedback to each unit (`audit --feedback DIR`): one Word document per report, what the office
sends back for rectification: the verdict and why, the state of each part, every problem with
its quote and what to change, and any copying or repeat of last year that concerns it."""
from __future__ import annotations

import os
import re
from collections import Counter
from datetime import date
from typing import Any

from .. import __version__
from ..contract import LEVELS, ReportDict
from ..labels import LEVEL_CN, STATUS_CN, citation
from ..model import place
from ..support.atomic import write_file_atomic
from ..wordfile import official_document, small_table, to_bytes
from .copies import copy_line
from .table import AuditData, copy_mark, copying_change, copying_gone, history_mark, rule_titles, timeliness, unit_of

_OWN_WORDS = "请结合本单位实际情况撰写，不照搬其他单位的报告；确系本单位原创的，请向审查机关说明。"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
MAX_NAME = 60


def file_names(data: AuditData) -> dict[str, str]:
    """反馈意见-<单位>.docx for each report; a unit with two reports gets each file's name added."""
    units = {r["path"]: _safe(unit_of(r)) for r in data.reports}
    twice = {u for u, n in Counter(units.values()).items() if n > 1}
    names, taken = {}, set()
    for path, unit in units.items():
        name = f"反馈意见-{unit}（{_safe(os.path.splitext(os.path.basename(path))[0])}）" if unit in twice \
            else f"反馈意见-{unit}"
        stem, n = name, 2
        while name.lower() in taken:
            name, n = f"{stem}-{n}", n + 1
        taken.add(name.lower())
        names[path] = name + ".docx"
    return names


def _safe(text: str) -> str:
    return _UNSAFE.sub("_", text).strip(" ._")[:MAX_NAME] or "未知单位"


def write_feedback(data: AuditData, folder: str) -> list[str]:
    """Write every report's feedback into `folder` (created if need be); each file atomically."""
    os.makedirs(folder, exist_ok=True)
    by_path = {r["path"]: r for r in data.reports}
    concerns = _concerns(data)
    titles = rule_titles(data.pack)
    written = []
    for path, name in file_names(data).items():
        document = feedback_document(by_path[path], data, concerns.get(path, []), titles)
        target = os.path.join(folder, name)
        write_file_atomic(target, to_bytes(document))   # the zip in memory: a full disk fails the plain write only
        written.append(target)
    return written


def feedback_document(report: ReportDict, data: AuditData, concerns: list[str], titles: dict[str, str]) -> Any:
    """The feedback for one report; `concerns` are the copying and last-year lines about it,
    `titles` each rule's short name by id."""
    document = official_document()
    meta = report["meta"]
    unit = meta.get("issuer") or "××单位"   # a placeholder to fill in, never the file's name
    year = meta.get("year")
    document.add_paragraph(f"关于{data.pack.frame.report_title(unit, year)}的反馈意见", style="Title")
    document.add_paragraph(f"{unit}：")
    if report["status"] != "checked":
        document.add_paragraph(f"你单位报送的报告文件“{data.shown(report['path'])}”无法读取：{report['error']}。"
                               "请重新报送可以打开的 .docx 或 .pdf 文件。")
        _closing(document, data)
        return document
    document.add_paragraph(f"经对你单位报送的{_named(report, data)}进行审查，现将审查意见反馈如下，请对照修改完善。")
    document.add_paragraph("一、审查结论", style="Heading 1")
    for line in _verdict(report, data):
        document.add_paragraph(line)
    if report.get("round"):
        r = report["round"]
        put_right = "；".join(dict.fromkeys(titles.get(e["rule"], e["rule"]) for e in r["fixed"]))
        added = f"补上了“{'”“'.join(r['parts_added'])}”部分；" if r.get("parts_added") else ""
        lost = f"修改后缺少“{'”“'.join(r['parts_lost'])}”部分；" if r.get("parts_lost") else ""
        copying = f"内容雷同{copying_change(r)}；" if copying_gone(r) else ""
        document.add_paragraph(f"与上一轮相比：上一轮 {r['previous']} 条问题，已整改 {len(r['fixed'])} 条"
                               f"{f'（{put_right}）' if put_right else ''}，未整改 {r['unfixed']} 条，新问题 {r['new']} 条；"
                               f"{added}{lost}{copying}下列意见只列未整改和新发现的问题。")
    document.add_paragraph("二、各部分情况", style="Heading 1")
    _parts_table(document, report)
    document.add_paragraph("三、存在的问题和修改意见", style="Heading 1")
    _problems(document, report, titles, "除上述内容雷同或重复外，未发现其他问题。" if report.get("copying") else "未发现问题。")
    if concerns:
        document.add_paragraph("四、内容雷同和重复", style="Heading 1")
        for line in concerns:
            document.add_paragraph(line)
    _closing(document, data)
    return document


def _named(report: ReportDict, data: AuditData) -> str:
    title = report["meta"].get("title")
    return f"《{title}》" if title else f"报告（{data.shown(report['path'])}）"


def _verdict(report: ReportDict, data: AuditData) -> list[str]:
    findings = report["findings"]
    counts = "、".join(f"{LEVEL_CN[level]} {n} 个" for level in LEVELS
                       if (n := sum(1 for f in findings if f["level"] == level)))
    lost = sum(f.get("deduction") or 0 for f in findings)
    caps = [c["reason"] for c in report.get("score_caps") or []]
    copying = copy_line(report, data.shown)
    why = "；".join(caps) if caps else (f"共发现问题 {len(findings)} 个（{counts}），合计扣 {lost:g} 分" if findings
                                        else "" if copying else "未发现问题")
    mark = f"（{copy_mark(report)}）" if copying else ""
    year = report["meta"].get("year")
    lines = [f"报告文件：{data.shown(report['path'])}",
             f"报告年度：{f'{year}年' if year else '未能确定（请在标题或开头写明年度）'}",
             f"得分：{report['score']:g} 分，等级：{report['grade']}{mark}。{why}{'。' if why else ''}"]
    if copying:
        lines.append(copying)
    submitted = timeliness(report, data.pack, data.deadline, data.year)
    if submitted:
        signed = report["meta"].get("signed_date")
        lines.append(f"报送时间：{submitted}" + (f"（落款日期 {signed}）" if signed else ""))
    return lines


def _parts_table(document: Any, report: ReportDict) -> None:
    unit = report["meta"].get("line_unit") or "行"
    rows = [(part["name"], STATUS_CN[part["status"]],
             f"{place(part['line'], part.get('column'), unit)}“{part['heading']}”" if part.get("line") and part.get("heading") else "—")
            for part in report["sections"]]
    small_table(document, ("部分", "情况", "所在位置"), rows, (6.0, 2.6, 7.0))


def _problems(document: Any, report: ReportDict, titles: dict[str, str], none: str) -> None:
    """Every finding with its quote, change and basis; `none` when there is none."""
    if not report["findings"]:
        document.add_paragraph(none)
        return
    unit = report["meta"].get("line_unit") or "行"
    for n, f in enumerate(report["findings"], start=1):
        title = titles.get(f["rule"], f["rule"])
        where = place(f.get("line"), f.get("column"), unit)
        where = f"（{where}）" if where else ""
        head = document.add_paragraph()
        history = f"【{history_mark(f)}】" if history_mark(f) else ""
        head.add_run(f"{n}. 【{LEVEL_CN[f['level']]}】{history}{title}{where}").bold = True
        if f.get("excerpt"):
            document.add_paragraph(f"原文：「{f['excerpt']}」")
        document.add_paragraph(f"修改意见：{f['message']}")
        if f.get("basis", {}).get("text"):
            document.add_paragraph(f"依据：{citation(f['basis'])}")


def _concerns(data: AuditData) -> dict[str, list[str]]:
    """Copying and last-year findings, by the report they concern, as its unit should read them."""
    units = {r["path"]: unit_of(r) for r in data.reports}
    lines: dict[str, list[str]] = {}
    for s in data.similar:
        if s["kind"] == "duplicate":   # the verdict names the files and how much they share
            for path in s["members"]:
                lines.setdefault(path, []).append(f"本单位重复报送的报告中相同的内容如：「{s['excerpt']}」。"
                                                  "请确认以哪一份为准，撤回其余。")
        elif s["kind"] == "copied" and s.get("members"):   # as the verdict names the units
            for path in s["members"]:
                lines.setdefault(path, []).append(f"与其他单位报告相同的内容如：「{s['excerpt']}」。{_OWN_WORDS}")
        elif s["kind"] == "copied":
            for path, other in ((s["a"], s["b"]), (s["b"], s["a"])):
                lines.setdefault(path, []).append(
                    f"本报告与{units.get(other, data.shown(other))}的报告有 {s['count']} 句相同，"
                    f"相同内容约占 {s['share']:.0%}，如：「{s['excerpt']}」。{_OWN_WORDS}")
        elif s["kind"] == "repeated_from_last_year":
            lines.setdefault(s["b"], []).append(f"今年的不足「{s['excerpt']}」与上年报告的「{s['previous']}」基本相同。"
                                                "请说明上年问题的整改情况和仍未解决的原因。")
        elif s["kind"] == "plan_not_followed":
            lines.setdefault(s["b"], []).append(
                f"上年报告安排的「{s['excerpt']}」，今年的主要举措和成效中没有写到落实情况，请补充说明。")
    return lines


def _closing(document: Any, data: AuditData) -> None:
    today = date.today()
    signed = document.add_paragraph(f"{today.year}年{today.month}月{today.day}日")
    signed.alignment = 2
    from docx.shared import Pt
    note = document.add_paragraph()
    note.add_run(f"（本意见按规则包“{data.pack.title}”{data.pack.version} 版，由 report-check {__version__} "
                 "生成，审查人员核改后发出。）").font.size = Pt(12)
