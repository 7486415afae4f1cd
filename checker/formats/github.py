"""GitHub Actions workflow commands: each finding becomes an annotation on its file and line."""
from __future__ import annotations

from typing import Optional

from ..model import ReportResult
from ..normalize import printable
from ..pack.model import Pack

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    """A workflow command's message: % and line breaks encoded as GitHub decodes them, any other
    control character made visible, so nothing from a file or a pack can start a command."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(results: list[ReportResult], pack: Pack, color: Optional[bool] = None) -> str:
    lines = []
    for report in results:
        if report.status != "checked":
            lines.append(f"::error file={_property(report.path)},title=无法读取::{_data(report.error or '')}")
            continue
        for f in report.findings:
            where = f",line={f.line}" + (f",col={f.column}" if f.column else "") if f.line else ""
            lines.append(f"::{_COMMAND[f.level]} file={_property(report.path)}{where},title={_property(f.rule)}::"
                         f"{_data(f.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
