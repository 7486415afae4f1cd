"""The audit as an .xlsx workbook an office can print or forward as it is: columns as wide as
their text (long text wrapped), a frozen header with filters, shares as percentages, and
statuses and grades in colour."""
from __future__ import annotations

from typing import Any

from .. import __version__
from ..atomic import write_atomic
from ..labels import LEVEL_CN, STATUS_CN
from .table import (
    AuditData,
    finding_rows,
    rule_rows,
    similar_rows,
    skipped_rows,
    submission_rows,
    summary_line,
    summary_rows,
)

WIDEST = 60            # characters (a CJK character counts two); longer text wraps
HEADER_WIDEST = 16
PERCENT_COLUMNS = {"占比"}
_RED, _AMBER, _GREEN, _GREY = "#FFC7CE", "#FFEB9C", "#C6EFCE", "#EDEDED"
_TONES = {STATUS_CN["missing"]: _RED, STATUS_CN["weak"]: _AMBER, STATUS_CN["misplaced"]: _AMBER,
          STATUS_CN["ok"]: _GREEN, STATUS_CN["absent"]: _GREY,
          LEVEL_CN["error"]: _RED, LEVEL_CN["warning"]: _AMBER,
          "逾期": _RED, "无落款日期": _AMBER, "按时": _GREEN,
          "✗": _AMBER, "未报送": _RED, "重复报送": _AMBER, "名单外": _AMBER, "已报送": _GREEN}


def _tones(data: AuditData) -> dict[str, str]:
    """Status words and grades → fill colour; the pack's best grade green, its lowest red."""
    tones = dict(_TONES)
    grades = [g["name"] for g in sorted(data.pack.grades, key=lambda g: -g["min"])]
    if len(grades) > 1:
        tones[grades[0]], tones[grades[-1]] = _GREEN, _RED
    return tones


def text_width(value: Any) -> int:
    """How many character cells a value takes in a spreadsheet column: a CJK character (three
    bytes in UTF-8) takes two, ASCII one. Counted from the encoded length: fast on big sheets."""
    if value is None:
        return 0
    text = f"{value:.1f}" if isinstance(value, float) else str(value)
    return len(text) + (len(text.encode("utf-8", "replace")) - len(text)) // 2


def column_widths(header: list[str], rows: list[list], sample: int = 2000) -> list[int]:
    """Fit each column to its longest value (of the first `sample` rows), between 6 and WIDEST."""
    widths = [min(text_width(h), HEADER_WIDEST) for h in header]   # a long header wraps instead
    for row in rows[:sample]:
        for c, value in enumerate(row):
            widths[c] = max(widths[c], text_width(value))
    return [min(max(w + 2, 6), WIDEST) for w in widths]


def _tone_of(value: str, tones: dict[str, str]) -> str | None:
    if value in tones:
        return tones[value]
    if value.startswith("年度不符"):
        return _RED
    return None


def write_xlsx(data: AuditData, path: str) -> None:
    import xlsxwriter  # imported only when a spreadsheet is asked for

    tones = _tones(data)

    def write(tmp: str) -> None:
        book = xlsxwriter.Workbook(tmp, {"constant_memory": True, "strings_to_urls": False})
        head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                "valign": "vcenter"})
        plain = book.add_format({"valign": "top"})
        wrapped = book.add_format({"valign": "top", "text_wrap": True})
        percent = book.add_format({"valign": "top", "num_format": "0.0%"})
        toned = {colour: book.add_format({"valign": "top", "bg_color": colour}) for colour in set(tones.values())}
        sheets = [("总表", summary_rows(data)), ("问题明细", finding_rows(data)), ("规则统计", rule_rows(data)),
                  ("相似内容", similar_rows(data)), ("未检查的文件", skipped_rows(data))]
        if data.submissions:
            sheets.insert(1, ("报送情况", submission_rows(data)))
        for name, (header, rows) in sheets:
            sheet = book.add_worksheet(name)
            widths = column_widths(header, rows)
            for c, width in enumerate(widths):
                sheet.set_column(c, c, width)
            sheet.write_row(0, 0, header, head)
            percents = {c for c, h in enumerate(header) if h in PERCENT_COLUMNS}
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row):
                    # typed writes: the generic write() sniffs every string for numbers, URLs, formulas
                    if isinstance(value, str):
                        if value:
                            tone = _tone_of(value, tones)
                            long = 2 * len(value) > widths[c] and text_width(value) > widths[c]
                            style = toned[tone] if tone else wrapped if long else plain
                            sheet.write_string(r, c, value, style)
                    elif isinstance(value, (int, float)):
                        sheet.write_number(r, c, value, percent if c in percents else plain)
            sheet.freeze_panes(1, 0)
            sheet.autofilter(0, 0, max(len(rows), 1), len(header) - 1)
        about = book.add_worksheet("说明")
        about.set_column(0, 0, 16)
        about.set_column(1, 1, 80)
        facts = [("审查的文件夹", data.base), ("规则包", f"{data.pack.title}（{data.pack.id}）"),
                 ("规则包版本", data.pack.version), ("工具", f"report-check {__version__}"),
                 ("审查概况", summary_line(data))]
        for r, (key, value) in enumerate((k, v) for k, v in facts if v):
            about.write_string(r, 0, key, head)
            about.write_string(r, 1, value, wrapped)
        book.close()
    write_atomic(path, write)
