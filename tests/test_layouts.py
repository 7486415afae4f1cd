"""Layouts of real reports that the seeds do not have: each is read as a reviewer reads it.
(The corpus test measures the same on real openings; these pin each behaviour down.)"""
from __future__ import annotations

import json

from checker.documents import document_from_bytes
from checker.engine import check_document

from .conftest import check_text, statuses
from .test_cli import run

BODY = "全年办理行政复议案件5件，组织执法培训6场次，审查合同86件，群众满意率98.6%。" * 3
PLAN = "四、2024年工作安排\n（一）加强执法队伍建设，年底前法制审核人员达到4名。\n"
GAPS = "三、存在的不足和原因\n一是执法力量不足，主要原因是编制紧张。\n"


def sections(result) -> dict:
    return {s.id: s for s in result.sections}


def test_measures_written_as_themes_are_the_measures_part(pack):
    text = ("某县2023年法治政府建设年度报告\n2023年，某县坚持以习近平法治思想为指导。\n"
            f"一、加强党对法治政府建设的领导\n{BODY}\n二、依法全面履行政府职能\n{BODY}\n{GAPS}{PLAN}")
    part = sections(check_text(text, pack))["measures"]
    assert part.status in ("ok", "weak") and part.found_by == "themes"
    assert [t["heading"] for t in part.themes] == ["一、加强党对法治政府建设的领导", "二、依法全面履行政府职能"]


def test_an_umbrella_heading_without_our_words_is_the_measures_part(pack):
    text = f"某镇2016年依法行政工作报告\n一、2016年工作完成情况\n{BODY}\n二、存在的问题\n执法力量不足。\n"
    assert statuses(check_text(text, pack))["measures"] in ("ok", "weak")


def test_first_responsible_inside_measures_is_found_by_its_content(pack):
    text = ("某局2023年法治政府建设年度报告\n一、主要举措和成效\n（一）强化组织领导\n"
            "局党组书记、局长切实履行推进法治建设第一责任人职责，主持召开党组会议专题研究法治建设4次，"
            "组织专题学法6次，年终述法。\n"
            f"（二）严格规范执法\n{BODY}\n{GAPS}{PLAN}")
    result = check_text(text, pack)
    part = sections(result)["first_responsible"]
    assert part.status == "misplaced" and part.where == ["一、主要举措和成效", "（一）强化组织领导"]
    finding = next(f for f in result.findings if f.rule == "STRUCT-MISPLACED")
    assert "（一）强化组织领导" in finding.message and "STRUCT-FIRSTRESP-MISSING" not in {f.rule for f in result.findings}


def test_first_responsible_in_a_theme_paragraph_names_the_theme(pack):
    text = ("2021年，司法部坚持以习近平新时代中国特色社会主义思想为指导。\n"
            "一、加强党对法治政府建设的领导\n"
            "部党组书记、部长切实履行法治政府建设第一责任人职责，多次主持召开部务会研究法治政府建设。\n"
            f"{BODY}\n二、依法全面履行政府职能\n{BODY}\n")
    part = sections(check_text(text, pack))["first_responsible"]
    assert part.status == "misplaced" and part.found_by == "content"
    assert part.where == ["一、加强党对法治政府建设的领导"]


def test_subordinates_duties_and_a_preamble_listing_the_parts_are_not_the_part(pack):
    text = ("某区2023年法治政府建设年度报告\n"
            "现将主要举措和成效、存在的不足和原因、党政主要负责人履行推进法治建设第一责任人职责情况、"
            "下一年度安排报告如下。\n"
            "一、主要举措和成效\n督促各部门主要负责人履行第一责任人职责，组织各单位主要负责人年终述法。\n"
            f"{BODY}\n{GAPS}{PLAN}")
    assert statuses(check_text(text, pack))["first_responsible"] == "missing"


def test_a_heading_naming_two_parts_is_both(pack):
    text = f"某镇2022年法治政府建设年度报告\n一、主要举措和成效\n{BODY}\n二、存在的不足和下一步工作打算\n一是执法力量不足。二是加强培训。\n"
    got = statuses(check_text(text, pack))
    assert got["shortcomings"] in ("ok", "weak") and got["next_year"] in ("ok", "weak")


def test_web_chrome_gives_neither_year_title_nor_parts(pack):
    text = ("今天是:2019年10月31日 星期四\n无障碍 简体|繁体\n您所在的位置:首页 > 政务公开 > 法治政府建设年度报告\n"
            "| 索引号: | 4300000001/2021-00628 | 分类: | |\n| 发文机关: | 东安县应急管理局 | 发文日期: | |\n"
            "东安县应急管理局\n2020年法治政府建设报告\n来源:县司法局 发布时间:2021-03-01 浏览次数:52\n"
            f"2020年，东安县应急管理局坚持依法行政。\n一、主要举措和成效\n{BODY}\n{GAPS}"
            "四、2021年工作安排\n（一）加强执法队伍建设。\n打印本页 关闭窗口\n")
    outline = check_text(text, pack).outline
    assert outline.year == 2020
    assert outline.title == "东安县应急管理局2020年法治政府建设报告"
    assert outline.issuer == "东安县应急管理局"


def test_issuer_from_the_page_fields_when_the_title_names_none(pack):
    text = ("| 发文机关: | 东安县应急管理局 | 发文日期: | |\n2020年法治政府建设报告\n"
            f"2020年，我局坚持依法行政。\n一、主要举措和成效\n{BODY}\n")
    assert check_text(text, pack).outline.issuer == "东安县应急管理局"


def test_without_a_title_the_year_is_the_opening_sentences(pack):
    text = ("2023年，我局深入学习贯彻习近平法治思想。局2022年度法治政府建设情况报告获评全市优秀。\n"
            f"一、主要举措和成效\n{BODY}\n")
    assert check_text(text, pack).outline.year == 2023


def test_a_unit_line_over_a_title_line_is_one_title(pack):
    text = f"秦安县人民政府\n关于2019年法治政府建设工作的报告\n县委:\n2019年，我县依法行政。\n一、主要举措和成效\n{BODY}\n"
    outline = check_text(text, pack).outline
    assert outline.title == "秦安县人民政府关于2019年法治政府建设工作的报告" and outline.issuer == "秦安县人民政府"


def test_a_cover_letter_before_the_report_gives_the_reports_title(pack):
    text = (f"宁政发〔2019〕35号《南京市人民政府关于2018年度法治政府建设工作的报告》\n江苏省人民政府:\n"
            f"2018年，南京市坚持依法行政。\n一、主要举措和成效\n{BODY}\n")
    assert check_text(text, pack).outline.title == "南京市人民政府关于2018年度法治政府建设工作的报告"


def test_traditional_characters_and_reposting_debris_are_read(pack):
    text = ("瀘州市人民政府 2022年度法治政府建設工作報告\n一、主要舉措和成效\n" + BODY +
            "\n二、存在的不足和原因\n執法力量不足，主要原因是編制緊張。\n"
            "三、黨政主要負責人履行推進法治建設第一責任人職責情況\n市長主持召開常務會議研究法治建設(shè)4次。\n"
            "四、2023年工作安排\n加強執法隊伍建設。\n")
    result = check_text(text, pack)
    assert all(s in ("ok", "weak") for k, s in statuses(result).items() if k != "other")
    assert result.outline.year == 2022 and result.outline.issuer == "泸州市人民政府"
    assert "(shè)" not in result.document.text


def test_unnumbered_headings_of_a_web_copy_are_parts(pack):
    para = "坚持把学习宣传贯彻党的二十大精神作为首要政治任务，" * 4 + "。"
    text = f"2022年，司法部坚持依法行政。{para}\n统筹推进法治政府建设高质量发展\n{para}\n健全依法行政制度体系\n{para}\n"
    part = sections(check_text(text, pack))["measures"]
    assert part.found_by == "themes" and len(part.themes) == 2


def test_every_top_level_heading_is_accounted_for(pack):
    text = (f"某镇2023年法治政府建设年度报告\n一、主要举措和成效\n{BODY}\n二、存在的不足和原因\n执法力量不足，主要原因是编制紧张。\n"
            f"三、法治建设责任制工作情况\n{BODY}\n四、2024年工作安排\n加强执法队伍建设。\n")
    result = check_text(text, pack)
    assert [(e.heading, e.taken_as) for e in result.extra_parts] == [("三、法治建设责任制工作情况", None)]


def test_markdown_headings_are_headings_and_never_leak(pack, tmp_path):
    text = ("# 示范街道2024年法治政府建设年度报告\n\n2024年，示范街道坚持依法行政。\n\n## 主要举措和成效\n\n" + BODY +
            "\n\n## 存在的不足和原因\n\n执法力量不足，主要原因是编制紧张。\n\n"
            "## 党政主要负责人履行推进法治建设第一责任人职责情况\n\n书记主持召开专题会议4次。\n\n## 2025年工作安排\n\n**加强**培训。\n")
    result = check_document(document_from_bytes(text.encode("utf-8"), "报告.md"), pack)
    assert result.outline.title == "示范街道2024年法治政府建设年度报告" and result.outline.issuer == "示范街道"
    assert all(s in ("ok", "weak") for k, s in statuses(result).items() if k != "other")
    assert "#" not in result.document.text and "**" not in result.document.text


def test_json_and_text_say_where_each_part_is(pack, tmp_path):
    report = tmp_path / "报告.txt"
    report.write_text("2021年，司法部坚持依法行政。\n一、加强党对法治政府建设的领导\n"
                      "部长切实履行第一责任人职责，多次主持召开部务会研究法治政府建设。\n"
                      f"{BODY}\n二、依法全面履行政府职能\n{BODY}\n", encoding="utf-8")
    data = json.loads(run("check", str(report), "--format", "json").stdout)["reports"][0]
    parts = {s["id"]: s for s in data["sections"]}
    assert parts["measures"]["found_by"] == "themes" and len(parts["measures"]["themes"]) == 2
    assert parts["first_responsible"]["where"] == ["一、加强党对法治政府建设的领导"]
    text = run("check", str(report)).stdout
    assert "按主题分列（2 个一级标题）" in text and "没有标题写明，内容写在“一、加强党对法治政府建设的领导”中" in text


def test_an_empty_umbrella_heading_governs_the_themes_after_it(pack):
    text = (f"某县2022年法治政府建设年度报告\n一、2022年工作情况\n一、加强党的领导\n{BODY}\n二、依法全面履行政府职能\n{BODY}\n"
            "三、存在的问题\n执法力量不足，主要原因是编制紧张。\n四、2023年工作打算\n加强执法队伍建设。\n")
    result = check_text(text, pack)
    part = sections(result)["measures"]
    assert part.heading == "一、2022年工作情况" and part.chars > 2 * len(BODY) - 10
    assert result.extra_parts == []


def test_a_review_of_past_years_before_the_measures_is_counted_in_them(pack):
    text = (f"某区法治政府建设情况报告\n一、五年来法治政府建设回顾\n{BODY}\n二、2022年主要举措和成效\n{BODY}\n"
            "三、存在的问题\n执法力量不足，主要原因是编制紧张。\n")
    result = check_text(text, pack)
    assert [(e.heading, e.taken_as) for e in result.extra_parts] == [("一、五年来法治政府建设回顾", "measures")]


def test_markers_are_looked_for_only_where_one_can_start_and_found_exactly_as_by_scanning():
    """Heading markers are tried only at characters a marker can start with: the markers found
    must be exactly those a scan of every character finds, in any stretch of any text."""
    import random

    from checker import headings
    rnd = random.Random(2)
    pool = list("第一二三四五六七八九十()、.,1234 部分章①⑳是要“中文\n")
    for _ in range(20000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randrange(0, 20)))
        start = rnd.randrange(len(text) + 1)
        end = rnd.randrange(start, len(text) + 1)
        assert [(m.span(), m.lastgroup, m.groups()) for m in headings._markers(text, start, end)] == \
            [(m.span(), m.lastgroup, m.groups()) for m in headings._MARKER_RE.finditer(text, start, end)]
