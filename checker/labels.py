"""The Chinese words every output uses for a part's status, a finding's level and the places that
tell a report's year, in one place."""
from __future__ import annotations

STATUS_CN = {"ok": "已具备", "weak": "较薄弱", "misplaced": "位置不当", "missing": "缺失", "absent": "未写（可选）"}
LEVEL_CN = {"error": "错误", "warning": "警告", "info": "提示"}
# outline.year_sources' keys: where the report's year was read
YEAR_PLACE_CN = {"title": "标题", "opening": "开头", "preamble": "导语", "reporting": "“现将……报告如下”一句", "first_heading": "第一部分标题",
                 "plan_heading": "下一年度安排的标题", "signature": "落款日期", "body": "正文"}


def year_basis(places: tuple[str, ...], leave_out: str = "") -> str:
    """The places that tell the report's year, in words (标题、落款日期)."""
    return "、".join(YEAR_PLACE_CN[name] for name in places if name != leave_out)


SUGGESTION_ONLY = ("研究文献", "实务建议")   # a rule resting only on these is never an error (as info: at most 1 point)


def citation(basis: dict) -> str:
    """A rule's basis as an office cites it: 《全称》（文号）条款：内容〔依据层级：…〕. A pack
    written before bases had fields gives its text alone, marked 未注明."""
    document = "".join([basis.get("title", ""), f"（{basis['number']}）" if basis.get("number") else "",
                        basis.get("article", "")])
    issuer = f"（{basis['issuer']}）" if basis.get("issuer") and basis.get("level") in ("地方工作指引", "研究文献") else ""
    text = basis.get("text", "")
    cited = f"{document}{issuer}：{text}" if document else text
    return f"{cited}〔依据层级：{basis.get('level', '未注明')}〕"
