"""Output formats: name → render(results, pack, color) -> str."""
from __future__ import annotations

from typing import Callable, Optional

from ..model import ReportResult
from ..pack_model import Pack
from . import github, html_format, json_format, junit, sarif, text

Render = Callable[[list[ReportResult], Pack, Optional[bool]], str]

FORMATS: dict[str, Render] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "junit": junit.render,
    "html": html_format.render,
}
