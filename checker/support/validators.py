"""Checks a regular expression cannot make, named so packs can ask for them."""
from __future__ import annotations

import re
from typing import Callable

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def cn_id_checksum(value: str) -> bool:
    """A mainland resident ID number (GB 11643) with a valid check digit."""
    digits = re.sub(r"\s", "", value).upper()
    if not re.fullmatch(r"\d{17}[\dX]", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == digits[17]


VALIDATORS: dict[str, Callable[[str], bool]] = {"cn_id_checksum": cn_id_checksum}


def mask_digits(value: str) -> str:
    """Keep the first three or four and the last four digits: 3301**********1234, 138****5678."""
    digits = [i for i, c in enumerate(value) if c.isdigit() or c in "XxＸｘ"]
    keep_head = 4 if len(digits) > 12 else 3
    hidden = set(digits[keep_head:-4]) if len(digits) > keep_head + 4 else set(digits[1:])
    return "".join("*" if i in hidden else c for i, c in enumerate(value))
