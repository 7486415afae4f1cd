"""The audit as tables (总表, 问题明细, 规则统计, 相似内容): one shape for every output."""
from __future__ import annotations

import functools
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Optional

from ..contract import LEVELS, FindingDict, ReportDict
from ..kinds import KINDS, feeding
from ..labels import LEVEL_CN, STATUS_CN, citation
from ..model import place
from ..pack.model import Pack
from ..rounds import ROUND_CN
from .roster import Submissions

# The words of the 报送时间 and 报送情况 columns (the spreadsheet colours them)
LATE, UNSIGNED, ON_TIME, WRONG_YEAR = "逾期", "无落款日期", "按时", "年度不符"
MISSING, TWICE, UNLISTED, SUBMITTED, UNIDENTIFIED = "未报送", "重复报送", "名单外", "已报送", "无法识别单位"
MOST_NAMED = 10   # units named in the one-line summary (terminal, page, 说明); the 报送情况 sheet lists all
SIMILAR_CN = {"copied": "内容雷同", "duplicate": TWICE, "repeated_from_last_year": "重复上年问题",
              "plan_not_followed": "上年安排未落实"}
COPY_MARKS = {"copied": "雷同", "duplicate": TWICE}   # beside the score and grade of each member of a copy group


@dataclass
class AuditData:
    pack: Pack
    reports: list[ReportDict]                      # as in `check --format json`
    similar: list[dict]
    seconds: float
    cached: int = 0
    interrupted: bool = False
    pending: list[str] = field(default_factory=list)
    resumable: bool = False                  # what was checked is in the cache: a rerun after Ctrl-C goes on from there
    deadline: Optional[date] = None
    skipped: list[dict] = field(default_factory=list)   # files named or in the folders that are not reports: path, reason
    year: Optional[int] = None                          # the batch's year (--year): reports on another are marked
    submissions: Optional[Submissions] = None         # against the roster (--expected)
    audited: list[str] = field(default_factory=list)    # the folders and files as given
    rounds: Optional[dict] = None                       # against the first round (--since): totals, not resubmitted
    repeated_from_last_year: Optional[int] = None       # with --previous: findings last year's report drew too
    _shown: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def unreadable(self) -> int:
        return sum(1 for r in self.reports if r["status"] != "checked")

    @functools.cached_property
    def base(self) -> str:
        """The audited folder (or the folder the audited files share): sheets name files from here."""
        if not self.audited:
            return ""
        homes = [os.path.abspath(p if os.path.isdir(p) else os.path.dirname(p) or ".") for p in self.audited]
        return os.path.commonpath(homes)

    def shown(self, path: str) -> str:
        """A report's path as a reader of the sheet looks for it: relative to the audited folder
        (worked out once per path: a sheet names each report on every one of its findings)."""
        if path not in self._shown:
            full = os.path.abspath(path)
            inside = self.base and os.path.commonpath([self.base, full]) == self.base
            self._shown[path] = os.path.relpath(full, self.base) if inside else path
        return self._shown[path]


def unit_of(report: ReportDict) -> str:
    return (report["meta"].get("issuer") or os.path.splitext(os.path.basename(report["path"]))[0])


def timeliness(report: ReportDict, pack: Pack, deadline: Optional[date], batch_year: Optional[int] = None) -> str:
    if report["status"] != "checked":
        return ""
    year = report["meta"].get("year")
    if batch_year and year != batch_year:
        return f"{WRONG_YEAR}（{year}年）" if year else f"{WRONG_YEAR}（未写年度）"
    signed = report["meta"].get("signed_date")
    if not signed:
        return UNSIGNED
    limit = deadline.isoformat() if deadline else None
    if limit is None:
        found = feeding(pack.enabled_rules, "deadline_for")
        year = report["meta"].get("year")
        if not found or year is None:
            return ""
        rule, deadline_for = found[0]
        limit = deadline_for(rule, year)
    return LATE if signed > limit else ON_TIME


def indicator_columns(pack: Pack) -> list[tuple[str, str]]:
    return _columns(pack, "indicators")


def coverage_columns(pack: Pack) -> list[tuple[str, str]]:
    return _columns(pack, "coverage")


def _columns(pack: Pack, output: str) -> list[tuple[str, str]]:
    """The sheet's columns the rules filling a result field (indicators, coverage) give."""
    return [column for rule, columns in feeding(pack.enabled_rules, "columns")
            if KINDS[rule.kind].output_field == output for column in columns(rule)]


def number_shown(value: object) -> object:
    """100 rather than 100.0, as the text and JSON outputs show a score, and 1366 件 rather than
    1366.0 (figures are read as floats); 87.5 stays, anything else as it is."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def ranked(data: AuditData) -> list[ReportDict]:
    """The reports in the ranking's order: best score first, unreadable last."""
    return sorted(data.reports, key=lambda r: (r["score"] is None, -(r["score"] or 0), r["path"]))


def summary_rows(data: AuditData) -> tuple[list[str], list[list]]:
    sections = data.pack.sections
    indicators = indicator_columns(data.pack)
    areas = coverage_columns(data.pack)
    header = (["排名", "报告单位", "文件", "年度", "落款日期", "报送时间", "得分", "等级", "雷同标记"]
              + [s.name for s in sections] + ["错误", "警告", "提示"] + [name for _, name in indicators]
              + [f"覆盖：{name}" for _, name in areas] + ["雷同", "无法读取的原因"])   # the page reads the reason last
    copying = _copy_marks(data.similar, data.shown)
    rows, rank, place, last = [], 0, 0, None
    for report in ranked(data):
        checked = report["status"] == "checked"
        place += checked
        if checked and report["score"] != last:   # equal scores share a rank: 1, 1, 3
            rank, last = place, report["score"]
        statuses = {s["id"]: STATUS_CN[s["status"]] for s in report["sections"]}
        levels = [sum(1 for f in report["findings"] if f["level"] == lvl) for lvl in LEVELS]
        figures = [number_shown((report["indicators"].get(rid) or [{}])[0].get("value")) for rid, _ in indicators]
        coverage = report.get("coverage", {})
        marks = [("✓" if coverage[rid]["areas"].get(name) else "✗") if rid in coverage else "" for rid, name in areas]
        rows.append([rank if checked else "", unit_of(report), data.shown(report["path"]), report["meta"].get("year"),
                     report["meta"].get("signed_date"), timeliness(report, data.pack, data.deadline, data.year),
                     number_shown(report["score"]), report["grade"], copy_mark(report)]
                    + [statuses.get(s.id, "") for s in sections]
                    + (levels if checked else ["", "", ""]) + figures + marks
                    + [copying.get(report["path"], ""), report["error"] or ""])
    return header, rows


def copy_mark(report: ReportDict) -> str:
    """雷同 or 重复报送 for a member of a copy group, else empty."""
    return (report.get("copying") or {}).get("mark", "")


def _copy_marks(similar: list[dict], shown: Callable[[str], str]) -> dict[str, str]:
    """Beside each report in the ranking: the group it belongs to, or how many reports it shares text with."""
    marks: dict[str, str] = {}
    pairs: dict[str, set[str]] = {}
    for s in similar:
        if s["kind"] not in COPY_MARKS:
            continue
        if s.get("members"):
            whose = "本单位" if s["kind"] == "duplicate" else ""
            for path in s["members"]:
                other = next(p for p in s["members"] if p != path)
                more = " 等" if len(s["members"]) > 2 else ""
                marks[path] = f"与{whose}另 {len(s['members']) - 1} 份报告内容基本相同（{shown(other)}{more}）"
        else:
            pairs.setdefault(s["a"], set()).add(s["b"])
            pairs.setdefault(s["b"], set()).add(s["a"])
    for path, others in pairs.items():
        mark = f"与 {len(others)} 份报告有相同段落"
        marks[path] = f"{marks[path]}；{mark}" if path in marks else mark
    return marks


def rule_titles(pack: Pack) -> dict[str, str]:
    return {r.id: r.title for r in pack.rules}


def finding_rows(data: AuditData) -> tuple[list[str], list[list]]:
    names = data.pack.section_names
    titles = rule_titles(data.pack)
    header = ["报告单位", "文件", "问题", "级别", "部分", "位置", "问题和修改建议", "原文摘录", "扣分", "规则编号", "对照以往"]
    rows = []
    for r in data.reports:
        if not r["findings"]:
            continue
        unit, shown, line_unit = unit_of(r), data.shown(r["path"]), r["meta"].get("line_unit") or "行"
        rows += [[unit, shown, titles.get(f["rule"], f["rule"]), LEVEL_CN[f["level"]], names.get(f["section"] or "", "全文"),
                  place(f["line"], f.get("column"), line_unit), f["message"], f.get("excerpt") or "",
                  f.get("deduction"), f["rule"], history_mark(f)]
                 for f in r["findings"]]
    return header, rows


def history_mark(finding: FindingDict) -> str:
    """未整改 / 新问题 against the first round, 上年已提出 against last year's report."""
    return "、".join(([ROUND_CN[finding["round"]]] if finding.get("round") else [])
                    + (["上年已提出"] if finding.get("last_year") else []))


def rule_rows(data: AuditData) -> tuple[list[str], list[list]]:
    checked = [r for r in data.reports if r["status"] == "checked"]
    header = ["问题", "级别", "规则编号", "涉及报告数", "占比", "依据"]
    reports_with = Counter(rule for r in checked for rule in {f["rule"] for f in r["findings"]})
    counted = sorted(((rule, reports_with[rule.id]) for rule in data.pack.enabled_rules if reports_with[rule.id]),
                     key=lambda pair: -pair[1])
    rows = [[rule.title, LEVEL_CN[rule.level], rule.id, count, count / len(checked), citation(rule.basis)]
            for rule, count in counted]
    return header, rows


def similar_rows(data: AuditData) -> tuple[list[str], list[list]]:
    units = {r["path"]: unit_of(r) for r in data.reports}
    header = ["类型", "报告甲", "单位甲", "报告乙", "单位乙", "相同句数", "内容摘录"]
    rows = []
    for s in data.similar:
        if s.get("members"):   # one row for a group: the first member, then all the others
            others = s["members"][1:]
            what = "同一单位重复报送" if s["kind"] == "duplicate" else "内容基本相同"
            rows.append([f"{what}：以下 {len(s['members'])} 份报告，相同内容约占 {s['share']:.0%}",
                         data.shown(s["a"]), units.get(s["a"], ""), "、".join(data.shown(p) for p in others),
                         "、".join(units.get(p, "") for p in others), s["count"], s["excerpt"]])
        else:
            rows.append([SIMILAR_CN[s["kind"]], data.shown(s["a"]), units.get(s["a"], ""), data.shown(s["b"]),
                         units.get(s["b"], ""), s.get("count", ""), s["excerpt"]])
    return header, rows


def submission_rows(data: AuditData) -> tuple[list[str], list[list]]:
    """Against the roster: each listed unit, whether and with which report(s) it submitted (a
    report that does not count says why), then the reports from no unit on the list and the
    files whose unit cannot be told."""
    header = ["名单中的单位", "报送情况", "报告中的单位", "文件"]
    sub = data.submissions
    if sub is None:
        return header, []
    by_name: dict[str, list[dict]] = {}
    for m in sub.matches:
        by_name.setdefault(m["name"], []).append(m)
    rows = []
    for name in list(dict.fromkeys([m["name"] for m in sub.matches] + sub.missing)):
        found = by_name.get(name, [])
        counting = sum(1 for m in found if "reason" not in m)
        state = MISSING if not counting else TWICE if counting > 1 else SUBMITTED
        rows += [[name, _state(state, m.get("reason")), m["unit"], data.shown(m["path"])] for m in found] \
            or [[name, state, "", ""]]
    rows += [["（不在名单中）", UNLISTED, u["unit"], data.shown(u["path"])] for u in sub.unlisted]
    rows += [["（无法识别单位）", f"{UNIDENTIFIED}（文件无法读取）", "", data.shown(u["path"])] for u in sub.unidentified]
    return header, rows


def _state(state: str, reason: Optional[str]) -> str:
    """A unit's state on the row of one of its reports: 未报送（交的是 2023 年报告）, or, beside the
    report that counts, 已报送（此份不计：…）."""
    if not reason:
        return state
    return f"{state}（{reason}）" if state == MISSING else f"{state}（此份不计：{reason}）"


def skipped_rows(data: AuditData) -> tuple[list[str], list[list]]:
    """Files that are not reports, and, after Ctrl-C, the reports not yet checked: a partial
    result names every file it has no row for."""
    return ["文件", "原因"], ([[data.shown(s["path"]), s["reason"]] for s in data.skipped]
                            + [[data.shown(p), f"检查被中断，尚未检查（{_rerun(data)}）"] for p in data.pending])


def _rerun(data: AuditData) -> str:
    return "再次运行会从缓存继续" if data.resumable else "本次未用缓存，再次运行会重新检查全部报告"



def _marked(reports: list[ReportDict]) -> str:
    """How many reports are marked 雷同 or 重复报送."""
    counts = Counter(copy_mark(r) for r in reports if copy_mark(r))
    return f"（{'，'.join(f'{mark}的报告 {n} 份' for mark, n in counts.items())}）" if counts else ""


def summary_line(data: AuditData) -> str:
    total = len(data.reports) + len(data.pending)
    checked = len(data.reports) - data.unreadable
    line = (f"共 {total} 份：已检查 {checked} 份（其中 {data.cached} 份来自缓存），无法读取 {data.unreadable} 份，"
            f"发现雷同或重复 {len(data.similar)} 处{_marked(data.reports)}，用时 {data.seconds:.1f} 秒")
    if data.submissions:
        sub = data.submissions
        line += f"；报送率 {sub.expected - len(sub.missing)}/{sub.expected}（{sub.rate:.1%}）"
        if sub.twice:
            line += f"，重复报送 {len(sub.twice)} 个单位"
        if sub.unlisted:
            line += f"，名单外报告 {len(sub.unlisted)} 份"
        if sub.unidentified:
            line += f"，无法识别单位的文件 {len(sub.unidentified)} 份"
        if sub.missing:
            line += f"；未报送 {len(sub.missing)} 个单位：{sub.missing_named(MOST_NAMED)}"
    if data.skipped:
        line += f"；另有 {len(data.skipped)} 个文件不是报告，未检查（原因见结果文件）"
    if data.repeated_from_last_year:
        units = sum(1 for r in data.reports if (r.get("last_year") or {}).get("repeated"))
        line += f"；上年已提出、今年仍存在的问题 {data.repeated_from_last_year} 条（{units} 个单位）"
    if data.rounds:
        line += "；" + round_summary(data.rounds)
    if data.interrupted:
        line += f"；已中断，{len(data.pending)} 份未检查（{_rerun(data)}）"
    return line


def round_summary(r: dict) -> str:
    """The office's round in one line: resubmitted, put right, left, new, and who sent nothing."""
    line = (f"整改：重新报送 {r['resubmitted']} 份，已整改 {r['fixed']} 条，未整改 {r['unfixed']} 条，"
            f"新问题 {r['new']} 条")
    if r.get("parts_added"):
        line += f"，补上缺失部分 {r['parts_added']} 处"
    if r.get("copying_gone"):
        line += f"，雷同已消除 {r['copying_gone']} 份"
    if r["not_resubmitted"]:
        named = "、".join(u["unit"] for u in r["not_resubmitted"][:MOST_NAMED])
        more = f"等 {len(r['not_resubmitted'])} 个" if len(r["not_resubmitted"]) > MOST_NAMED else ""
        line += f"；未重新报送 {len(r['not_resubmitted'])} 个单位：{named}{more}"
    return line


def round_rows(data: AuditData) -> tuple[list[str], list[list]]:
    """整改情况: each resubmitted report, most left to put right first; then those not resubmitted."""
    header = ["报告单位", "文件", "上轮得分", "本轮得分", "上轮问题", "已整改", "未整改", "新问题", "补上的部分",
              "改后缺少的部分", "雷同"]
    rows = [[unit_of(r), data.shown(r["path"]), number_shown(r["round"]["score_before"]), number_shown(r["score"]),
             r["round"]["previous"], len(r["round"]["fixed"]), r["round"]["unfixed"], r["round"]["new"],
             "、".join(r["round"].get("parts_added", [])), "、".join(r["round"].get("parts_lost", [])),
             copying_change(r["round"])]
            for r in data.reports if r.get("round")]
    rows.sort(key=lambda row: (-(row[6] + row[7]), row[0]))
    rows += [[u["unit"], "未重新报送", number_shown(u["score"])] + [""] * (len(header) - 3)
             for u in (data.rounds or {}).get("not_resubmitted", [])]
    return header, rows


def copying_gone(round_: dict) -> bool:
    """The first round found the report copied (or sent twice) and this round does not."""
    return bool(round_.get("copying_before") and not round_.get("copying_now"))


def copying_change(round_: dict) -> str:
    """What became of the copying the first round found: 已消除, 仍在, or found this time."""
    before, now = round_.get("copying_before"), round_.get("copying_now")
    if copying_gone(round_):
        return f"已消除（上轮为{before}）"
    if before and now:
        return f"仍{now}"
    return f"本轮新发现{now}" if now else ""
