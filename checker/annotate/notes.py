"""What the reviewer's comments say and where they go, in offsets of the checked text.

One comment per finding on its own words; a missing part's comment on the heading of the part
that should follow it (or the body's last line); a summary on the title (score, grade and its
reason, each part's state), which also carries what has no place in the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..labels import LEVEL_CN, STATUS_CN, citation
from ..model import CheckedReport, Finding, Span, Suggestion
from ..pack.model import Pack
from ..rounds import ROUND_CN


@dataclass
class Note:
    text: str
    span: Optional[Span] = None
    line: Optional[int] = None     # 0-based line of the checked text, when the note is on a whole line


@dataclass
class Notes:
    comments: list[Note]
    changes: list[Suggestion]
    summary_line: Optional[int]
    summary: list[str] = field(default_factory=list)

    def summary_text(self, unplaced: list[str]) -> str:
        lines = list(self.summary)
        if unplaced:
            lines.append("以下问题不针对正文某一处：")
            lines.extend(f"{n}. {text}" for n, text in enumerate(unplaced, start=1))
        return "\n".join(lines)


def notes_for(result: CheckedReport, pack: Pack, suggest: bool = False) -> Notes:
    changes = [f.suggestion for f in result.findings if suggest and f.suggestion]
    comments = []
    for f in result.findings:
        text = _finding_text(f, pack, suggest and f.suggestion is not None)
        if f.items:   # one comment for one problem, over the items it names
            comments.append(Note(text, span=(f.items[0].span[0], f.items[-1].span[1])))
        elif f.span:
            comments.append(Note(text, span=f.span))
        else:
            comments.append(_missing_part_note(f, result, text) or Note(text))
    return Notes(comments=comments, changes=changes, summary_line=_summary_line(result),
                 summary=_summary(result, pack))


# The first line of a finding's comment (and of each entry of the summary's list), as
# _finding_text writes it: how `check --since 报告-检查意见.docx` reads the rule back
COMMENT_HEAD = re.compile(r"^(?:\d+\. )?【[^】]*】(?P<title>.+?)(?:（扣[\d.]+分）)?$")


def _finding_text(f: Finding, pack: Pack, changed: bool) -> str:
    rule = pack.rule(f.rule)
    deduction = f"（扣{f.deduction:g}分）" if f.deduction else ""
    sure = "·推断，请核对" if f.certainty == "judgment" else ""
    lines = [f"【{LEVEL_CN[f.level]}{sure}】{rule.title}{deduction}", f.message]
    if f.round:
        lines.insert(1, f"（对照上次：{ROUND_CN[f.round]}）")
    if f.certainty == "judgment":
        lines.append(f"查找的是：{rule.get('judgment')}")
    if changed:
        lines.append("已按此写成修订，可在“审阅”中接受或拒绝。")
    lines.append(f"依据：{citation(rule.basis)}")
    return "\n".join(lines)


def _missing_part_note(f: Finding, result: CheckedReport, text: str) -> Optional[Note]:
    """A missing part's comment where the part belongs: on the heading of the next part the
    report has, or else on the body's last line."""
    states = result.sections
    index = next((i for i, s in enumerate(states) if s.id == f.section), None)
    if index is None or states[index].status not in ("missing", "absent"):
        return None
    name = states[index].name
    after = next((s for s in states[index + 1:] if s.heading_span), None)
    if after:
        return Note(f"此处之前应有“{name}”部分。\n{text}", span=after.heading_span)
    end = result.outline.text_end
    if end == 0:
        return None
    return Note(f"此处之后应有“{name}”部分。\n{text}", line=result.document.line_of(end - 1) - 1)


def _summary_line(result: CheckedReport) -> Optional[int]:
    doc = result.document
    if result.outline.title_span:
        return doc.line_of(result.outline.title_span[0]) - 1
    for index, start in enumerate(doc.line_starts):
        end = doc.line_starts[index + 1] - 1 if index + 1 < len(doc.line_starts) else len(doc.text)
        if doc.text[start:end].strip():
            return index
    return None


def _summary(result: CheckedReport, pack: Pack) -> list[str]:
    lines = [f"report-check 检查结果：得分 {result.score:g} / 100，等级 {result.grade}（规则包 {pack.title} {pack.version}）"]
    lines.extend(f"得分封顶 {cap['max']:g} 分：{cap['reason']}" for cap in result.caps)
    counts = {level: sum(1 for f in result.findings if f.level == level) for level in LEVEL_CN}
    lines.append("发现问题：" + "，".join(f"{LEVEL_CN[level]} {n} 条" for level, n in counts.items()))
    lines.append("各部分：" + "；".join(f"{s.name}：{STATUS_CN[s.status]}" for s in result.sections))
    lines.extend(f"注意：{notice}" for notice in result.document.notices)
    if result.since is not None:
        lines.append(result.since.summary())
    return lines
