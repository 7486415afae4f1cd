"""Project configuration: found in the current or a parent folder, overridden by the
command line, every value's source shown; rule switches; baselines."""
from __future__ import annotations

import json

import pytest

from .conftest import FIXTURES, SEEDS
from .test_cli import run

CONFIG = """\
extends: fazhi-annual-report
rules:
  STRUCT-OTHER-ABSENT: off
  TITLE-MISSING: error
  DATA-DENSITY: {level: info, weight: 1}
fail-on: warning
min-score: 50
deadline: "01-15"
"""


def report_json(proc) -> dict:
    return json.loads(proc.stdout)["reports"][0]


def test_config_in_a_parent_folder_is_found_and_applied(tmp_path):
    (tmp_path / "有配置").mkdir()
    (tmp_path / "有配置" / ".report-check.yaml").write_text(CONFIG, encoding="utf-8")
    sub = tmp_path / "有配置" / "2021" / "报告"
    sub.mkdir(parents=True)
    report = sub / "县街街道.txt"
    report.write_text(SEEDS[4].read_text("utf-8"), encoding="utf-8")
    proc = run("check", str(report), "--format", "json", cwd=sub)
    rules = {f["rule"]: f for f in report_json(proc)["findings"]}
    assert "STRUCT-OTHER-ABSENT" not in rules
    assert rules["TITLE-MISSING"]["level"] == "error"
    assert rules["DEADLINE-SUBMIT"]["message"].startswith("落款日期 2022-01-21 晚于报送期限 2022-01-15")
    elsewhere = tmp_path / "无配置" / "县街街道.txt"   # the same report with no configuration above it
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(report.read_bytes())
    without = run("check", str(elsewhere), "--format", "json", cwd=elsewhere.parent)
    assert "STRUCT-OTHER-ABSENT" in {f["rule"] for f in report_json(without)["findings"]}


def test_each_report_takes_the_configuration_of_its_own_folder(tmp_path):
    """Like ruff: run from anywhere (pre-commit runs from the repository root), a report takes
    the .report-check.yaml found from its own folder upwards."""
    strict, lenient = tmp_path / "严格", tmp_path / "宽松"
    for folder, level in ((strict, "error"), (lenient, "warning")):
        folder.mkdir()
        (folder / "报告.txt").write_bytes(SEEDS[4].read_bytes())     # misses 第一责任人
        (folder / ".report-check.yaml").write_text(f"rules:\n  STRUCT-FIRSTRESP-MISSING: {level}\n", encoding="utf-8")
    assert run("check", str(lenient / "报告.txt"), cwd=str(tmp_path)).returncode == 0
    assert run("check", str(strict / "报告.txt"), cwd=str(tmp_path)).returncode == 1
    both = run("check", str(strict / "报告.txt"), str(lenient / "报告.txt"), cwd=str(tmp_path))
    assert both.returncode == 1 and both.stdout.count("━━ ") == 2
    machine = run("check", str(strict / "报告.txt"), str(lenient / "报告.txt"), "--format", "json", cwd=str(tmp_path))
    assert machine.returncode == 2 and "分属 2 个配置文件" in machine.stderr


def test_command_line_overrides_config_and_config_shows_sources(tmp_path):
    (tmp_path / ".report-check.yaml").write_text(CONFIG, encoding="utf-8")
    clean = FIXTURES / "skeleton.txt"
    seed = SEEDS[3]   # titled and signed: only warnings, even with TITLE-MISSING made an error
    assert run("check", str(seed), cwd=tmp_path).returncode == 1              # fail-on: warning from config
    assert run("check", str(seed), "--fail-on", "error", cwd=tmp_path).returncode == 0
    late = run("check", str(clean), "--format", "json", cwd=tmp_path)        # signed 02-10, deadline 01-15
    assert late.returncode == 1 and [f["rule"] for f in report_json(late)["findings"]] == ["DEADLINE-SUBMIT"]
    shown = run("config", "--min-score", "80", cwd=tmp_path).stdout
    assert f"配置文件：{tmp_path / '.report-check.yaml'}" in shown
    assert "不通过级别（fail-on）：warning　来源：" + str(tmp_path / ".report-check.yaml") in shown
    assert "最低分（min-score）：80.0　来源：命令行" in shown
    assert "报送期限（deadline）：01-15" in shown and "规则 STRUCT-OTHER-ABSENT：关闭" in shown
    plain = run("config", cwd=tmp_path.parent).stdout
    assert "未找到" in plain and "不通过级别（fail-on）：error　来源：默认" in plain and "报送期限（deadline）：03-01　来源：规则包" in plain


def test_pyproject_section(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.report-check]\nfail-on = "never"\n'
                                             '[tool.report-check.rules]\nSTRUCT-FIRSTRESP-MISSING = "warning"\n',
                                             encoding="utf-8")
    proc = run("check", str(SEEDS[4]), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0
    rules = {f["rule"]: f["level"] for f in report_json(proc)["findings"]}
    assert rules["STRUCT-FIRSTRESP-MISSING"] == "warning"
    assert "来源：" + str(tmp_path / "pyproject.toml") in run("config", cwd=tmp_path).stdout


def test_unknown_rule_or_key_in_config_is_an_error(tmp_path):
    (tmp_path / ".report-check.yaml").write_text("rules:\n  NO-SUCH-RULE: off\n", encoding="utf-8")
    proc = run("check", str(SEEDS[0]), cwd=tmp_path)
    assert proc.returncode == 2 and "NO-SUCH-RULE" in proc.stderr and ".report-check.yaml" in proc.stderr
    (tmp_path / ".report-check.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    proc = run("check", str(SEEDS[0]), cwd=tmp_path)
    assert proc.returncode == 2 and "不认识的配置项" in proc.stderr and "fail_on" in proc.stderr


def test_config_reaches_audit_workers(tmp_path):
    (tmp_path / ".report-check.yaml").write_text("rules:\n  STRUCT-OTHER-ABSENT: off\n", encoding="utf-8")
    out = tmp_path / "r.json"
    assert run("audit", str(SEEDS[1]), str(SEEDS[2]), str(SEEDS[4]), "-o", str(out), "-j", "2", "--no-cache",
               cwd=tmp_path).returncode == 0
    for report in json.loads(out.read_text("utf-8"))["reports"]:
        assert "STRUCT-OTHER-ABSENT" not in {f["rule"] for f in report["findings"]}


def test_baseline_shows_only_new_findings(tmp_path):
    report = tmp_path / "报告.txt"
    report.write_text(SEEDS[2].read_text("utf-8"), encoding="utf-8")
    base = tmp_path / "baseline.json"
    written = run("check", str(report), "--write-baseline", str(base))
    assert written.returncode == 0 and "已写入基线" in written.stderr
    same = run("check", str(report), "--baseline", str(base), "--format", "json", "--fail-on", "info")
    assert same.returncode == 0 and report_json(same)["findings"] == [] and report_json(same)["suppressed"] > 0
    # a new problem, and old ones moved down by an inserted line: only the new one is reported
    text = report.read_text("utf-8").replace("二、存在问题及原因分析", "联系人电话13812345678。\n二、存在问题及原因分析")
    report.write_text("（说明）\n" + text, encoding="utf-8")
    new = run("check", str(report), "--baseline", str(base), "--format", "json")
    assert new.returncode == 1
    assert [f["rule"] for f in report_json(new)["findings"]] == ["CONF-PII-MOBILE"]
    assert "已按基线忽略" in run("check", str(report), "--baseline", str(base)).stdout


def test_baseline_with_unknown_rule_is_reported(tmp_path):
    base = tmp_path / "b.json"
    base.write_text(json.dumps({"version": 1, "tool": "report-check",
                                "reports": {SEEDS[0].name: ["OLD-RULE:abc"]}}), encoding="utf-8")
    proc = run("check", str(SEEDS[0]), "--baseline", str(base))
    assert "OLD-RULE" in proc.stderr and "不存在" in proc.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    assert run("check", str(SEEDS[0]), "--baseline", str(bad)).returncode == 2


def test_a_configuration_among_the_received_reports_never_changes_an_audit(tmp_path):
    """Red team: a .report-check.yaml inside the received reports turned 55 不合格 into 88 良好."""
    folder = tmp_path / "收到的报告"
    folder.mkdir()
    (folder / "县街街道.txt").write_text(SEEDS[4].read_text("utf-8"), encoding="utf-8")
    (folder / ".report-check.yaml").write_text(
        "rules:\n  STRUCT-FIRSTRESP-MISSING: off\n  STRUCT-CAUSES: off\n  CAUSES-SUBJECTIVE: off\n", encoding="utf-8")
    baseline = tmp_path / "a.json"
    assert run("audit", str(SEEDS[4]), "-o", str(baseline), "--no-cache", cwd=tmp_path).returncode == 0
    for cwd in (folder, tmp_path):
        out = tmp_path / "b.json"
        proc = run("audit", str(folder), "-o", str(out), "--no-cache", cwd=cwd)
        assert proc.returncode == 0 and "已忽略报告文件夹中的配置文件" in proc.stderr, proc.stderr
        got = json.loads(out.read_text("utf-8"))["reports"][0]
        assert got["score"] == json.loads(baseline.read_text("utf-8"))["reports"][0]["score"]
        assert "STRUCT-FIRSTRESP-MISSING" in {f["rule"] for f in got["findings"]}


def test_a_rule_change_means_the_same_in_a_pack_and_in_a_config_and_changes_nothing_else(tmp_path):
    """Architecture review: `{weight: 10}` capped the deduction at 6 in a pack's overrides and
    at 10 in `.report-check.yaml`, and applying a config wrote the pack's deadline back into
    the settings it was given. Both now go through Rule.changed, which copies."""
    import copy

    from checker.config import configured_pack, settings
    from checker.pack import load_pack
    change = "STRUCT-CAUSES: {weight: 10, level: error}"
    pack_file = tmp_path / "本区.yaml"
    pack_file.write_text(f"id: ben-qu\nversion: '1'\ntitle: 本区\nextends: fazhi-annual-report\n"
                         f"overrides:\n  {change}\n", encoding="utf-8")
    (tmp_path / ".report-check.yaml").write_text(f"rules:\n  {change}\n", encoding="utf-8")
    original = load_pack().rule("STRUCT-CAUSES")
    assert original.max_deduction < 10
    by_pack = load_pack(str(pack_file)).rule("STRUCT-CAUSES")
    s = settings({}, cwd=str(tmp_path))
    before = copy.deepcopy(s)
    by_config = configured_pack(s).rule("STRUCT-CAUSES")
    assert (by_pack.weight, by_pack.max_deduction, by_pack.level) == (10, 10, "error")
    assert (by_config.weight, by_config.max_deduction, by_config.level) == (10, 10, "error")
    assert s == before
    assert load_pack().rule("STRUCT-CAUSES") == original


def test_a_lower_weight_lowers_the_cap_of_a_rule_without_one_of_its_own():
    """Review: every weight change kept the old cap, so `weight: 1` on a rule with no
    max_deduction of its own still deducted its old weight. Only a rule's own cap is kept
    (and raised by a higher weight)."""
    from checker.pack import load_pack
    pack = load_pack()
    plain = next(r for r in pack.rules if "max_deduction" not in r.params and r.weight > 1)
    assert plain.changed(weight=1).max_deduction == 1
    assert plain.changed(weight=plain.weight + 5).max_deduction == plain.weight + 5
    capped = next(r for r in pack.rules if "max_deduction" in r.params and r.max_deduction > r.weight)
    assert capped.changed(weight=capped.weight / 2).max_deduction == capped.max_deduction


def test_a_configuration_cannot_make_a_rule_on_research_alone_an_error(tmp_path):
    """#37: the level follows the basis, in a configuration as in a pack."""
    from checker.config import configured_pack, settings
    from checker.errors import CheckerError
    (tmp_path / ".report-check.yaml").write_text("rules:\n  PLAN-RESPONSIVE: error\n", encoding="utf-8")
    with pytest.raises(CheckerError, match="依据只是研究文献"):
        configured_pack(settings({}, cwd=str(tmp_path)))
