"""File names that are not UTF-8, made readable for a result file.

A zip made on Chinese Windows and unpacked on Linux names its files in GBK; Python carries
such a name with the undecodable bytes as lone surrogates, which opens the file but cannot be
written to a UTF-8 result (JSON, .xlsx, the web page). Each part of such a name is decoded as
GB18030 (GBK's superset) where it reads as that, else with its undecodable bytes shown as �."""
from __future__ import annotations

import os
from typing import Any


def is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def readable(text: str) -> str:
    """`text` (a path, or a message naming one) with every non-UTF-8 part decoded."""
    if is_utf8(text):
        return text
    return os.sep.join(part if is_utf8(part) else _decode(os.fsencode(part)) for part in text.split(os.sep))


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def readable_everywhere(value: Any) -> Any:
    """Every string in a JSON-like value made readable: the same name becomes the same text
    wherever it appears, so a report and the copy groups that name it still match."""
    if isinstance(value, str):
        return readable(value)
    if isinstance(value, list):
        return [readable_everywhere(v) for v in value]
    if isinstance(value, dict):
        return {readable_everywhere(k): readable_everywhere(v) for k, v in value.items()}
    return value
