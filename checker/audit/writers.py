"""Audit outputs, chosen by the extension of -o: .xlsx, .csv, .json, .html — one registry
described by data, in the shape of `checker.formats`. Each is written atomically, so an
interrupted or failed write never leaves half a file."""
from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from typing import Callable, Optional

from ..formats.json_format import envelope
from ..support.atomic import write_atomic, write_file_atomic
from .spreadsheet import write_xlsx
from .table import AuditData, summary_line, summary_rows


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
        **envelope(data.pack),
        "reports": data.reports,
        "audit": {"total": len(data.reports) + len(data.pending), "checked": len(data.reports) - data.unreadable,
                  "unreadable": data.unreadable, "from_cache": data.cached, "seconds": round(data.seconds, 2),
                  "interrupted": data.interrupted, "pending": data.pending, "similar": data.similar,
                  "skipped": data.skipped, "year": data.year,
                  "expected": data.submissions.as_dict() if data.submissions else None,
                  **({"round": data.rounds} if data.rounds else {})},
    }


def write_json(data: AuditData, path: str) -> None:
    """Streamed one report at a time: a national batch's JSON runs to gigabytes, and built as
    one string it took 12 GiB at 130,000 reports. Each report is one line (the C encoder);
    the rest is indented as before."""
    document = json_document(data)

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write("{")
            for i, (key, value) in enumerate(document.items()):
                f.write(f"{',' if i else ''}\n {json.dumps(key)}: ")
                if key == "reports":
                    f.write("[")
                    for j, report in enumerate(value):
                        f.write(f"{',' if j else ''}\n  {json.dumps(report, ensure_ascii=False)}")
                    f.write("\n ]" if value else "]")
                else:
                    f.write(json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n "))
            f.write("\n}\n")
    write_atomic(path, write)


def write_html(data: AuditData, path: str) -> None:
    from .html_page import render
    write_file_atomic(path, render(data))


@dataclass(frozen=True)
class AuditOutput:
    write: Callable[[AuditData, str], None]
    extensions: tuple[str, ...]           # -o names it is picked for


OUTPUTS: dict[str, AuditOutput] = {
    "xlsx": AuditOutput(write_xlsx, (".xlsx",)),
    "csv": AuditOutput(write_csv, (".csv",)),
    "json": AuditOutput(write_json, (".json",)),
    "html": AuditOutput(write_html, (".html", ".htm")),
}


def output_for(path: str) -> Optional[AuditOutput]:
    ext = os.path.splitext(path)[1].lower()
    return next((o for o in OUTPUTS.values() if ext in o.extensions), None)


def extensions() -> list[str]:
    """Every extension an audit writes (for the message refusing another)."""
    return sorted(ext for o in OUTPUTS.values() for ext in o.extensions)


__all__ = ["OUTPUTS", "output_for", "extensions", "summary_line"]
