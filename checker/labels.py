"""The Chinese words every output uses for a part's status, a finding's level and the places that
tell a report's year, in one place."""
from __future__ import annotations

STATUS_CN = {"ok": "已具备", "weak": "较薄弱", "misplaced": "位置不当", "missing": "缺失", "absent": "未写（可选）"}
LEVEL_CN = {"error": "错误", "warning": "警告", "info": "提示"}
# outline.year_sources' keys: where the report's year was read
YEAR_PLACE_CN = {"title": "标题", "opening": "开头", "preamble": "导语", "first_heading": "第一部分标题",
                 "plan_heading": "下一年度安排的标题", "signature": "落款日期", "body": "正文"}


def year_basis(places: tuple[str, ...], leave_out: str = "") -> str:
    """The places that tell the report's year, in words (标题、落款日期)."""
    return "、".join(YEAR_PLACE_CN[name] for name in places if name != leave_out)
