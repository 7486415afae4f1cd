"""Output formats, one registry described by data: what each renders and what it needs (a file,
one report only, bytes, --suggest), so the command that writes them names none."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Union

from ..model import ReportResult
from ..pack.model import Pack
from . import github, html_format, json_format, junit, sarif, text, word

Render = Callable[[list[ReportResult], Pack, Optional[bool]], str]


@dataclass(frozen=True)
class Options:
    color: Optional[bool] = None
    suggest: bool = False


@dataclass(frozen=True)
class Output:
    render: Callable[[list[ReportResult], Pack, Options], Union[str, bytes, None]]
    extensions: tuple[str, ...]           # -o names it picks this format for, in the registry's order
    binary: bool = False                  # bytes, only ever written to a file
    one_report: bool = False              # a copy of one report, not a list of results
    suggest: bool = False                 # takes --suggest
    mixed_packs: bool = False             # reports checked with different packs can share it
    shows_unreadable: bool = False        # says itself why a file could not be read
    written: Optional[Callable[[str, list[ReportResult], bool], list[str]]] = None   # said after writing
    title: str = ""                       # its name in messages (批注版 Word)


def _text(render: Render) -> Callable[[list[ReportResult], Pack, Options], str]:
    return lambda results, pack, options: render(results, pack, options.color)


FORMATS: dict[str, Output] = {
    "text": Output(_text(text.render), (".txt",), mixed_packs=True, shows_unreadable=True),
    "json": Output(_text(json_format.render), (".json",)),
    "sarif": Output(_text(sarif.render), (".sarif", ".sarif.json", ".json")),
    "github": Output(_text(github.render), (".txt",), mixed_packs=True),
    "junit": Output(_text(junit.render), (".xml",)),
    "html": Output(_text(html_format.render), (".html", ".htm")),
    "docx": Output(lambda results, pack, options: word.render(results, pack, options.suggest), (".docx",),
                   binary=True, one_report=True, suggest=True, written=word.written, title="批注版 Word"),
}


def formats_for(name: str) -> tuple[str, ...]:
    """The formats an output file's name fits, by its longest known extension (结果.sarif.json: sarif)."""
    name = name.lower()
    known = sorted({ext for spec in FORMATS.values() for ext in spec.extensions if name.endswith(ext)}, key=len)
    return tuple(fmt for fmt, spec in FORMATS.items() if known and known[-1] in spec.extensions)


def extensions() -> dict[str, tuple[str, ...]]:
    """Each extension and the formats it may mean (for the message refusing another)."""
    found: dict[str, list[str]] = {}
    for fmt, spec in FORMATS.items():
        for ext in spec.extensions:
            found.setdefault(ext, []).append(fmt)
    return {ext: tuple(fmts) for ext, fmts in found.items()}
