"""Every rule of the default pack is shown firing and silent by the pack's own fixtures
(rules/fixtures/fazhi-annual-report/, run as `report-check rules test` runs them)."""
from __future__ import annotations

import pytest

from checker.pack import fixtures as packtest
from checker.pack import load_pack

from .conftest import FIXTURES, ROOT, check_text, rule_ids
from .test_cli import run

PACK_FIXTURES = ROOT / "rules" / "fixtures" / "fazhi-annual-report"
SIDECARS = packtest.find_sidecars(str(PACK_FIXTURES))
SKELETON = (FIXTURES / "skeleton.txt").read_text("utf-8")


@pytest.mark.parametrize("sidecar", SIDECARS, ids=lambda p: p.rsplit("/", 1)[-1][: -len(packtest.SUFFIX)])
def test_fixture(sidecar, pack):
    outcome = packtest.run_fixture(sidecar, pack)
    assert outcome.passed, (outcome.error, [str(e) for e in outcome.missing],
                            [(f.rule, f.line, f.message) for f in outcome.unexpected], outcome.wrong_sections)


def test_every_rule_is_shown_firing_and_silent(pack):
    assert packtest.untested_rules(pack, SIDECARS) == []          # each rule fires in some fixture
    clean = packtest.load_fixture(str(PACK_FIXTURES / "clean.expect.yaml"), pack)
    assert [e.rule for e in clean[2]] == ["*"]                     # … and a clean report makes none fire
    assert (PACK_FIXTURES / "clean.txt").read_text("utf-8") == SKELETON


def test_rules_test_command_reports_failures(tmp_path):
    (tmp_path / "a.txt").write_text(SKELETON, encoding="utf-8")
    (tmp_path / "a.expect.yaml").write_text("must: [STRUCT-CAUSES]\nmust_not: [TITLE-MISSING]\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(SKELETON.replace("示范街道2024年法治政府建设年度报告\n\n", ""), encoding="utf-8")
    (tmp_path / "b.expect.yaml").write_text("must_not: [TITLE-MISSING]\nsections: {measures: missing}\n",
                                            encoding="utf-8")
    proc = run("rules", "test", str(ROOT / "rules" / "fazhi-annual-report.yaml"), str(tmp_path))
    assert proc.returncode == 1
    assert "不通过 a" in proc.stdout and "应报告但没有：STRUCT-CAUSES" in proc.stdout
    assert "不通过 b" in proc.stdout and "不应报告但报告了：TITLE-MISSING" in proc.stdout
    assert "部分状态不对：measures 应为 missing，实际为 ok" in proc.stdout
    assert "共 2 个用例：通过 0 个，不通过 2 个" in proc.stdout


@pytest.mark.parametrize("sidecar, words", [
    ("must: [NO-SUCH-RULE]\n", "NO-SUCH-RULE"),
    ("must: [{rul: X}]\n", "must/must_not"),
    ("mustnt: [X]\n", "只能有"),
    ("report: 没有这个文件.txt\nmust: []\n", "报告无法读取"),
])
def test_bad_fixtures_are_named(tmp_path, sidecar, words):
    (tmp_path / "x.txt").write_text(SKELETON, encoding="utf-8")
    (tmp_path / "x.expect.yaml").write_text(sidecar, encoding="utf-8")
    proc = run("rules", "test", str(ROOT / "rules" / "fazhi-annual-report.yaml"), str(tmp_path))
    assert proc.returncode in (1, 2) and words in proc.stdout + proc.stderr


def test_personal_data_is_masked_in_every_field(pack):
    text = SKELETON.replace("解决诉求57件。", "解决诉求57件，申请人身份证号11010519491231002X，电话13812345678。")
    result = check_text(text, pack)
    pii = [f for f in result.findings if f.rule.startswith("CONF-PII")]
    assert {f.rule for f in pii} == {"CONF-PII-ID", "CONF-PII-MOBILE"}
    for f in pii:
        shown = f.message + (f.excerpt or "")
        assert "11010519491231002X" not in shown and "13812345678" not in shown
    assert any("1101**********002X" in f.message for f in pii)
    assert any("138****5678" in f.message for f in pii)


def test_skeleton_scores_full_marks(pack):
    result = check_text(SKELETON, pack)
    assert result.score == 100 and rule_ids(result) == set() and load_pack().id == pack.id


def test_rules_that_ship_switched_off_still_fire_when_switched_on(tmp_path):
    """BASIS-CITED is good practice, not a requirement, so the default pack ships it off; an
    office that switches it on must get a rule that works both ways."""
    from checker.pack import load_pack

    from .conftest import ROOT, check_text
    pack_file = tmp_path / "on.yaml"
    pack_file.write_text("id: switched-on\nversion: '1'\ntitle: t\nextends: fazhi-annual-report\n"
                         "overrides:\n  BASIS-CITED: {enabled: true}\n", encoding="utf-8")
    pack = load_pack(str(pack_file))
    good = (ROOT / "examples" / "示范街道2024年报告-完整.txt").read_text("utf-8")
    assert "BASIS-CITED" not in {f.rule for f in check_text(good, pack).findings}
    bare = good.replace("根据《法治政府建设与责任落实督察工作规定》和《法治政府建设实施纲要（2021—2025年）》，", "")
    assert bare != good and "BASIS-CITED" in {f.rule for f in check_text(bare, pack).findings}


def test_a_pack_that_extends_another_is_asked_for_fixtures_of_its_own_rules_only(tmp_path):
    """The example pack (extends the default) listed the 58 rules it inherits unchanged as
    「没有用例」; those are the default pack's to test. A rule it changes is its own again."""
    example = ROOT / "rules" / "examples" / "某区规则包.yaml"
    proc = run("rules", "test", str(example))
    assert proc.returncode == 0, proc.stderr
    assert "没有任何用例" not in proc.stdout
    inherited = len(load_pack("fazhi-annual-report").enabled_rules)
    assert f"另有 {inherited - 1} 条规则原样继承自规则包 fazhi-annual-report" in proc.stdout  # one switched off
    changed = tmp_path / "p.yaml"
    changed.write_text(example.read_text("utf-8").replace(
        "overrides:\n", "overrides:\n  TITLE-MISSING: {level: error}\n"), encoding="utf-8")
    proc = run("rules", "test", str(changed), str(ROOT / "rules" / "examples" / "fixtures"))
    assert "没有任何用例要求它报告" in proc.stdout and "TITLE-MISSING" in proc.stdout.split("没有任何用例")[1]
