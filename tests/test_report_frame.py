"""How a pack's reports name themselves (`report` in the pack) decides their title, unit and year,
and the blank report's title: the default pack's words are data, another pack brings its own."""
from __future__ import annotations

import dataclasses
import io

from checker.pack.model import ReportFrame

from .conftest import check_text

SAFETY = ("某市应急管理局2024年度安全生产工作报告\n"
          "2024年，某市应急管理局坚持安全发展，全年开展执法检查1200家次。\n"
          "一、主要举措和成效\n全年开展执法检查1200家次。\n"
          "某市应急管理局\n2025年1月20日\n")


def test_the_default_packs_words_find_its_reports_frame(pack):
    assert pack.frame.subject and "法治政府建设" in pack.frame.subject_name
    result = check_text("秦安县人民政府关于2023年度法治政府建设情况的报告\n" + SAFETY.split("\n", 1)[1], pack)
    assert result.outline.title == "秦安县人民政府关于2023年度法治政府建设情况的报告"
    assert result.outline.issuer == "秦安县人民政府"


def test_another_kind_of_report_is_read_by_its_own_packs_words(pack):
    assert check_text(SAFETY, pack).outline.title is None   # no 法治 in it: not this pack's kind of title
    safety = dataclasses.replace(pack, frame=ReportFrame(subject="安全生产", subject_name="安全生产"))
    outline = check_text(SAFETY, safety).outline
    assert outline.title == "某市应急管理局2024年度安全生产工作报告"
    assert (outline.issuer, outline.year) == ("某市应急管理局", 2024)
    generic = check_text(SAFETY, dataclasses.replace(pack, frame=ReportFrame())).outline
    assert (generic.title, generic.issuer, generic.year) == (outline.title, "某市应急管理局", 2024)


def test_the_blank_reports_title_and_opening_come_from_the_pack(pack):
    import docx

    from checker.template import make_template
    assert pack.frame.report_title("示范街道", 2024) == "示范街道2024年法治政府建设年度报告"
    assert pack.frame.report_title("××单位", None) == "××单位法治政府建设年度报告"   # a year not known is left out
    safety = dataclasses.replace(pack, frame=ReportFrame(title="{unit}{year}年度安全生产工作报告",
                                                         opening="现将{unit}{year}年度安全生产工作报告如下："))
    paragraphs = [p.text for p in docx.Document(io.BytesIO(make_template(safety, "某局", 2024))).paragraphs]
    assert paragraphs[0] == "某局2024年度安全生产工作报告" and "现将某局2024年度安全生产工作报告如下：" in paragraphs
