"""The commented Word copy (`-o 报告-检查意见.docx`): the report's own text with a comment on each
problem, one report per file; a .docx report keeps its own formatting (read again from disk)."""
from __future__ import annotations

from typing import Optional

from ..errors import CheckerError, describe_oserror
from ..model import CheckedReport, ReportResult
from ..pack.model import Pack


def render(results: list[ReportResult], pack: Pack, suggest: bool) -> Optional[bytes]:
    """The commented copy of the one report; None (its reason is printed) when it could not be read."""
    result = results[0]
    if not isinstance(result, CheckedReport):
        return None
    from ..annotate import annotated_docx
    original = None
    if result.document.source_format == "docx":
        try:
            with open(result.path, "rb") as f:
                original = f.read()
        except OSError as e:
            raise CheckerError(f"无法再次读取报告原件（{describe_oserror(e)}）", result.path) from None
    return annotated_docx(result, pack, original, suggest)


def written(path: str, results: list[ReportResult], suggest: bool) -> list[str]:
    """What the command says once the copy is written."""
    findings = results[0].findings
    lines = [f"已写入批注版 Word：{path}（{len(findings)} 个问题，另有一条总评批注）"]
    if suggest and not any(f.suggestion for f in findings):
        lines.append(f"--suggest：没有可直接写成修订的修改，未写修订{'，问题见批注' if findings else ''}")
    return lines
