"""Kinds of cause, act and figure a reviewer tells apart, each shown firing and not firing on the
example report (a street's) or the same report made a city's."""
from __future__ import annotations

import pytest

from .conftest import ROOT, check_text

EXAMPLE = (ROOT / "examples" / "示范街道2024年报告-完整.txt").read_text("utf-8")
LINES = EXAMPLE.split("\n")
ITEMS = LINES[14:17]            # the three shortcomings, one line each
FIRSTRESP = LINES[18]


def findings(result, rule: str) -> list:
    return [f for f in result.findings if f.rule == rule]


def _with(old: str, new: str, text: str = EXAMPLE) -> str:
    assert old in text, old
    return text.replace(old, new)


def _third_item(item: str) -> str:
    return _with(ITEMS[2], item)


@pytest.mark.parametrize("outside", [
    "原因是辖区人口多、底子薄，经济基础薄弱，财力有限。",
    "原因是群众依法维权意识明显增强，行政诉讼案件大幅增加。",
    "究其原因，主要是行政案件实行异地集中管辖，由外地法院审理，路途较远。",
    "主要是综合执法体制改革尚待上级统一部署。",
])
def test_the_places_economy_the_publics_awareness_caseloads_and_higher_decisions_are_outside(pack, outside):
    item = "三是执法队伍专业力量不足。" + outside
    assert findings(check_text(_third_item(item), pack), "CAUSES-SUBJECTIVE")
    mixed = item + "街道对执法人员的业务培训全年只开展1次。"
    assert not findings(check_text(_third_item(mixed), pack), "CAUSES-SUBJECTIVE")


def test_a_weak_foundation_of_the_units_own_work_is_own_but_the_local_economy_is_not(pack):
    own = "三是法治宣传效果一般。原因是社区普法基础薄弱。"
    assert not findings(check_text(_third_item(own), pack), "CAUSES-SUBJECTIVE")
    outside = "三是法治宣传效果一般。原因是辖区经济基础薄弱。"
    assert findings(check_text(_third_item(outside), pack), "CAUSES-SUBJECTIVE")


def test_an_outside_matter_the_title_names_is_the_symptom_and_the_own_cause_after_it_counts(pack):
    item = ("三是行政复议案件大幅增长带来压力。受案范围扩大后案件量快速增长，"
            "而复议机构人员配备未能同步跟上，专职人员数量与案件量不相匹配。")
    result = check_text(_third_item(item), pack)
    assert not findings(result, "CAUSES-SUBJECTIVE") and not findings(result, "STRUCT-CAUSES")
    growth_only = "三是行政复议案件大幅增长带来压力。受案范围扩大后案件量快速增长，审理期限普遍延长。"
    assert findings(check_text(_third_item(growth_only), pack), "STRUCT-CAUSES")


def test_work_the_unit_did_too_little_of_is_an_own_cause(pack):
    item = "三是立法项目推进迟缓。部门间利益协调难度大，对立法项目的统筹谋划和前期论证做得不够。"
    assert not findings(check_text(_third_item(item), pack), "STRUCT-CAUSES")
    symptom = "三是立法项目推进迟缓。部分项目进度慢于预期，一些项目多次延期。"
    assert findings(check_text(_third_item(symptom), pack), "STRUCT-CAUSES")


def test_procedural_defects_under_a_not_yet_regular_enforcement_title_restate_it(pack):
    item = "三是行政执法还不够规范。主要表现为调查取证不充分、法律文书制作不规范。"
    assert findings(check_text(_third_item(item), pack), "STRUCT-CAUSES")
    caused = item + "原因是执法人员培训全年只开展1次。"
    assert not findings(check_text(_third_item(caused), pack), "STRUCT-CAUSES")


def test_an_objective_cause_inside_the_last_items_paragraph_is_that_items_own(pack):
    """一是……二是…… in one paragraph: the last item's own 这既有……客观 does not make an earlier
    outside-only item mixed; a passage naming all the items (上述问题) does."""
    inline = ("一是执法协作机制不顺，跨部门案件办理平均用时23天。究其原因，主要是辖区流动人口多、流动性大。"
              "二是执法队伍专业力量不足，持法律职业资格证书的仅2人。这既有编制总量控制的客观因素，也与街道重视不够有关。")
    text = _with("\n".join(ITEMS), inline)
    assert findings(check_text(text, pack), "CAUSES-SUBJECTIVE")
    together = inline.replace("这既有编制", "上述问题既有编制")
    assert not findings(check_text(_with("\n".join(ITEMS), together), pack), "CAUSES-SUBJECTIVE")


def test_acts_of_several_deputies_are_one_finding_naming_each_and_cost_as_one(pack):
    deputies = ("常务副主任主持召开法治建设推进会2次。分管副主任带队开展执法检查3次。"
                "分管副主任牵头开展普法宣传月活动。")
    [found] = findings(check_text(_with(FIRSTRESP, deputies), pack), "FIRSTRESP-DEPUTIES")
    assert len(found.items) == 3 and "3 项履职行动都是副职做的" in found.message
    [one] = findings(check_text(_with(FIRSTRESP, deputies.split("。")[0] + "。"), pack), "FIRSTRESP-DEPUTIES")
    assert found.deduction == one.deduction


CITY = _with("示范街道2024年法治政府建设年度报告", "示范市2024年法治政府建设年度报告",
             _with("示范街道办事处\n2025年2月10日", "示范市人民政府\n2025年2月10日"))


def test_a_rate_named_with_the_units_own_area_is_the_same_rate(pack):
    later = "坚持和发展新时代“枫桥经验”"
    twice = _with(later, "推动全市行政复议决定自动履行率达到98.5%。" + later, CITY)
    twice = _with(later, "行政复议决定自动履行率96.3%。" + later, twice)
    found = findings(check_text(twice, pack), "FIGURES-RATE-TWICE")
    assert len(found) == 1 and "96.3" in found[0].message and "98.5" in found[0].message
    street = twice.replace("示范市人民政府\n2025年2月10日", "示范街道办事处\n2025年2月10日") \
        .replace("示范市2024年", "示范街道2024年").replace("推动全市", "推动全区")
    assert not findings(check_text(street, pack), "FIGURES-RATE-TWICE")   # 全区: the district, not the street


PLAN_HEADING = "四、2025年推进法治政府建设的主要安排"


def test_a_plan_headed_with_the_reported_year_is_the_plan_with_a_wrong_year(pack):
    """Standing after the shortcomings, 四、2024年……主要工作 in a 2024 report is next year's plan
    misdated, not a second measures part; the report is told the year, not that the plan is missing."""
    result = check_text(_with(PLAN_HEADING, "四、2024年法治政府建设主要工作"), pack)
    plan = next(s for s in result.sections if s.id == "next_year")
    assert (plan.status, plan.found_by) == ("weak", "position")   # weakened by its wrong year
    assert findings(result, "YEAR-PLAN") and not findings(result, "STRUCT-NEXTYEAR-MISSING")


def test_a_heading_after_the_shortcomings_that_is_no_work_heading_is_not_taken_for_the_plan(pack):
    result = check_text(_with(PLAN_HEADING, "四、有关情况说明"), pack)
    assert next(s for s in result.sections if s.id == "next_year").status == "missing"
    assert findings(result, "STRUCT-NEXTYEAR-MISSING")


def test_a_plan_headings_own_year_decides_whatever_its_first_sentence_says(pack):
    misdated = _with(PLAN_HEADING, "四、2024年推进法治政府建设的主要安排\n2025年是“十四五”规划的收官之年。")
    assert findings(check_text(misdated, pack), "YEAR-PLAN")
    undated = _with(PLAN_HEADING, "四、下一步工作安排\n2025年，街道将重点抓好以下工作。")
    assert not findings(check_text(undated, pack), "YEAR-PLAN")   # no year in the heading: the first sentence says it


def test_a_stale_reporting_sentence_is_named_even_after_an_opening_year(pack):
    stale = _with("现将示范街道2024年法治政府建设情况报告如下：",
                  "现将示范街道2023年法治政府建设情况报告如下：\n2024年，街道坚持依法行政。")
    assert findings(check_text(stale, pack), "YEAR-REPORTING")
    fresh = _with("现将示范街道2024年法治政府建设情况报告如下：",
                  "现将示范街道2024年法治政府建设情况报告如下：\n2024年，街道坚持依法行政。")
    assert not findings(check_text(fresh, pack), "YEAR-REPORTING")


def test_parts_listed_in_a_sentence_opening_with_qizhong_are_held_to_the_whole_before_it(pack):
    later = "坚持和发展新时代“枫桥经验”"
    listed = "全年受理矛盾纠纷线索782起。其中，物业纠纷403起、邻里纠纷312起、婚姻家庭纠纷86起。"
    assert findings(check_text(_with(later, listed + later), pack), "DATA-PARTS-SUM")
    fits = listed.replace("86起", "67起")
    assert not findings(check_text(_with(later, fits + later), pack), "DATA-PARTS-SUM")


def test_a_count_written_after_chaban_de_is_the_same_figure(pack):
    later = "坚持和发展新时代“枫桥经验”"
    twice = _with(later, "全年查办城市管理违法案件156宗。" + later)
    twice = _with("（七）强化行政权力制约和监督。", "（七）强化行政权力制约和监督。以查办的165宗城市管理违法案件为例开展以案释法。",
                  twice)
    found = findings(check_text(twice, pack), "FIGURES-CONFLICT")
    assert len(found) == 1 and "156" in found[0].message and "165" in found[0].message


def test_items_that_open_with_a_date_are_items_and_a_short_plan_of_dated_items_is_concise(pack):
    plan = "四、2025年推进法治政府建设的主要安排\n2025年重点：一是对评查发现的问题建立整改台账，逐项销号。" \
           "二是年内建成执法信息共享平台。三是6月底前完成法制审核人员配备。"
    text = _with("\n".join(LINES[20:24]), plan.split("\n", 1)[1], _with(PLAN_HEADING, plan.split("\n")[0]))
    assert not findings(check_text(text, pack), "PLAN-LENGTH")
    slogans = _with("二是年内建成执法信息共享平台。三是6月底前完成法制审核人员配备。", "二是深化执法协作。三是加强队伍建设。", text)
    assert findings(check_text(slogans, pack), "PLAN-LENGTH")


def test_supporting_rules_the_higher_levels_have_not_issued_are_an_outside_cause(pack):
    item = "三是执法文书质量参差不齐。原因是省、市配套的执法指引和文书标准尚未出台。"
    assert findings(check_text(_third_item(item), pack), "CAUSES-SUBJECTIVE")
    own = "三是执法文书质量参差不齐。原因是街道配套的执法指引和文书标准尚未出台。"
    assert not findings(check_text(_third_item(own), pack), "CAUSES-SUBJECTIVE")


def test_what_others_did_not_do_per_the_rules_is_no_missing_rule_of_the_unit(pack):
    symptom = "三是社会组织监管不到位。部分区县全年未办理一起处罚案件，对未按规定参加年检的社会组织督促不力。"
    assert findings(check_text(_third_item(symptom), pack), "STRUCT-CAUSES")
    own = "三是社会组织监管不到位。街道至今未制定社会组织年检督促办法。"
    assert not findings(check_text(_third_item(own), pack), "STRUCT-CAUSES")


def test_a_plan_item_naming_the_rule_it_will_issue_is_concrete(pack):
    tasks = ["（一）贯通执法协作。修订《街道联合执法工作规则》，统一线索移送文书。",
             "（二）扩大法治宣传覆盖。编印小微企业常用法律指引，送到每一家企业。",
             "（三）加强执法队伍专业力量。举办执法骨干培训班，补齐法制审核短板。",
             "（四）深化第一责任人职责落实。制定街道第一责任人履职清单。"]
    text = _with("\n".join(LINES[20:24]), "\n".join(tasks))
    assert not findings(check_text(text, pack), "PLAN-CONCRETE")
    slogans = ["（一）贯通执法协作。进一步加强部门协同配合。", "（二）扩大法治宣传覆盖。持续深化普法宣传。",
               "（三）加强执法队伍专业力量。不断提升执法能力。", "（四）深化第一责任人职责落实。压紧压实主体责任。"]
    assert findings(check_text(_with("\n".join(LINES[20:24]), "\n".join(slogans)), pack), "PLAN-CONCRETE")
