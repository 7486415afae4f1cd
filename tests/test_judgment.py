"""Content judged as a careful reviewer judges it, on real text: the seeds, and edits of them."""
from __future__ import annotations

import pytest

from .conftest import FIXTURES, ROOT, SEEDS, check_text, rule_ids, statuses

SEED = {p.name[:3]: p.read_text("utf-8") for p in SEEDS}
EXAMPLE = (ROOT / "examples" / "示范街道2024年报告-完整.txt").read_text("utf-8")


def findings(result, rule: str) -> list:
    return [f for f in result.findings if f.rule == rule]


def _edited(text: str, old: str, new: str) -> str:
    edited = text.replace(old, new)
    assert edited != text, old
    return edited


# 1. causes, item by item

def test_outside_causes_only_are_named_and_the_item_without_a_cause_is_found(pack):
    result = check_text(SEED["000"], pack)
    assert [f.excerpt[:9] for f in findings(result, "STRUCT-CAUSES")] == ["一是部门协同机制不健全"[:9]]
    outside = findings(result, "CAUSES-SUBJECTIVE")   # one problem in two items: one finding naming both
    assert len(outside) == 1 and len(outside[0].items) == 2 and "以下 2 条不足只写了外部原因" in outside[0].message
    assert "法治宣传教育覆盖面不足" in outside[0].message and "行政争议化解力度" in outside[0].message


def test_causes_without_connector_words_count_as_causes(pack):
    result = check_text(SEED["003"], pack)     # 未能充分考虑……; 主要依赖法律顾问，缺乏……人才
    assert not findings(result, "STRUCT-CAUSES") and not findings(result, "CAUSES-SUBJECTIVE")


def test_what_follows_daozhi_is_a_consequence_not_a_cause(pack):
    edited = SEED["003"].replace(
        "三是法制审核力量薄弱。目前,法制审核工作主要依赖法律顾问,缺乏具有专业素养的法律专业人才。",
        "三是法制审核力量薄弱。法制审核办理质量不高,导致群众满意度下降。")
    assert edited != SEED["003"]
    result = check_text(edited, pack)
    assert [f.excerpt[:8] for f in findings(result, "STRUCT-CAUSES")] == ["三是法制审核力量薄弱"[:8]]


def test_a_connector_followed_by_outside_causes_is_outside(pack):
    edited = SEED["003"].replace(
        "三是法制审核力量薄弱。目前,法制审核工作主要依赖法律顾问,缺乏具有专业素养的法律专业人才。",
        "三是法制审核力量薄弱。由于城镇化进程加快、辖区流动人口不断增加,法制审核任务成倍增长。")
    assert edited != SEED["003"]
    outside = findings(check_text(edited, pack), "CAUSES-SUBJECTIVE")
    assert [f.excerpt[:8] for f in outside] == ["三是法制审核力量薄弱"[:8]]


ITEM_3 = "三是法制审核力量薄弱。目前,法制审核工作主要依赖法律顾问,缺乏具有专业素养的法律专业人才。"


@pytest.mark.parametrize("item", [
    "三是执法文书质量参差不齐。执法队17名队员里11人是近两年从其他岗位转过来的,全年业务培训只搞了2次。",
    "三是矛盾调处合力不足。街道对信访事项没有明确首办责任,部门之间也没有固定的会商机制。",
    "三是普法覆盖不够。乡里专职普法力量只有司法所1人,专题普法全年只开展1次。",
    "三是行政争议多发。一些机关作出决定前调查核实不充分、告知送达不规范。",
])
def test_causes_in_the_drafters_own_words_count_as_causes(pack, item):
    result = check_text(_edited(SEED["003"], ITEM_3, item), pack)
    assert not findings(result, "STRUCT-CAUSES") and not findings(result, "CAUSES-SUBJECTIVE")


def test_what_comes_before_the_announced_cause_is_the_symptom(pack):
    item = ("三是法治宣传覆盖不均。辖区12家小微企业全年未开展普法活动,主要是小微企业经营者忙于生产经营、无暇参加,"
            "老旧小区老年居民多、出行不便。")
    result = check_text(_edited(SEED["003"], ITEM_3, item), pack)
    assert [f.excerpt[:8] for f in findings(result, "CAUSES-SUBJECTIVE")] == ["三是法治宣传覆盖"]
    own = item.replace("老旧小区老年居民多、出行不便。", "街道习惯在机关搞集中宣传,没有把小微企业列入年度普法计划。")
    assert not findings(check_text(_edited(SEED["003"], ITEM_3, own), pack), "CAUSES-SUBJECTIVE")


def test_advice_never_offers_the_problem_as_its_own_cause(pack):
    [found] = findings(check_text(_edited(SEED["003"], ITEM_3, "三是基层执法力量不足。基层执法力量不足的问题比较突出。"), pack),
                       "STRUCT-CAUSES")
    assert "力量不足" not in found.message.split("如", 1)[1] and "培训不够" in found.message


def test_procedural_defects_under_an_enforcement_title_restate_the_symptom(pack):
    item = "三是行政执法水平不够均衡。部分执法文书制作不规范,主要表现为告知不到位、送达不规范、证据材料不齐全。"
    found = findings(check_text(_edited(SEED["003"], ITEM_3, item), pack), "STRUCT-CAUSES")
    assert [f.excerpt[:8] for f in found] == ["三是行政执法水平"]


def test_an_outside_matter_that_is_only_the_occasion_of_an_own_cause_is_not_outside(pack):
    occasion = "三是依法办事能力不强。部分干部在处理征地拆迁问题时习惯于行政命令。"
    assert not findings(check_text(_edited(SEED["003"], ITEM_3, occasion), pack), "CAUSES-SUBJECTIVE")
    outside_only = "三是依法办事能力不强。辖区征地拆迁任务重、历史遗留问题多。"
    assert findings(check_text(_edited(SEED["003"], ITEM_3, outside_only), pack), "CAUSES-SUBJECTIVE")


def test_a_cause_the_drafter_announces_in_own_words_is_not_outside_only(pack):
    item = ("三是普法宣传效果有待提升。我街外出务工人员多,群众参与度不高。主要原因是宣传方式单一,"
            "针对外出务工人员的宣传手段缺乏创新。")
    assert not findings(check_text(_edited(SEED["003"], ITEM_3, item), pack), "CAUSES-SUBJECTIVE")


def test_a_clause_that_states_a_problem_is_the_symptom_not_its_cause(pack):
    item = ("三是基层执法还不够到位。部分社区存在“接得住、管不好”的问题,执法文书不规范的情况仍较多出现,"
            "与群众期待还有差距。")
    assert [f.excerpt[:8] for f in findings(check_text(_edited(SEED["003"], ITEM_3, item), pack), "STRUCT-CAUSES")] \
        == ["三是基层执法还不"]
    cause = item.replace("与群众期待还有差距。", "街道对社区执法人员的业务培训没有同步跟上。")
    assert not findings(check_text(_edited(SEED["003"], ITEM_3, cause), pack), "STRUCT-CAUSES")


def test_what_a_unit_can_only_do_is_a_consequence_not_an_own_cause(pack):
    item = "三是法制审核力量薄弱。编制由区里统一核定,上级对审核人员配备没有明确标准,审核工作只能较多依赖外聘律师。"
    assert findings(check_text(_edited(SEED["003"], ITEM_3, item), pack), "CAUSES-SUBJECTIVE")


EX_ITEMS = "\n".join(EXAMPLE.split("\n")[14:17])      # the example's three shortcomings, one line each


def test_an_announced_cause_that_says_the_symptom_again_is_no_cause(pack):
    restated = _edited(EXAMPLE, "主要原因是执法信息共享平台尚未贯通，部门之间仍靠纸质函件移送线索。",
                       "究其原因，主要是部门之间执法协作还不够顺畅。")
    assert [f.excerpt[:8] for f in findings(check_text(restated, pack), "STRUCT-CAUSES")] == ["一是执法协作机制"]
    mechanism = _edited(EXAMPLE, "主要原因是执法信息共享平台尚未贯通，部门之间仍靠纸质函件移送线索。",
                        "究其原因，主要是部门之间线索移送标准不统一。")
    assert not findings(check_text(mechanism, pack), "STRUCT-CAUSES")


def test_zhuyao_shi_after_the_shortcomings_lists_them_it_gives_no_cause(pack):
    part = "还存在一些不足，主要是执法协作还不够顺畅、法治宣传覆盖不均、行政争议化解还不够及时，今后将认真加以改进。"
    text = _edited(EXAMPLE, EX_ITEMS, part)
    assert findings(check_text(text, pack), "STRUCT-CAUSES")
    cause = part.replace("今后将认真加以改进", "原因在于街道执法人员多为新招录，系统培训只搞了1次")
    assert not findings(check_text(_edited(EXAMPLE, EX_ITEMS, cause), pack), "STRUCT-CAUSES")


def test_own_causes_given_together_after_the_items_make_an_outside_cause_mixed(pack):
    items = ("一是执法协作机制不顺。街道划入执法事项增多，跨部门案件办理平均用时23天。\n"
             "二是法治宣传覆盖不均。辖区外来人口多、流动性大。\n"
             "三是执法队伍专业力量不足。持法律职业资格证书的仅2人。\n")
    own = "究其原因，街道对宣传和执法队伍建设重视不够，业务培训全年只开展1次。\n"
    outside = findings(check_text(_edited(EXAMPLE, EX_ITEMS + "\n", items), pack), "CAUSES-SUBJECTIVE")
    assert [f.excerpt[:8] for f in outside] == ["二是法治宣传覆盖"]
    assert not findings(check_text(_edited(EXAMPLE, EX_ITEMS + "\n", items + own), pack), "CAUSES-SUBJECTIVE")


def test_an_items_own_objective_causes_do_not_stand_for_the_items_after_it(pack):
    first = "一是执法协作机制不顺。这既有机构改革尚未到位的客观原因，也与街道重视不够有关。"
    items = EX_ITEMS.replace(EX_ITEMS.split("\n")[0], first)
    items = items.replace(EX_ITEMS.split("\n")[1], "二是法治宣传覆盖不均。部分小区居民参与度不高，普法活动效果不明显。")
    found = findings(check_text(_edited(EXAMPLE, EX_ITEMS, items), pack), "STRUCT-CAUSES")
    assert [f.excerpt[:8] for f in found] == ["二是法治宣传覆盖"]


def test_a_bare_jiuqi_yuanyin_before_outside_causes_names_no_own_cause(pack):
    item = "三是法制审核力量薄弱。究其原因，我镇地处山区，海拔1500米以上的村占六成，道路经常中断。"
    assert findings(check_text(_edited(SEED["003"], ITEM_3, item), pack), "CAUSES-SUBJECTIVE")
    own = item.replace("道路经常中断", "镇里对审核人员的培训只开展了1次")
    assert not findings(check_text(_edited(SEED["003"], ITEM_3, own), pack), "CAUSES-SUBJECTIVE")


def test_a_higher_level_doing_something_to_the_unit_is_an_outside_cause(pack):
    item = "三是法制审核力量薄弱。市级层面对乡镇法制审核人员的系统培训较少。"
    assert findings(check_text(_edited(SEED["003"], ITEM_3, item), pack), "CAUSES-SUBJECTIVE")
    own = "三是法制审核力量薄弱。镇里对法制审核人员的系统培训较少。"
    assert not findings(check_text(_edited(SEED["003"], ITEM_3, own), pack), "CAUSES-SUBJECTIVE")


def test_a_shortcoming_in_words_that_fit_any_work_is_vague(pack):
    third = EX_ITEMS.split("\n")[2]
    vague = "三是法治政府建设工作推进还不够平衡，有的工作还不够规范、不够深入。"
    assert findings(check_text(_edited(EXAMPLE, third, vague), pack), "DEFICIT-SPECIFIC")
    named = "三是行政执法还不够规范，全年评查案卷40卷，其中程序不完整的6卷，主要是执法人员多为新招录。"
    assert not findings(check_text(_edited(EXAMPLE, third, named), pack), "DEFICIT-SPECIFIC")


def test_the_heads_appearing_in_court_told_twice_with_two_values(pack):
    twice = _edited(EXAMPLE, "主任出庭应诉行政诉讼案件3件", "主任出庭应诉行政诉讼案件3件，街道负责人出庭应诉7件")
    assert not findings(check_text(twice, pack), "FIGURES-CONFLICT")
    later = _edited(twice, "听取司法所和综合执法队法治工作汇报4次", "听取司法所和综合执法队法治工作汇报4次，推动街道负责人出庭应诉行政案件9件")
    found = findings(check_text(later, pack), "FIGURES-CONFLICT")
    assert len(found) == 1 and "7件" in found[0].message and "9件" in found[0].message


# 2. boilerplate first-responsible content is weak

def test_the_regulations_own_phrases_are_weak_and_say_which_acts_to_write(pack):
    result = check_text(SEED["003"], pack)
    assert statuses(result)["first_responsible"] == "weak"
    message = findings(result, "FIRSTRESP-CONCRETE")[0].message
    assert "主持召开" in message and "述法" in message and "出庭应诉" in message


def test_acts_with_counts_are_concrete(pack):
    assert statuses(check_text(EXAMPLE, pack))["first_responsible"] == "ok"


# 3. plans answer shortcomings by telling words

FIRSTRESP = EXAMPLE.split("\n")[18]


def test_a_one_sentence_part_of_the_leaders_own_acts_with_counts_is_concise_not_brief(pack):
    short = _edited(EXAMPLE, FIRSTRESP, "书记主持党工委会研究法治工作4次,主任出庭应诉行政案件3件,书记、主任年终述法。")
    assert not findings(check_text(short, pack), "FIRSTRESP-LENGTH")
    vague = _edited(EXAMPLE, FIRSTRESP, "书记、主任高度重视法治建设,切实履行第一责任人职责,亲自部署、亲自过问。")
    assert findings(check_text(vague, pack), "FIRSTRESP-LENGTH")


def test_a_principal_called_by_name_inside_another_part_is_misplaced_not_missing(pack):
    lines = EXAMPLE.split("\n")
    named = "（九）以上率下。王建国同志带头参加党工委理论学习中心组专题学法4次，主持党工委会听取法治工作汇报2次。"
    moved = _edited(EXAMPLE, lines[17] + "\n" + lines[18] + "\n", "")
    moved = _edited(moved, lines[12] + "\n", lines[12] + "\n" + named + "\n")
    assert statuses(check_text(moved, pack))["first_responsible"] == "misplaced"
    nobody = moved.replace("王建国同志带头参加", "组织参加").replace("，主持党工委会听取法治工作汇报2次", "")
    assert statuses(check_text(nobody, pack))["first_responsible"] == "missing"


def test_acts_of_deputies_only_are_named_and_a_principal_with_concurrent_deputy_title_is_not(pack):
    deputies = "常务副主任主持召开法治建设推进会2次,分管副主任带队开展执法检查3次。"
    found = findings(check_text(_edited(EXAMPLE, FIRSTRESP, deputies), pack), "FIRSTRESP-DEPUTIES")
    assert len(found) == 1 and "常务副主任主持" in found[0].message
    concurrent = "街道党工委副书记、办事处主任于9月6日带领班子成员督导法治工作。" + deputies
    assert not findings(check_text(_edited(EXAMPLE, FIRSTRESP, concurrent), pack), "FIRSTRESP-DEPUTIES")
    formula = "形成主要领导亲自抓、分管领导具体抓的格局。书记主持党工委会研究法治工作4次。"
    assert not findings(check_text(_edited(EXAMPLE, FIRSTRESP, formula), pack), "FIRSTRESP-DEPUTIES")


def test_boilerplate_of_the_principal_and_acts_of_other_units_heads_do_not_hide_acts_of_deputies(pack):
    deputies = ("书记、主任带头贯彻落实第一责任人职责规定，各部门主要负责人全部完成年度述法。"
                "分管副主任全年召集专题会议研究法治建设4次。")
    found = findings(check_text(_edited(EXAMPLE, FIRSTRESP, deputies), pack), "FIRSTRESP-DEPUTIES")
    assert len(found) == 1 and "副主任全年召集" in found[0].message
    own = deputies.replace("带头贯彻落实第一责任人职责规定", "主持党工委会研究法治工作3次")
    assert not findings(check_text(_edited(EXAMPLE, FIRSTRESP, own), pack), "FIRSTRESP-DEPUTIES")


def test_a_plan_whose_items_mostly_carry_targets_is_concise_not_brief(pack):
    plan = ("（一）贯通执法协作。2025年6月底前建成街道执法信息共享平台。\n"
            "（二）扩大法治宣传覆盖。针对小微企业、老旧小区和新就业群体分别制定普法清单。\n"
            "（三）加强执法队伍专业力量。年底前法制审核人员达到4名。\n")
    lines = EXAMPLE.split("\n")
    old = "\n".join(lines[20:24]) + "\n"
    assert not findings(check_text(_edited(EXAMPLE, old, plan), pack), "PLAN-LENGTH")
    slogans = plan.replace("2025年6月底前建成街道执法信息共享平台", "进一步健全执法协作机制").replace(
        "年底前法制审核人员达到4名", "持续加强队伍建设")
    assert findings(check_text(_edited(EXAMPLE, old, slogans), pack), "PLAN-LENGTH")


def test_a_plan_of_slogans_names_each_slogan_item_and_a_year_range_is_no_target(pack):
    lines = EXAMPLE.split("\n")
    plan = ("（一）进一步健全执法协作机制，持续推动《法治政府建设实施纲要（2021—2025年）》落地见效。\n"
            "（二）扩大法治宣传覆盖。全年开展“法律进企业”活动24场。\n"
            "（三）持续加强执法队伍建设，不断提升执法能力。\n")
    [found] = findings(check_text(_edited(EXAMPLE, "\n".join(lines[20:24]) + "\n", plan), pack), "PLAN-CONCRETE")
    assert "3 条中只有 1 条" in found.message and "进一步健全执法协作" in found.message and "持续加强执法队伍" in found.message
    assert [item.line for item in found.items] == [21, 23]      # items （一） and （三）, each locatable
    assert not findings(check_text(EXAMPLE, pack), "PLAN-CONCRETE")


def test_incidental_words_do_not_answer_a_shortcoming_and_the_closest_item_is_shown(pack):
    result = check_text(SEED["004"], pack)     # 法治意识 of 企业、群众 vs a plan about 干部学法 and 法律援助
    unanswered = findings(result, "PLAN-RESPONSIVE")
    assert len(unanswered) == 1 and "法治意识有待提高" in unanswered[0].message
    assert "最接近的是" in unanswered[0].message


PLAN_3 = EXAMPLE.split("\n")[22]


def test_a_plan_that_answers_in_other_words_answers(pack):
    other_words = "（三）充实法制审核人手。年内招录法律专业人员2名，与律所建立轮岗带教。"
    assert not findings(check_text(_edited(EXAMPLE, PLAN_3, other_words), pack), "PLAN-RESPONSIVE")
    unrelated = "（三）优化营商环境。年内走访企业400家次，解决诉求60件。"
    found = findings(check_text(_edited(EXAMPLE, PLAN_3, unrelated), pack), "PLAN-RESPONSIVE")
    assert [f.excerpt[:9] for f in found] == ["三是执法队伍专业力"]


def test_a_year_in_a_plan_is_not_a_target(pack):
    slogans = "2025年，街道将着力在提高依法行政能力上下功夫，着力在规范执法上下功夫，努力开创法治建设新局面。"
    plan = EXAMPLE[EXAMPLE.index("四、2025年"):EXAMPLE.index("五、")]
    edited = _edited(EXAMPLE, plan, "四、2025年推进法治政府建设的主要安排\n" + slogans + "\n")
    assert findings(check_text(edited, pack), "PLAN-CONCRETE")


def test_a_plan_item_on_the_same_matter_answers_it(pack):
    text = (ROOT / "examples" / "示范街道2024年报告-完整.txt").read_text("utf-8")
    assert not findings(check_text(text, pack), "PLAN-RESPONSIVE")
    edited = SEED["004"].replace("加强机关工作人员培训", "面向辖区矿山企业和群众开展法治意识宣传教育,加强机关工作人员培训")
    assert edited != SEED["004"] and not findings(check_text(edited, pack), "PLAN-RESPONSIVE")


# 4. statuses agree with findings

@pytest.mark.parametrize("rule, section", [("STRUCT-CAUSES", "shortcomings"), ("FIRSTRESP-CONCRETE", "first_responsible")])
def test_a_part_with_a_weakening_finding_is_weak(pack, rule, section):
    for text in SEED.values():
        result = check_text(text, pack)
        if any(f.rule == rule for f in result.findings) and statuses(result)[section] != "misplaced":
            assert statuses(result)[section] == "weak", rule


# 5. figures that disagree

def test_the_same_figure_with_two_values_quotes_both_places(pack):
    found = findings(check_text(SEED["001"], pack), "FIGURES-CONFLICT")
    assert len(found) == 1 and "112" in found[0].message and "108" in found[0].message
    assert "112场" in found[0].excerpt and "108场" in found[0].excerpt


def test_a_rate_that_does_not_fit_its_numbers_is_put_as_a_question(pack):
    found = findings(check_text(SEED["004"], pack), "DATA-RATE-CHECK")
    assert len(found) == 1 and "97.6%" in found[0].message and "98.8%" in found[0].message
    assert "请核对" in found[0].message and found[0].level == "warning"


def test_statistics_that_stop_before_the_year_ends(pack):
    found = findings(check_text(SEED["001"], pack), "STATS-CUTOFF")
    assert len(found) == 1 and "截至202311月" in found[0].message
    edited = SEED["001"].replace("截至202311月", "截至2023年12月31日")
    assert not findings(check_text(edited, pack), "STATS-CUTOFF")


def test_one_figure_written_number_first_or_with_lei_is_the_same_figure(pack):
    assert not findings(check_text(EXAMPLE, pack), "FIGURES-CONFLICT")    # 7件 vs 主任出庭应诉 3件: a part
    old = "主任出庭应诉行政诉讼案件3件"
    number_first = EXAMPLE.replace(old, "街道全年涉诉的9件行政诉讼类案件中,主任出庭应诉3件")
    found = findings(check_text(number_first, pack), "FIGURES-CONFLICT")
    assert len(found) == 1 and "7件" in found[0].message and "9件" in found[0].message
    part = EXAMPLE.replace(old, "新增行政诉讼案件9件,主任出庭应诉3件")
    assert not findings(check_text(part, pack), "FIGURES-CONFLICT")


def test_a_figure_before_qizhong_is_compared_and_the_parts_after_it_are_not(pack):
    before = _edited(EXAMPLE, "全年办理行政处罚案件412件", "全年办理行政处罚案件412件，其中简易程序案件300件")
    assert not findings(check_text(before, pack), "FIGURES-CONFLICT")
    twice = _edited(before, "坚持和发展新时代“枫桥经验”", "全年办理的450件行政处罚案件中，无一被复议纠错。坚持和发展新时代“枫桥经验”")
    found = findings(check_text(twice, pack), "FIGURES-CONFLICT")
    assert len(found) == 1 and "412" in found[0].message and "450" in found[0].message


def test_the_same_rate_named_alike_twice_with_two_values(pack):
    assert not findings(check_text(EXAMPLE, pack), "FIGURES-RATE-TWICE")
    later = "坚持和发展新时代“枫桥经验”"
    twice = _edited(EXAMPLE, later, "政务服务群众满意率为91.6%。" + later)
    twice = _edited(twice, "群众满意率98.6%", "政务服务群众满意率98.6%")
    found = findings(check_text(twice, pack), "FIGURES-RATE-TWICE")
    assert len(found) == 1 and "98.6" in found[0].message and "91.6" in found[0].message
    scoped = _edited(twice, "政务服务群众满意率为91.6%", "全区政务服务群众满意率为91.6%")
    assert not findings(check_text(scoped, pack), "FIGURES-RATE-TWICE")


def test_a_pass_rate_may_count_the_excellent_files_listed_before_the_passed(pack):
    files = "评查案卷60卷，合格率96.7%"
    both = _edited(EXAMPLE, files, "评查案卷60卷，其中优秀20卷、合格38卷、不合格2卷，合格率96.7%")
    assert not findings(check_text(both, pack), "DATA-RATE-CHECK")            # (20 + 38) ÷ 60
    stated = _edited(EXAMPLE, files, "评查案卷60卷，其中优秀20卷、合格30卷、不合格10卷，合格率（含优秀）为96.7%")
    found = findings(check_text(stated, pack), "DATA-RATE-CHECK")
    assert len(found) == 1 and "50÷60" in found[0].message


def test_the_whole_of_a_qizhong_list_is_the_count_in_the_parts_unit(pack):
    listed = _edited(EXAMPLE, "全年办理行政处罚案件412件，", "全年办理行政处罚案件412件，罚没款36.8万元，其中简易程序案件300件、普通程序案件150件，")
    found = findings(check_text(listed, pack), "DATA-PARTS-SUM")
    assert len(found) == 1 and "412" in found[0].message and "450" in found[0].message
    fits = listed.replace("普通程序案件150件", "普通程序案件112件")
    assert not findings(check_text(fits, pack), "DATA-PARTS-SUM")


def test_statistics_of_part_of_the_year_in_any_unit(pack):
    cut = _edited(EXAMPLE, "走访企业320家次，", "1—11月走访企业320家次。")
    assert findings(check_text(cut, pack), "STATS-CUTOFF")
    assert not findings(check_text(EXAMPLE, pack), "STATS-CUTOFF")


def test_the_year_in_the_reporting_sentence_is_held_to_the_reports_year(pack):
    opening = "现将示范街道2024年法治政府建设情况报告如下"
    assert opening in EXAMPLE and not findings(check_text(EXAMPLE, pack), "YEAR-REPORTING")
    result = check_text(_edited(EXAMPLE, opening, opening.replace("2024", "2023")), pack)
    found = findings(result, "YEAR-REPORTING")
    assert len(found) == 1 and "2023" in found[0].message and result.outline.year == 2024


def test_a_meeting_and_the_study_held_before_it_are_two_figures(pack):
    edited = EXAMPLE.replace("组织领导班子集体学法6次", "组织领导班子集体学法6次,列席区政府常务会议9次,开展常务会议会前学法4次")
    assert edited != EXAMPLE and not findings(check_text(edited, pack), "FIGURES-CONFLICT")


LIST_699 = "损害赔偿纠纷282件"          # seed 000: 699件, 其中 eight kinds adding up to 699, 调处成功693件


def test_parts_listed_under_qizhong_may_not_add_up_to_more_than_the_whole(pack):
    assert not findings(check_text(SEED["000"], pack), "DATA-PARTS-SUM")   # 调处成功693件 ends the list
    found = findings(check_text(_edited(SEED["000"], LIST_699, "损害赔偿纠纷328件"), pack), "DATA-PARTS-SUM")
    assert len(found) == 1 and "745" in found[0].message and "699" in found[0].message


def test_a_part_larger_than_its_whole_under_qizhong_or_a_later_stage(pack):
    edited = _edited(SEED["000"], "全年共排查出矛盾隐患1276件,", "全年共受理行政复议申请40件,其中审结47件。全年共排查出矛盾隐患1276件,")
    found = findings(check_text(edited, pack), "DATA-PART-WHOLE")
    assert len(found) == 1 and "47" in found[0].message and "40" in found[0].message
    staged = _edited(SEED["000"], "通过平台受理案件324件,调解成功53件", "通过平台受理案件324件,调解成功353件")
    assert len(findings(check_text(staged, pack), "DATA-PART-WHOLE")) == 1
    approximate = _edited(SEED["000"], "全年共排查出矛盾隐患1276件,", "全年共受理行政复议申请约40件,其中审结47件。")
    assert not findings(check_text(approximate, pack), "DATA-PART-WHOLE")
    carried = _edited(SEED["000"], "全年共排查出矛盾隐患1276件,", "全年受理行政复议申请40件,办结47件(含上年结转9件)。")
    assert not findings(check_text(carried, pack), "DATA-PART-WHOLE")


def test_a_rate_must_fit_the_counts_of_its_sentence(pack):
    assert not findings(check_text(SEED["001"], pack), "DATA-RATE-CHECK")   # 1455÷1499 = 97.1%
    found = findings(check_text(_edited(SEED["001"], "成功调处1455起", "成功调处1355起"), pack), "DATA-RATE-CHECK")
    assert len(found) == 1 and "90.4%" in found[0].message and "97.1%" in found[0].message
    spaced = _edited(SEED["001"], "受理各类矛盾纠纷1499起,成功调处1455起", "受理各类矛盾纠纷1 499起,成功调处1 455起")
    assert not findings(check_text(spaced, pack), "DATA-RATE-CHECK")        # digits grouped by spaces


def test_a_change_in_points_must_fit_the_two_rates(pack):
    wrong = _edited(SEED["001"], "调解成功率达到97.1%。", "调解成功率达到97.1%,比上年的95.2%提高2.9个百分点。")
    found = findings(check_text(wrong, pack), "DATA-RATE-CHANGE")
    assert len(found) == 1 and "1.9" in found[0].message and "2.9" in found[0].message
    right = _edited(SEED["001"], "调解成功率达到97.1%。", "调解成功率达到97.1%,比上年的95.2%提高1.9个百分点。")
    assert not findings(check_text(right, pack), "DATA-RATE-CHANGE")
    two_rates = _edited(SEED["001"], "调解成功率达到97.1%。", "调解成功率达到97.1%,协议履行率95.2%,较上年提高2.9个百分点。")
    assert not findings(check_text(two_rates, pack), "DATA-RATE-CHANGE")   # two indicators, not one compared


def test_a_plan_may_be_exceeded(pack):
    edited = _edited(SEED["001"], "调解成功率达到97.1%。", "调解成功率达到97.1%。计划开展普法活动20场,实际开展24场,完成率120%。")
    assert not findings(check_text(edited, pack), "DATA-RATE-RANGE")


def test_counts_for_months_of_the_year_are_not_the_year(pack):
    edited = _edited(SEED["001"], "2023年全镇累计受理各类矛盾纠纷1499起", "2023年1—10月全镇累计受理各类矛盾纠纷1499起")
    assert any("1—10月" in f.message for f in findings(check_text(edited, pack), "STATS-CUTOFF"))
    timing = _edited(SEED["001"], "2023年全镇累计受理各类矛盾纠纷1499起", "2023年上半年完成调解组织换届,全年全镇累计受理各类矛盾纠纷1499起")
    assert not any("上半年" in f.message for f in findings(check_text(timing, pack), "STATS-CUTOFF"))


# the year, from the whole frame

def test_a_report_signed_in_december_reports_on_that_year(pack):
    result = check_text(_edited(EXAMPLE, "2025年2月10日", "2024年12月20日"), pack)
    assert result.outline.year == 2024 and "signature" in result.outline.year_from
    assert not rule_ids(result) & {"DEADLINE-SUBMIT", "YEAR-PLAN", "YEAR-SIGNATURE", "TITLE-YEAR"}


def test_a_title_copied_from_last_year_is_outvoted_and_the_places_that_decided_are_named(pack):
    result = check_text(_edited(EXAMPLE, "示范街道2024年法治政府建设年度报告\n", "示范街道2023年法治政府建设年度报告\n"), pack)
    assert result.outline.year == 2024
    found = findings(result, "TITLE-YEAR")
    assert len(found) == 1 and "2023年" in found[0].message and "落款日期" in found[0].message
    assert not findings(result, "YEAR-PLAN") and not findings(result, "YEAR-MEASURES")


def test_a_signature_year_carried_over_from_last_year_is_named(pack):
    result = check_text(_edited(EXAMPLE, "2025年2月10日", "2024年2月10日"), pack)
    assert result.outline.year == 2024
    assert [f.rule for f in result.findings if f.rule.startswith(("YEAR-", "TITLE-YEAR", "DEADLINE"))] == ["YEAR-SIGNATURE"]


def test_an_opening_year_carried_over_is_named(pack):
    opening = "根据《法治政府建设与责任落实督察工作规定》"
    result = check_text(_edited(EXAMPLE, opening, "2023年,示范街道扎实推进法治政府建设。" + opening), pack)
    assert result.outline.year == 2024 and len(findings(result, "YEAR-OPENING")) == 1
    right = check_text(_edited(EXAMPLE, opening, "2024年,示范街道扎实推进法治政府建设。" + opening), pack)
    assert not findings(right, "YEAR-OPENING")


def test_a_plan_deadline_already_past_is_named(pack):
    result = check_text(_edited(EXAMPLE, "2025年6月底前建成", "2024年6月底前建成"), pack)
    found = findings(result, "YEAR-PLAN-PAST")
    assert len(found) == 1 and "2024年6月底前" in found[0].message
    assert not findings(check_text(EXAMPLE, pack), "YEAR-PLAN-PAST")


# 7. how sure: a judgment is put as one, deducts less, and never alone fails a report

def test_an_inferred_judgment_says_so_and_deducts_half(pack):
    result = check_text(SEED["000"], pack)
    [inferred] = findings(result, "STRUCT-CAUSES")
    assert inferred.certainty == "judgment" and inferred.deduction == pack.rule("STRUCT-CAUSES").weight / 2
    assert all(f.certainty == "proven" for f in findings(result, "TITLE-MISSING") + findings(result, "SIGNOFF"))


def test_judgments_alone_never_fail_a_report(pack):
    """Every item of every part judged weak by inference only: the score stops at the pass mark."""
    import dataclasses
    heavy = dataclasses.replace(pack, rules=[r.changed(weight=60, max_deduction=60) if r.get("judgment") else r
                                             for r in pack.rules])
    result = check_text(SEED["000"], heavy)
    proven = sum(f.deduction for f in result.findings if f.certainty == "proven")
    assert 100 - proven >= pack.passing_min and result.score == pack.passing_min and result.grade == "合格"


# 6. scores that mean something

def test_a_missing_required_part_cannot_pass(pack):
    result = check_text(SEED["004"], pack)
    assert result.score <= 59 and result.grade == "不合格"
    assert result.caps and "缺少规定必须报告的部分" in result.caps[0]["reason"]


def test_the_unfilled_template_fails(pack, tmp_path):
    from checker.engine import check_path
    from checker.template import make_template
    path = tmp_path / "模板.docx"
    path.write_bytes(make_template(pack, "某某街道", 2025))
    result = check_path(str(path), pack)
    assert result.score <= 40 and result.grade == "不合格" and "TEMPLATE-PROMPT" in rule_ids(result)
    assert result.outline.signature.issuer == "某某街道"        # its blank 2026年  月  日 is a sign-off without a date
    assert "SIGNOFF" not in rule_ids(result) and "SIGNOFF-DATE" in rule_ids(result)


# 7. messages speak to users and agree with themselves

def test_a_finding_is_not_printed_twice(pack):
    skeleton = (FIXTURES / "skeleton.txt").read_text("utf-8")
    twice_in_a_line = skeleton.replace("示范街道办事处\n", "中共××委、××人民政府\n", 1)
    assert len(findings(check_text(twice_in_a_line, pack), "TEMPLATE-PROMPT")) == 1
    far_apart = twice_in_a_line.replace("无。", "××。", 1)
    assert len(findings(check_text(far_apart, pack), "TEMPLATE-PROMPT")) == 2


def test_messages_agree_with_their_counts(pack):
    result = check_text(SEED["004"], pack)
    assert not any("0/" in f.message for f in result.findings)
    import re
    plan = findings(check_text(SEED["001"], pack), "PLAN-CONCRETE")[0].message
    total, present = map(int, re.search(r"(\d+) 条中只有 (\d+) 条", plan).groups())
    assert present < total / 2


def test_one_comment_per_shortcoming_item(pack):
    result = check_text(SEED["001"], pack)
    items = [f.span[0] for f in findings(result, "DEFICIT-SPECIFIC")]
    assert len(items) == len(set(items)) and len(items) <= 2


def test_the_optional_part_costs_nothing(pack):
    result = check_text(SEED["003"], pack)
    other = findings(result, "STRUCT-OTHER-ABSENT")[0]
    assert statuses(result)["other"] == "absent" and other.deduction == 0 and "可选" in other.message


def test_a_repeated_sentence_is_compared_without_its_numbering_and_closing_punctuation():
    """Two sentences are the same when they differ only in their numbering (（一）, 1., 一是) and
    in the blanks and punctuation that close them, however these are mixed."""
    import random
    import re

    from checker.kinds.repetition import _key
    lead = re.compile(r"^[\s|]*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十\d]{1,3}[、.]"
                      r"|[一二三四五六七八九十]{1,2}[是要])?")
    trail = re.compile(r"[\s。;!?,]+$")
    assert _key("（三）加强执法监督。 ;") == _key("二是加强执法监督") == "加强执法监督"
    rnd = random.Random(1)
    pool = list(" \t\n|(（)）一二三十是要、.123。;!?,中文x\u3000\xa0")
    for _ in range(20000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randrange(0, 14)))
        assert _key(text) == trail.sub("", lead.sub("", text))


def test_first_responsible_needs_two_different_actions(pack):
    """min_count counts distinct action words: 同考核 alone is one, and one more makes two."""
    one = (ROOT / "rules" / "fixtures" / "fazhi-annual-report" / "FIRSTRESP-ACTS.fail.txt").read_text("utf-8")
    two = one.replace("带头尊法守法，", "带头尊法守法，主持研究法治议题，")
    assert two != one
    assert findings(check_text(one, pack), "FIRSTRESP-ACTS")
    assert not findings(check_text(two, pack), "FIRSTRESP-ACTS")


# 1b. causes as drafters write them (issue: causes without 原因, restated symptoms, outside only, one paragraph for all)

ITEM_ONE = "一是法治思维和能力有待提升。部分干部职工对法治政府建设的全局性、系统性、长期性认识不足,运用法治思维和法治方式深化改革、推动发展、化解矛盾、维护稳定的能力有待进一步提高。在实际工作中,仍存在一些习惯于传统思维和方法解决问题的情况,不能很好地适应法治政府建设的要求的问题。"


def _first_item_as(text: str) -> str:
    edited = SEED["003"].replace(ITEM_ONE, text)
    assert edited != SEED["003"]
    return edited


def _about_first_item(result, rule: str) -> list:
    return [f for f in findings(result, rule) if f.excerpt.startswith("一是")]


@pytest.mark.parametrize("item", [
    "一是行政执法还不够规范。新组建的执法中队12人中有9人从事执法不满一年,程序性培训全年仅1次。",
    "一是案件移送衔接不畅。主要是案件移送标准不统一、会商机制运行不够顺畅。",
    "一是调解和普法工作不够深入。司法所仅有2名工作人员,却承担全镇调解、社区矫正和普法工作。",
])
def test_a_cause_given_without_connector_words_is_a_cause(pack, item):
    result = check_text(_first_item_as(item), pack)
    assert not _about_first_item(result, "STRUCT-CAUSES") and not _about_first_item(result, "CAUSES-SUBJECTIVE")


def test_the_symptom_restated_in_more_detail_is_not_a_cause(pack):
    item = "一是执法规范化水平有待提升。部分案卷存在告知不到位、送达不规范、证据材料不齐全等情况,执法质量参差不齐。"
    assert _about_first_item(check_text(_first_item_as(item), pack), "STRUCT-CAUSES")


def test_causes_outside_the_unit_only_are_called_outside_only(pack):
    item = ("一是群众学法用法氛围不浓。辖区外来人口多、流动性大,群众法治意识参差不齐;"
            "受上级机构改革进度影响,部分普法阵地建设推迟。")
    result = check_text(_first_item_as(item), pack)
    assert _about_first_item(result, "CAUSES-SUBJECTIVE") and not _about_first_item(result, "STRUCT-CAUSES")


def test_one_paragraph_after_the_items_gives_the_causes_of_them_all(pack):
    part_end = "加强法制审核队伍建设迫在眉睫。"
    items = "二是普法教育方法需创新。对干部职工普法教育方法相对简单,灵活性不强,宣传培训满足于完成简单的学习宣传和培训,缺乏创造性地提升宣传培训质量和效果的举措。未能充分考虑干部职工的工作特点和学习需求,导致普法教育的针对性和实效性不够理想。"
    bare = _first_item_as("一是行政执法还不够规范。全年案卷评查发现程序问题23个。").replace(items, "二是普法覆盖不全。全年5个村的普法活动不足2场。")
    [grouped] = findings(check_text(bare, pack), "STRUCT-CAUSES")   # two items, one finding naming both
    assert [item.subject for item in grouped.items] == ["行政执法还不够规范", "普法覆盖不全"]
    explained = bare.replace(part_end, part_end + "\n究其原因,一是执法人员多为兼职,培训每年仅1次;二是普法经费仅3万元,村级普法主要靠上级送资料。")
    assert not findings(check_text(explained, pack), "STRUCT-CAUSES")


# 2b. length is a fallback where no content signal exists

def test_a_short_plan_whose_every_item_has_a_number_or_date_is_concise_not_brief(pack):
    text = (ROOT / "examples" / "示范街道2024年报告-完整.txt").read_text("utf-8")
    start, end = text.index("四、2025年"), text.index("五、其他")
    concise = ("四、2025年推进法治政府建设的主要安排\n（一）年内配齐专职法制审核员2名，重大执法决定法制审核率保持100%。\n"
               "（二）每季度开展一次行政执法案卷评查，全年评查案卷不少于60卷，问题案卷当月整改。\n"
               "（三）6月底前建成执法信息共享平台，跨部门案件办理平均用时压缩到15天以内。\n"
               "（四）针对小微企业和老旧小区，全年开展“法律进企业”“法律进小区”活动12场。\n")
    assert 150 < len(concise) < 250
    assert "PLAN-LENGTH" not in rule_ids(check_text(text[:start] + concise + text[end:], pack))
    slogans = "四、2025年推进法治政府建设的主要安排\n（一）进一步加强法治队伍建设。\n（二）持续深化执法规范化建设。\n"
    assert "PLAN-LENGTH" in rule_ids(check_text(text[:start] + slogans + text[end:], pack))
    one_line = "四、2025年推进法治政府建设的主要安排\n年内配齐法制审核员2名。\n"
    assert "PLAN-LENGTH" in rule_ids(check_text(text[:start] + one_line + text[end:], pack))


# 1c. round two of the causes: facts of the kind the title names, causes outside that are the level above

def test_facts_of_the_kind_the_title_names_are_its_cause_and_its_evaluative_words_restate_it(pack):
    facts = "一是执法力量薄弱。在编执法人员仅4名且均为兼职,夜间和节假日巡查难以覆盖。"
    assert not _about_first_item(check_text(_first_item_as(facts), pack), "STRUCT-CAUSES")
    restated = "一是执法力量薄弱。执法人员数量不足,队伍力量不强,难以适应工作需要。"
    assert _about_first_item(check_text(_first_item_as(restated), pack), "STRUCT-CAUSES")


def test_a_cause_in_the_level_above_is_outside_and_a_cause_with_you_guan_is_announced(pack):
    above = "一是执法力量与任务不相匹配。这既与区级编制总量控制有关,也与上级下达的专项整治任务逐年加重有关。"
    result = check_text(_first_item_as(above), pack)
    assert _about_first_item(result, "CAUSES-SUBJECTIVE") and not _about_first_item(result, "STRUCT-CAUSES")
    own = "一是执法力量与任务不相匹配。这主要与我镇执法人员多为兼职、业务培训全年仅1次有关。"
    result = check_text(_first_item_as(own), pack)
    assert not _about_first_item(result, "CAUSES-SUBJECTIVE") and not _about_first_item(result, "STRUCT-CAUSES")


# 2c. a plan answers in words jieba cuts apart; a short plan of concrete items is concise

def test_a_plan_term_cut_in_two_by_the_segmenter_still_names_its_matter(pack):
    lines = EXAMPLE.split("\n")
    leaders = "（四）深化第一责任人职责落实。全年组织领导班子集体学法不少于6次。"

    def unanswered(answer: str) -> list:
        return findings(check_text(EXAMPLE.replace(lines[21], answer).replace(lines[23], leaders), pack),
                        "PLAN-RESPONSIVE")
    assert not unanswered("（二）扩大覆盖。春节前后组织法律明白人入户,为返乡人员和留守老人讲解常用法律。")
    [found] = unanswered("（二）扩大覆盖。春节前后组织网格员入户,为返乡人员和留守老人讲解常用法律。")
    assert "法治宣传覆盖不均" in found.message


def test_a_plan_of_three_concrete_items_in_under_a_hundred_characters_is_concise(pack):
    start, end = EXAMPLE.index("四、2025年"), EXAMPLE.index("五、其他")
    short = ("四、2025年推进法治政府建设的主要安排\n年内招录法律专业人员2名,法制审核人员达到4名;6月底前建成执法信息共享平台,"
             "案件办理用时压缩到15天以内;全年开展法律进企业、进小区活动24场。\n")
    assert len(short) < 100
    assert "PLAN-LENGTH" not in rule_ids(check_text(EXAMPLE[:start] + short + EXAMPLE[end:], pack))


# 3b. what a 其中 list holds, and a rate of what went

def test_a_count_after_ling_you_is_not_one_of_the_parts(pack):
    line = "全年共受理行政复议申请40件,其中维持19件,撤销5件,终止7件,另有9件结转下年办理。"
    assert not findings(check_text(_edited(SEED["000"], "全年共排查出矛盾隐患1276件,", line), pack), "DATA-PARTS-SUM")
    over = "全年共受理行政复议申请40件,其中维持19件,撤销5件,终止7件,驳回12件。"
    assert findings(check_text(_edited(SEED["000"], "全年共排查出矛盾隐患1276件,", over), pack), "DATA-PARTS-SUM")


def test_a_rate_of_what_went_is_the_complement(pack):
    cut = "全市原有校外培训机构1386家,至年底压减至312家,压减率77.5%。"
    assert not findings(check_text(_edited(SEED["000"], "全年共排查出矛盾隐患1276件,", cut), pack), "DATA-RATE-CHECK")
    wrong = "全市原有校外培训机构1386家,至年底压减至312家,压减率70.5%。"
    assert findings(check_text(_edited(SEED["000"], "全年共排查出矛盾隐患1276件,", wrong), pack), "DATA-RATE-CHECK")


def test_a_target_in_next_years_plan_is_not_a_second_value_of_this_years_figure(pack):
    plan_3 = EXAMPLE.split("\n")[22]
    target = plan_3 + "全年办理行政处罚案件力争控制在350件以内,组织执法人员培训8场次。"
    assert not findings(check_text(_edited(EXAMPLE, plan_3, target), pack), "FIGURES-CONFLICT")
    measures = "全年对37件首违轻微案件依法不予处罚"
    twice = _edited(EXAMPLE, measures, measures + "。全年办理行政处罚案件420件")
    assert findings(check_text(twice, pack), "FIGURES-CONFLICT")


def test_how_the_titles_own_activity_is_done_describes_the_symptom(pack):
    described = ("一是法治宣传针对性不强。普法活动仍以集中宣讲、发放资料为主,形式比较单一,"
                 "面向新业态从业人员、流动人口的精准普法不足。")
    assert _about_first_item(check_text(_first_item_as(described), pack), "STRUCT-CAUSES")
    explained = "一是干部依法办事能力不强。镇里组织学法多是集中读文件、传达会议精神,很少结合征地拆迁等实际案例。"
    assert not _about_first_item(check_text(_first_item_as(explained), pack), "STRUCT-CAUSES")
    counted = "一是法治宣传针对性不强。全年普法经费仅3万元,宣传以发放资料为主。"
    assert not _about_first_item(check_text(_first_item_as(counted), pack), "STRUCT-CAUSES")


def test_many_times_is_no_act_of_the_principal_and_yi_ba_shou_heads_the_part(pack):
    deputies = ("三、党政主要负责人履行推进法治建设第一责任人职责情况\n县长高度重视法治政府建设,多次听取工作汇报并作出批示。"
                "常务副县长牵头召开全县法治政府建设工作推进会2次;分管副县长出庭应诉行政诉讼案件5件。\n")
    own = deputies.replace("县长高度重视法治政府建设,多次听取工作汇报", "县长主持召开县政府常务会议专题听取法治政府建设汇报3次")
    start, end = EXAMPLE.index("三、党政主要负责人"), EXAMPLE.index("四、2025年")
    assert findings(check_text(EXAMPLE[:start] + deputies + EXAMPLE[end:], pack), "FIRSTRESP-DEPUTIES")
    assert not findings(check_text(EXAMPLE[:start] + own + EXAMPLE[end:], pack), "FIRSTRESP-DEPUTIES")
    renamed = EXAMPLE.replace("三、党政主要负责人履行推进法治建设第一责任人职责情况", "三、街道“一把手”抓法治建设情况")
    assert renamed != EXAMPLE
    result = check_text(renamed, pack)
    assert "STRUCT-MISPLACED" not in rule_ids(result) and statuses(result)["first_responsible"] != "missing"


def test_some_fields_is_no_field(pack):
    vague = "一是法治政府建设推进还不够平衡。个别领域、个别环节仍存在短板弱项,工作的系统性、整体性有待进一步增强。"
    assert [f for f in findings(check_text(_first_item_as(vague), pack), "DEFICIT-SPECIFIC") if "个别领域" in f.excerpt]
    named = "一是法治政府建设推进还不够平衡。市场监管、自然资源等领域仍存在短板弱项,工作的系统性有待进一步增强。"
    assert not [f for f in findings(check_text(_first_item_as(named), pack), "DEFICIT-SPECIFIC") if "领域" in f.excerpt]
