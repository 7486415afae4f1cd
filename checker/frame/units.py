"""How a reporting unit's name is written (街道办事处, 人民政府, 局, 镇…): shared by the frame's finders."""
from __future__ import annotations

import functools
import re

from ..headings import HAN
from ..pack.model import ANY_REPORT, ReportFrame

# What a reporting unit's name ends with: an organ, or (for a subject like 2023年，XX区坚持……) a place.
ORGAN = "街道办事处|人民政府|办事处|管委会|委员会|办公室|党工委|党组|党委|政府|街道|中心|局|厅|委|办|部|署|镇|乡"
PLACE = "省|市|区|县|州|盟|旗|街"
UNIT = rf"[{HAN}]{{1,20}}?(?:{ORGAN})"
UNIT_ENDING = rf"(?:{ORGAN}|{PLACE})"   # how a unit's name ends (街道办事处, 人民政府, 局, 镇, 区…)
# A line that is only a unit's name (or two): 秦安县人民政府 / 中共禹王台区委 禹王台区人民政府
_UNIT_NAME = rf"(?:中共)?[{HAN}]{{2,24}}?(?:{ORGAN})"
UNIT_LINE = re.compile(rf"^{_UNIT_NAME}(?:[\s、]+{_UNIT_NAME})*$")


@functools.lru_cache(maxsize=8)
def _title_unit(subject_name: str) -> re.Pattern:
    """What a title says before its year and subject (2024 年 with blanks: the text layer of a PDF
    made by LibreOffice or WPS puts them around digits); without a subject, before its year."""
    if not subject_name:
        return re.compile(r"^(?P<u>.+?)\s*20\d{2}\s*年")
    return re.compile(rf"^(?:20\d{{2}}\s*年度?)?(?P<u>.+?)\s*(?:20\d{{2}}\s*年度?)?\s*(?:推进)?(?:{subject_name})")


def title_unit(title: str, frame: ReportFrame = ANY_REPORT) -> str | None:
    """The unit a title names before its year and subject (秦安县人民政府关于2023年度……)."""
    m = _title_unit(frame.subject_name).match(title)
    if not m:
        return None
    unit = m.group("u").strip()
    before, _, after = unit.partition("关于")
    unit = before.strip() if len(before.strip()) >= 2 else after.strip()
    return unit if len(unit) >= 2 and not re.match(r"20\d{2}", unit) else None


_AREA = re.compile(r"(自治区|自治州|自治县|街道|省|市|州|盟|区|县|旗|镇|乡)")


def own_area(issuer: str | None) -> str | None:
    """The word for the area a unit answers for: 市 for 南京市人民政府 and for 许昌市农业农村局, 街道 for
    奉节县鱼复街道办事处 (its last place word). 全市 in that unit's report is its own whole area, not a part."""
    if not issuer:
        return None
    found = _AREA.findall(issuer)
    return found[-1] if found else None
