"""Personal data never leaves the tool unmasked: ID-card and mobile numbers keep their first
three or four and last four digits, 3301**********1234 and 138****5678, in whatever notation
they were written (full-width digits, +86, 138-1234-5678, spaces). Masking keeps the length,
so offsets into the text stay right. The reader masks the document's text once, so every
format shows the masked text; only the matching twin (`norm`) keeps the digits, for the rules
that report personal data."""
from __future__ import annotations

import re

from .lazy_pattern import LazyPattern
from .validators import cn_id_checksum, mask_digits

_D = "[0-9０-９]"
# A pattern that opens with a lookbehind is tried at every position of the text, one that opens
# with a character class is scanned for in C: the ID pattern looks behind its first digit.
_ID = LazyPattern(rf"{_D}(?<![0-9０-９A-Za-z]{_D}){_D}{{16}}[0-9０-９XxＸｘ](?![0-9０-９A-Za-z])")
# An ID number named as one is personal data even when its check digit is wrong (a typo of a real one).
_NAMED_ID = LazyPattern(rf"(?:身份证|证件)(?:号码|号)?[\s:：(（]{{0,3}}(?P<n>{_D}{{15,17}}[0-9０-９XxＸｘ])")
_MOBILE = LazyPattern(rf"(?<![0-9０-９.])(?:[+＋]?(?:86|８６)[-\s]?)?[1１][3-9３-９]{_D}(?:[-\s]?{_D}{{4}}){{2}}(?![0-9０-９.])")
# Nine digits, perhaps split after the first and the fifth: in every ID number, named or not, and in
# every mobile number (its last nine). Most reports hold none, and then one scan decides.
_LONG_NUMBER = re.compile(rf"{_D}[-\s]?{_D}{{4}}[-\s]?{_D}{{4}}")
_FULL = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")


def mask_pii(text: str) -> str:
    if not text or not _LONG_NUMBER.search(text):
        return text
    text = _NAMED_ID.sub(lambda m: m.group(0)[:m.start("n") - m.start()] + mask_digits(m.group("n")), text)
    text = _ID.sub(lambda m: mask_digits(m.group(0)) if cn_id_checksum(m.group(0).translate(_FULL)) else m.group(0),
                   text)
    return _MOBILE.sub(lambda m: _mask_mobile(m.group(0)), text)


def _mask_mobile(number: str) -> str:
    """138****5678 whatever the separators; a +86 prefix stays as written."""
    prefix = re.match(r"[+＋]?(?:86|８６)[-\s]?(?=[1１])", number)
    head = prefix.group(0) if prefix else ""
    return head + mask_digits(number[len(head):])
