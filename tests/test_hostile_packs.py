"""Hostile rule packs (from other offices) are refused at load or bounded in time, with a
clear message; never a crash or a hang. Each runs as its own process: a crash would show
as a signal, not as a failed assertion."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .conftest import FIXTURES, SEEDS

HEAD = "id: x\nversion: '1'\ntitle: t\n"


def run(*args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, timeout=timeout)


def bomb() -> str:
    lines = [f"k0: &a0 [{','.join(['x'] * 9)}]"]
    lines += [f"k{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return HEAD + "\n".join(lines) + "\n"


@pytest.mark.parametrize("name, body, words", [
    ("alias-bomb", bomb(), "展开后过大"),
    ("self-alias", HEAD + "description: &a [*a]\n", "循环引用"),
    ("deep-flow", HEAD + "description: " + "[" * 100000 + "]" * 100000 + "\n", "嵌套层次过深"),
    ("deep-block", HEAD + "description:\n" + "".join("  " * i + "- \n" for i in range(300)), "嵌套层次过深"),
    ("dashes", HEAD + "description:\n" + "- " * 20000 + "x\n", "嵌套层次过深"),
    ("enormous", HEAD + "description: '" + "长" * 600_000 + "'\n", "过大"),
    ("nested-quantifier", HEAD + "rules:\n  - {id: A, kind: phrase, patterns: ['(由于.+)+。'], level: info, "
                                 "message: m, basis: {text: b}}\n", "(a+)+"),
    ("frame-subject", HEAD + "report: {subject_name: '(由于.+)+报告'}\n", "(a+)+"),
    ("binary", None, "UTF-8"),
    # red team: an apostrophe inside a plain scalar once hid 50,000 brackets from the nesting count (exit 139)
    ("deep-quote", HEAD + "description: [x, don't]\nrules: " + "[" * 50000 + "\n", "嵌套层次过深"),
    ("python-tag", HEAD + "description: !!python/name:os.system x\n", "不允许的 YAML 标签"),
    ("tab-indent", HEAD + "rules:\n\t- x\n", "制表符"),
    ("unclosed", HEAD + "description: [x\n", "方括号没有闭合"),
    ("deep-dquote", HEAD + 'description: [x, say"hi]\nrules: ' + "{" * 50000 + "\n", "嵌套层次过深"),
], ids=lambda value: value if isinstance(value, str) and len(value) < 20 else "")
def test_refused_at_load(tmp_path, name, body, words):
    path = tmp_path / f"{name}.yaml"
    if body is None:
        path.write_bytes(b"\xff\xfe\x00\x01" * 100)
    else:
        path.write_text(body, encoding="utf-8")
    proc = run("rules", "validate", str(path))
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-300:])   # 2, not a crash (negative: signal)
    assert words in proc.stdout + proc.stderr and str(path) in proc.stdout + proc.stderr and "Traceback" not in proc.stderr
    assert not re.search(r"[A-Za-z]{4,} [a-z]{3,}", proc.stderr.replace(str(path), "")), proc.stderr   # no English


def test_runaway_pattern_is_bounded_in_time(tmp_path):
    """A backtracking pattern the static check cannot see: each search is cut off, the report
    is named as not checked, the others are still checked."""
    pack = tmp_path / "slow.yaml"
    pack.write_text(HEAD + "extends: fazhi-annual-report\nrules:\n  - {id: SLOW, kind: phrase, mode: forbid, "
                    "patterns: ['(法|法法)+！'], level: info, message: m, basis: {text: b}}\n", encoding="utf-8")
    trap = tmp_path / "陷阱.txt"
    trap.write_text(SEEDS[0].read_text("utf-8") + "\n" + "法" * 60 + "\n", encoding="utf-8")
    proc = run("check", str(trap), str(FIXTURES / "skeleton.txt"), "--rules", str(pack), "--format", "json")
    assert proc.returncode == 2 and "规则 SLOW" in proc.stdout + proc.stderr and "超过" in proc.stdout + proc.stderr
    import json
    reports = json.loads(proc.stdout)["reports"]
    assert reports[0]["status"] == "unreadable" and "无法完成检查" in reports[0]["error"]
    assert reports[1]["status"] == "checked"


def test_non_finite_numbers_are_refused_at_load(tmp_path):
    """Red team: `weight: .inf` / `.nan` passed the schema and poisoned every score and JSON."""
    for value in (".inf", ".nan"):   # -.inf is already below the schema's minimum
        pack = tmp_path / "p.yaml"
        pack.write_text(HEAD + "extends: fazhi-annual-report\noverrides:\n  SIGNOFF: {weight: " + value + "}\n",
                        encoding="utf-8")
        proc = run("rules", "validate", str(pack))
        assert proc.returncode == 2 and "不是有限的数" in proc.stderr and "第6行" in proc.stderr, proc.stderr


def test_named_groups_that_catch_no_plain_number_are_skipped_not_fatal(tmp_path):
    """Red team: (?P<value>[0-9一二三…]+) on 组织培训三次 (ValueError), an optional (?P<whole>\\d+)? (TypeError)."""
    import json
    pack = tmp_path / "p.yaml"
    pack.write_text(HEAD + "extends: fazhi-annual-report\nrules:\n"
                    "  - {id: X, level: info, basis: {text: b}, kind: indicator, name: 培训次数,\n"
                    "     patterns: ['培训(?P<value>[0-9一二三四五六七八九十]+)次'], message: '培训{value}次'}\n"
                    "  - {id: Y, level: info, basis: {text: b}, kind: relation, message: m,\n"
                    "     patterns: ['受理(?P<whole>\\\\d+)?件办结(?P<part>\\\\d+)件']}\n", encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text(SEEDS[0].read_text("utf-8") + "\n全年组织培训三次，受理件办结5件。\n", encoding="utf-8")
    proc = run("check", str(report), "--rules", str(pack), "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["reports"][0]["indicators"]["X"][0]["value"] == 3


def test_a_four_hundred_digit_figure_never_becomes_infinity(tmp_path):
    import json
    report = tmp_path / "r.txt"
    report.write_text(SEEDS[0].read_text("utf-8") + "\n全年收到行政复议案件" + "9" * 400 + "件，调解成功率" + "9" * 400 + "%。\n",
                      encoding="utf-8")
    proc = run("check", str(report), "--format", "json")
    def refuse(constant):
        raise ValueError(constant)
    json.loads(proc.stdout, parse_constant=refuse)   # no Infinity or NaN anywhere
    assert proc.returncode in (0, 1), proc.stderr


@pytest.mark.parametrize("message, words", [
    ("请把“法治{”改为规范写法", "花括号不成对"),        # passed validation, then crashed every check
    ("{year:>400000000}", "只能写 {名称}"),             # took 300 s and 2.4 GB per finding
    ("{match.__class__}", "只能写 {名称}"),
])
def test_message_templates_are_checked_at_load(tmp_path, message, words):
    pack = tmp_path / "p.yaml"
    pack.write_text(HEAD + "extends: fazhi-annual-report\nrules:\n  - {id: X, level: info, basis: {text: b}, "
                    f"kind: phrase, mode: forbid, patterns: ['法治'], message: '{message}'}}\n", encoding="utf-8")
    proc = run("rules", "validate", str(pack))
    assert proc.returncode == 2 and words in proc.stderr and "第6行" in proc.stderr, proc.stderr


def test_messages_are_filled_without_str_format():
    from checker.context import fill_message
    assert fill_message("{year}年：{unknown}；{match}", {"year": 2024, "match": "{x:>9}"}) == "2024年：{unknown}；{x:>9}"


SLOW_FIELDS = ["patterns", "unless", "mention", "areas", "unless_heading", "headings", "not_headings"]


@pytest.mark.parametrize("field", SLOW_FIELDS)
def test_a_runaway_pattern_in_any_field_is_one_files_error_naming_the_field(tmp_path, field):
    """Red team (make_slow_regex_packs.py): a slow pattern in headings, not_headings, unless_heading or
    coverage areas aborted the whole run with no output and named neither file nor rule."""
    import json
    generator = FIXTURES.parents[2] / "shared" / "redteam" / "make_slow_regex_packs.py"
    if not generator.exists():
        pytest.skip("the red team's generators are not beside this checkout")
    example = FIXTURES.parents[1] / "examples" / "示范街道2024年报告-完整.txt"
    subprocess.run([sys.executable, str(generator), str(example), str(tmp_path)], check=True)
    proc = run("check", str(tmp_path / "trap.txt"), str(SEEDS[0]), "--rules",
               str(tmp_path / f"slow-{field}.yaml"), "--format", "json")
    assert proc.returncode == 2, proc.stderr
    trap, seed = json.loads(proc.stdout)["reports"]
    assert trap["status"] == "unreadable" and f"的 {field} " in trap["error"] and "(法|法法)+！" in trap["error"]
    assert seed["status"] == "checked"


def test_config_and_fixture_sidecars_are_read_under_the_pack_limits(tmp_path):
    """Red team: a 412-byte alias bomb in .report-check.yaml or a rules-test sidecar took 8 GB."""
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / ".report-check.yaml").write_text(bomb().replace(HEAD, ""), encoding="utf-8")
    (folder / "r.txt").write_text(SEEDS[0].read_text("utf-8"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "checker", "check", "r.txt"], capture_output=True, text=True,
                          timeout=120, cwd=folder)
    assert proc.returncode == 2 and "配置文件展开后过大" in proc.stderr, proc.stderr
    fixtures = tmp_path / "fixtures" / "p"
    fixtures.mkdir(parents=True)
    (fixtures / "a.txt").write_text(SEEDS[0].read_text("utf-8"), encoding="utf-8")
    (fixtures / "a.expect.yaml").write_text(bomb().replace(HEAD, ""), encoding="utf-8")
    pack = tmp_path / "p.yaml"
    pack.write_text("id: p\nversion: '1'\ntitle: t\nextends: fazhi-annual-report\n", encoding="utf-8")
    proc = run("rules", "test", str(pack))
    assert proc.returncode == 2 and "测试说明文件展开后过大" in proc.stdout + proc.stderr, proc.stdout + proc.stderr


def test_a_broken_pattern_in_a_section_is_refused_at_load_naming_its_field(tmp_path):
    pack = tmp_path / "p.yaml"
    pack.write_text(HEAD + "extends: fazhi-annual-report\nsections:\n  - {id: other, nested_headings: ['其他(']}\n",
                    encoding="utf-8")
    proc = run("rules", "validate", str(pack))
    assert proc.returncode == 2 and "部分“other”的 nested_headings" in proc.stdout + proc.stderr, proc.stderr


def test_only_shipped_packs_skip_the_checks(tmp_path, monkeypatch):
    """Red team: a validity marker planted in the cache folder (named by a hash of the tool's
    version, the schema and the pack's text) let a hostile pack skip every check. Nothing
    outside the package can vouch for a pack now."""
    import hashlib
    from importlib.resources import files

    from checker import __version__
    from checker.errors import PackError
    from checker.pack import load_pack
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    text = HEAD + "description: " + "[" * 5000 + "]" * 5000 + "\n"
    pack = tmp_path / "deep.yaml"
    pack.write_text(text, encoding="utf-8")
    schema = files("checker.packs").joinpath("pack.schema.json").read_text(encoding="utf-8")
    marks = tmp_path / "cache" / "report-check" / "valid-packs"
    marks.mkdir(parents=True)
    for version in range(1, 5):
        key = f"{__version__}\x00{version}\x00{schema}\x00{text}"
        (marks / hashlib.sha256(key.encode("utf-8")).hexdigest()).touch()
    with pytest.raises(PackError, match="嵌套层次过深"):
        load_pack(str(pack))


@pytest.mark.parametrize("name", ["fazhi-annual-report", "fazhi-department", "fazhi-township"])
def test_shipped_packs_pass_every_check_they_skip(tmp_path, name):
    """The shipped packs load without the checks; a copy outside the package gets them all."""
    from checker.pack import builtin_packs, load_pack
    copy = tmp_path / f"{name}.yaml"
    copy.write_text(open(builtin_packs()[name], encoding="utf-8").read(), encoding="utf-8")
    assert [r.id for r in load_pack(str(copy)).rules] == [r.id for r in load_pack(name).rules]


# Red team, round three (tests/redteam3/make_packs3.py): a counted repeat of a billion passed
# `rules validate` and ate 24 GB in the audit; a 400-digit weight ended in 内部错误.
@pytest.mark.parametrize("name, words", [("pattern-huge-repeat", "重复次数过大"), ("weight-huge-int", "应不大于 100"),
                                         ("weight-1e308", "应不大于 100"), ("limit-huge", "应不大于 1000")])
def test_round_three_packs_are_refused_at_load_with_a_reason(tmp_path, name, words):
    subprocess.run([sys.executable, str(FIXTURES.parent / "redteam3" / "make_packs3.py"), str(tmp_path)], check=True)
    pack = tmp_path / f"{name}.yaml"
    for args in (("rules", "validate", str(pack)), ("check", str(SEEDS[0]), "--rules", str(pack))):
        proc = run(*args)
        assert proc.returncode == 2 and words in proc.stderr and str(pack) in proc.stderr, proc.stderr
        assert "内部错误" not in proc.stderr


def test_counted_repeats_multiply_through_the_repeats_around_them(tmp_path):
    from checker.pack.schema import MAX_REPEAT_COUNT, _repeat_count
    assert _repeat_count("(?:法{1000}){1000}") > MAX_REPEAT_COUNT >= _repeat_count("[一二三]{1,20}(?:，\\d{1,15}){0,200}")


def test_a_long_extends_chain_is_refused_not_an_internal_error(tmp_path):
    """Red team 3, weaknesses: a 1,200-file extends chain ended in 内部错误 (RecursionError)."""
    for i in range(1200):
        parent = f"extends: p{i + 1}.yaml\n" if i < 1199 else "extends: fazhi-annual-report\n"
        (tmp_path / f"p{i}.yaml").write_text(f"id: p{i}\nversion: '1'\ntitle: t\n{parent}", encoding="utf-8")
    proc = run("rules", "validate", str(tmp_path / "p0.yaml"))
    assert proc.returncode == 2 and "超过 16 层" in proc.stderr and "内部错误" not in proc.stderr, proc.stderr[-300:]
