"""Audit outputs, chosen by the extension of -o: .xlsx, .csv, .json, .html. Each is
written atomically, so an interrupted or failed write never leaves half a file."""
from __future__ import annotations

import csv
import json
import os
from typing import Callable

from ..atomic import write_atomic, write_text_atomic
from ..formats.json_format import FORMAT_VERSION
from .. import __version__
from .table import (AuditData, finding_rows, rule_rows, similar_rows, skipped_rows, submission_rows, summary_line,
                    summary_rows)


def write_xlsx(data: AuditData, path: str) -> None:
    import xlsxwriter  # imported only when a spreadsheet is asked for

    def write(tmp: str) -> None:
        book = xlsxwriter.Workbook(tmp, {"constant_memory": True, "strings_to_urls": False})
        bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        sheets = [("总表", summary_rows(data)), ("问题明细", finding_rows(data)), ("规则统计", rule_rows(data)),
                  ("相似内容", similar_rows(data)), ("未检查的文件", skipped_rows(data))]
        if data.submissions:
            sheets.insert(1, ("报送情况", submission_rows(data)))
        for name, (header, rows) in sheets:
            sheet = book.add_worksheet(name)
            sheet.write_row(0, 0, header, bold)
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row):
                    # typed writes: the generic write() sniffs every string for numbers, URLs, formulas
                    if isinstance(value, str):
                        if value:
                            sheet.write_string(r, c, value)
                    elif isinstance(value, (int, float)):
                        sheet.write_number(r, c, value)
            sheet.freeze_panes(1, 0)
            sheet.autofilter(0, 0, max(len(rows), 1), len(header) - 1)
            sheet.set_column(0, len(header) - 1, 14)
        about = book.add_worksheet("说明")
        about.set_column(0, 0, 16)
        about.set_column(1, 1, 80)
        for r, (key, value) in enumerate((("规则包", f"{data.pack.title}（{data.pack.id}）"), ("规则包版本", data.pack.version),
                                          ("工具", f"report-check {__version__}"), ("审查概况", summary_line(data)))):
            about.write_string(r, 0, key, bold)
            about.write_string(r, 1, value)
        book.close()
    write_atomic(path, write)


def write_csv(data: AuditData, path: str) -> None:
    header, rows = summary_rows(data)

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f:   # BOM: Excel opens it as UTF-8
            out = csv.writer(f)
            out.writerow(header)
            out.writerows([_csv_cell(v) for v in row] for row in rows)
    write_atomic(path, write)


def _csv_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula (=, +, -, @ …, from a file name or a report)
    gets a leading apostrophe: shown as written, never executed."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def json_document(data: AuditData) -> dict:
    return {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "report-check", "version": __version__},
        "rule_pack": {"id": data.pack.id, "version": data.pack.version, "path": data.pack.path},
        "reports": data.reports,
        "audit": {"total": len(data.reports) + len(data.pending), "checked": len(data.reports) - data.unreadable,
                  "unreadable": data.unreadable, "from_cache": data.cached, "seconds": round(data.seconds, 2),
                  "interrupted": data.interrupted, "pending": data.pending, "similar": data.similar,
                  "skipped": data.skipped, "year": data.year,
                  "expected": data.submissions.as_dict() if data.submissions else None},
    }


def write_json(data: AuditData, path: str) -> None:
    write_text_atomic(path, json.dumps(json_document(data), ensure_ascii=False, indent=1) + "\n")


def write_html(data: AuditData, path: str) -> None:
    from .html_page import render
    write_text_atomic(path, render(data))


WRITERS: dict[str, Callable[[AuditData, str], None]] = {
    ".xlsx": write_xlsx, ".csv": write_csv, ".json": write_json, ".html": write_html, ".htm": write_html,
}


def writer_for(path: str) -> Callable[[AuditData, str], None] | None:
    return WRITERS.get(os.path.splitext(path)[1].lower())


__all__ = ["WRITERS", "writer_for", "summary_line"]
