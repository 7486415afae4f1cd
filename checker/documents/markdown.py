"""Markdown reports: `#` headings become heading levels (as Word's heading styles do), and
the markup itself (`#`, `**`, `__`) is dropped, so it never reaches a title, unit or heading."""
from __future__ import annotations

import re

from ..model import Extracted
from .text import decode

_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_EMPHASIS = re.compile(r"\*\*|__")


def read(data: bytes, path: str) -> Extracted:
    lines, levels = [], {}
    for index, line in enumerate(decode(data, path).splitlines()):
        m = _HEADING.match(line)
        if m:
            levels[index] = len(m.group(1))
            line = m.group(2)
        lines.append(_EMPHASIS.sub("", line))
    return Extracted("\n".join(lines), heading_levels=levels)
