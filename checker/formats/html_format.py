"""One self-contained HTML file per check (`--format html -o 结果.html`): the same view as
the web page, with the report text and every finding marked in it; printable on A4."""
from __future__ import annotations

from typing import Optional

from ..model import ReportResult
from ..pack.model import Pack
from ..view import standalone_page
from .json_format import document_dict


def render(results: list[ReportResult], pack: Pack, color: Optional[bool] = None) -> str:
    return standalone_page(document_dict(results, pack, with_text=True))
