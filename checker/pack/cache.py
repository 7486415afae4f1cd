"""A shipped pack's parsed form, kept as JSON in the user's cache folder.

Importing the YAML library and parsing the default pack cost a single check about 25 ms,
a tenth of its time; the JSON form loads in under a millisecond. Only packs shipped in
the package are kept (they change only with the package). An entry holds the pack's
whole text and is used only for that exact text, so an edited pack is parsed afresh;
an entry that cannot be read is ignored, one that cannot be written is not kept.
"""
from __future__ import annotations

import json
import os
import zlib
from typing import Optional

from ..support.atomic import write_file_atomic
from ..support.paths import cache_dir

FORMAT = 1


def _path(text: str) -> str:
    return os.path.join(cache_dir(), f"pack-{zlib.crc32(text.encode('utf-8')):08x}-{len(text)}.json")


def read(text: str) -> Optional[tuple[dict, list[int]]]:
    """The data and the line of each rule parsed earlier from exactly `text`, or None."""
    try:
        with open(_path(text), encoding="utf-8") as f:
            entry = json.load(f)
        if entry["format"] == FORMAT and entry["text"] == text:
            return entry["data"], entry["rule_lines"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def write(text: str, data: dict, rule_lines: list[int]) -> None:
    """Keep what `text` parsed to, if JSON holds it exactly (YAML also has dates and
    non-string keys, which JSON would change)."""
    try:
        encoded = json.dumps({"format": FORMAT, "text": text, "data": data, "rule_lines": rule_lines},
                             ensure_ascii=False)
        if json.loads(encoded)["data"] != data:
            return
        write_file_atomic(_path(text), encoded)
    except (OSError, ValueError, TypeError):
        pass
