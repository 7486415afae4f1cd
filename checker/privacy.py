"""Personal data never leaves the tool unmasked: ID-card and mobile numbers keep their first
three or four and last four digits, 3301**********1234 and 138****5678, in whatever notation
they were written (full-width digits, +86, 138-1234-5678, spaces). Masking keeps the length,
so offsets into the text stay right. The reader masks the document's text once, so every
format shows the masked text; only the matching twin (`norm`) keeps the digits, for the rules
that report personal data."""
from __future__ import annotations

import re
from typing import Optional, overload

from .support.lazy_pattern import LazyPattern
from .support.validators import cn_id_checksum, mask_digits

_D = "[0-9０-９]"
# Between digit groups a person types a space (also an ideographic one), a hyphen (also a full-width
# one) or a dot: 110105 19491231 002X, 1101 0519 4912 3100 2X, １３８－１２３４－５６７４, 138.1234.5676.
_SEP = r"[-\s－.．]"
# A pattern that opens with a lookbehind is tried at every position of the text, one that opens
# with a character class is scanned for in C: the ID pattern looks behind its first digit.
_ID = LazyPattern(rf"{_D}(?<![0-9０-９A-Za-z]{_D})(?:{_SEP}?{_D}){{16}}{_SEP}?[0-9０-９XxＸｘ](?![0-9０-９A-Za-z])")
# An ID number named as one is personal data even when its check digit is wrong (a typo of a real one).
_NAMED_ID = LazyPattern(rf"(?:身份证|证件)(?:号码|号)?[\s:：(（]{{0,3}}(?P<n>{_D}{{15,17}}[0-9０-９XxＸｘ])")
# A table column headed 身份证号 (cells joined by " | " as the readers write tables): every number in it
# is an ID number, whatever its check digit.
_ID_HEADER = re.compile(r"身份证|证件号|公民身份号码")
_ID_CELL = re.compile(rf"\s*{_D}(?:{_SEP}?{_D}){{13,16}}{_SEP}?[0-9０-９XxＸｘ]\s*")
_CELL = " | "
_COUNTRY = r"(?:[+＋]?(?:86|８６)|[(（][+＋]?(?:86|８６)[)）])"
_MOBILE = LazyPattern(rf"(?<![0-9０-９.．]){_COUNTRY}?(?:{_SEP}?)[1１][3-9３-９]{_D}(?:{_SEP}?{_D}{{4}}){{2}}"
                      rf"(?![0-9０-９]|[.．][0-9０-９])")
# Nine digits, perhaps split after the first and the fifth: in every ID number, named or not, and in
# every mobile number (its last nine). Most reports hold none, and then one scan decides.
_LONG_NUMBER = re.compile(rf"{_D}{_SEP}?{_D}{{4}}{_SEP}?{_D}{{4}}")
_FULL = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")
_NOT_ID_CHAR = re.compile(r"[^0-9Xx]")


@overload
def mask_pii(text: str) -> str: ...
@overload
def mask_pii(text: None) -> None: ...
@overload
def mask_pii(text: Optional[str]) -> Optional[str]: ...


def mask_pii(text: Optional[str]) -> Optional[str]:
    if not text or not _LONG_NUMBER.search(text):
        return text
    text = _NAMED_ID.sub(lambda m: m.group(0)[:m.start("n") - m.start()] + mask_digits(m.group("n")), text)
    if _CELL in text and _ID_HEADER.search(text):
        text = _named_columns(text)
    text = _ID.sub(lambda m: mask_digits(m.group(0)) if _is_id(m.group(0)) else m.group(0), text)
    return _MOBILE.sub(lambda m: _mask_mobile(m.group(0)), text)


def _named_columns(text: str) -> str:
    """The cells under a 身份证号 heading, in each table (a run of lines of cells), masked."""
    lines, named = text.split("\n"), set[int]()
    for i, line in enumerate(lines):
        cells = line.split(_CELL)
        if len(cells) < 2:
            named = set()
            continue
        heading = {k for k, cell in enumerate(cells) if _ID_HEADER.search(cell)}
        if heading:
            named = heading
        elif named:
            lines[i] = _CELL.join(mask_digits(c) if k in named and _ID_CELL.fullmatch(c) else c
                                  for k, c in enumerate(cells))
    return "\n".join(lines)


def _is_id(written: str) -> bool:
    return cn_id_checksum(_NOT_ID_CHAR.sub("", written.translate(_FULL)))


def _mask_mobile(number: str) -> str:
    """138****5678 whatever the separators; a +86 prefix stays as written."""
    prefix = re.match(rf"{_COUNTRY}{_SEP}?(?=[1１])", number)
    head = prefix.group(0) if prefix else ""
    return head + mask_digits(number[len(head):])
