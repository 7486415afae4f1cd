"""Personal data never leaves the tool unmasked: ID-card and mobile numbers in any text we
output (excerpts, messages, headings, the report text shown on a page) keep their first
three or four and last four digits, 3301**********1234 and 138****5678. Masking keeps the
length, so offsets into the text stay right."""
from __future__ import annotations

import re

from .validators import cn_id_checksum, mask_digits

_ID = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
_MOBILE = re.compile(r"(?<![\d.])1[3-9]\d{9}(?![\d.])")


def mask_pii(text: str) -> str:
    if not text or not any(c.isdigit() for c in text):
        return text
    text = _ID.sub(lambda m: mask_digits(m.group(0)) if cn_id_checksum(m.group(0)) else m.group(0), text)
    return _MOBILE.sub(lambda m: mask_digits(m.group(0)), text)
