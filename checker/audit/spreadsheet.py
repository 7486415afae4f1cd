"""The audit as an .xlsx workbook an office can print or forward as it is: columns as wide as
their text (long text wrapped), a frozen header with filters, shares as percentages, and
statuses and grades in colour."""
from __future__ import annotations

import os
import re
from typing import Any, Iterator

from .. import __version__
from ..labels import LEVEL_CN, STATUS_CN
from ..support.atomic import write_atomic
from .table import (
    COPY_MARKS,
    LATE,
    MISSING,
    ON_TIME,
    SUBMITTED,
    TWICE,
    UNIDENTIFIED,
    UNLISTED,
    UNSIGNED,
    WRONG_YEAR,
    AuditData,
    finding_rows,
    round_rows,
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
          LATE: _RED, UNSIGNED: _AMBER, ON_TIME: _GREEN,
          "✗": _AMBER, MISSING: _RED, TWICE: _AMBER, UNLISTED: _AMBER, SUBMITTED: _GREEN, UNIDENTIFIED: _AMBER,
          WRONG_YEAR: _RED, COPY_MARKS["copied"]: _RED}


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


def column_widths(header: list[str], rows: list[list], sample: int = 2000) -> list[float]:
    """Fit each column to its longest value (of the first `sample` rows), between 6 and WIDEST."""
    widths = [min(text_width(h), HEADER_WIDEST) for h in header]   # a long header wraps instead
    for row in rows[:sample]:
        for c, value in enumerate(row):
            widths[c] = max(widths[c], text_width(value))
    return [min(max(w + 2, 6), WIDEST) for w in widths]


EXCEL_MOST = 32_767      # characters in one cell; Excel refuses more
EXCEL_ROWS = 1_048_576   # rows in one sheet, its header included


def _cell(value: Any) -> Any:
    """A value as a cell: blank for empty text, text cut at Excel's limit."""
    if isinstance(value, str):
        if not value:
            return None
        if len(value) > EXCEL_MOST:
            return value[:EXCEL_MOST - 1] + "…"
    return value


def _tone_of(value: str, tones: dict[str, str]) -> str | None:
    """A word's colour, or that of the word before its bracket (年度不符（2021年）, 未报送（交的是 2023 年报告）)."""
    return tones.get(value) or tones.get(value.split("（", 1)[0])


def _tone_rules(names: list[str], rows: list[list], tones: dict[str, str], fills: dict) -> dict[str, list[dict]]:
    """Colour as conditional formatting, one rule per status word a column holds: the colour
    stays right when the office edits or sorts the sheet. The writer has "begins with", not
    "equals"; no status word begins another (tested), and the longest goes first."""
    rules: dict[str, list[dict]] = {}
    for c, name in enumerate(names):
        texts = (v for v in {row[c] for row in rows} if isinstance(v, str))   # each distinct value once
        toned = {word: colour for word in texts if (colour := _tone_of(word, tones))}
        if toned:
            rules[name] = [{"type": "text", "criteria": "begins_with", "value": word, "format": fills[toned[word]]}
                           for word in sorted(toned, key=lambda w: (-len(w), w))]
    return rules


def _unique(header: list[str]) -> list[str]:
    """Rows go to the writer keyed by column name: a name repeated (a pack's section and
    indicator called alike) gets a number, or one column would swallow the other."""
    seen: dict[str, int] = {}
    names = []
    for name in header:
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name}（{seen[name]}）")
    return names


def _pieces(name: str, rows: list[list]) -> Iterator[tuple[str, list[list]]]:
    """A sheet longer than Excel allows goes on in 问题明细（2）, （3）…: a national batch has
    over a million findings, and none may be dropped."""
    most = EXCEL_ROWS - 1
    if len(rows) <= most:
        yield name, rows
        return
    for i, start in enumerate(range(0, len(rows), most), start=1):
        yield (name if i == 1 else f"{name}（{i}）"), rows[start:start + most]


def _records(names: list[str], rows: list[list]) -> Iterator[dict]:
    """The rows as the writer takes them, made as it writes (a list of dicts would double the
    memory of a national batch); a sheet with no rows still shows its header."""
    if not rows:
        yield dict.fromkeys(names)
    for row in rows:
        yield dict(zip(names, map(_cell, row)))


def write_xlsx(data: AuditData, path: str) -> None:
    # rustpy-xlsxwriter (Rust's rust_xlsxwriter) writes a cell in well under a microsecond;
    # xlsxwriter took 7, and at 4,000 reports the sheet was a fifth of the audit
    from rustpy_xlsxwriter import FastExcel, Format  # imported only when a spreadsheet is asked for

    tones = _tones(data)
    head = (Format().set_bold().set_background_color("#DDEBF7").set_border("thin").set_text_wrap()
            .set_align("vcenter"))
    wrapped = Format().set_align("top").set_text_wrap()
    percent = Format().set_align("top").set_num_format("0.0%")
    fills = {colour: Format().set_background_color(colour) for colour in set(tones.values())}
    sheets = [("总表", summary_rows(data)), ("问题明细", finding_rows(data)), ("规则统计", rule_rows(data)),
              ("相似内容", similar_rows(data)), ("未检查的文件", skipped_rows(data))]
    if data.submissions:
        sheets.insert(1, ("报送情况", submission_rows(data)))
    if data.rounds:
        sheets.insert(1, ("整改情况", round_rows(data)))
    facts = [("审查的文件夹", data.base), ("规则包", f"{data.pack.title}（{data.pack.id}）"),
             ("规则包版本", data.pack.version), ("工具", f"report-check {__version__}"),
             ("审查概况", summary_line(data)),
             ("未报送的单位", data.submissions.missing_named() if data.submissions else "")]
    sheets.append(("说明", (["项目", "内容"], [[k, v] for k, v in facts if v])))

    def write(tmp: str) -> None:
        book = FastExcel(tmp).freeze(row=1)
        for sheet, (header, all_rows) in sheets:
            names = _unique(header)
            formats = [percent if h in PERCENT_COLUMNS else wrapped for h in header]   # wraps only what is wider
            widths = column_widths(header, all_rows)
            for name, rows in _pieces(sheet, all_rows):
                book.sheet(name, _records(names, rows), column_widths=widths, column_formats=formats,
                           header_format=head, conditional_formats=_tone_rules(names, rows, tones, fills),
                           autofilter=True)
        try:
            book.save()
        except BaseException as e:   # the writer panics (pyo3's PanicException, a BaseException) where it cannot write
            if type(e).__name__ != "PanicException":
                raise
            code = re.search(r"\bcode: (\d+)", str(e))
            raise (OSError(int(code.group(1)), os.strerror(int(code.group(1)))) if code else OSError(str(e))) from None
    write_atomic(path, write)
