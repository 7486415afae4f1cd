"""The command as a user runs it: output, exit codes, the JSON contract, bad input."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import jsonschema
import pytest

from .conftest import FIXTURES, ROOT, SEEDS, SUITE_CACHE, SUITE_HOME

SCHEMA = json.loads((ROOT / "checker" / "data" / "result.schema.json").read_text("utf-8"))


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env={"PATH": "/usr/bin:/bin", "HOME": str(SUITE_HOME),
                                                "XDG_CACHE_HOME": str(SUITE_CACHE)})


def test_json_for_all_seeds_matches_the_contract():
    proc = run("check", *map(str, SEEDS), "--format", "json")
    data = json.loads(proc.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert [r["path"] for r in data["reports"]] == list(map(str, SEEDS))
    assert data["rule_pack"]["id"] == "fazhi-annual-report"
    assert proc.returncode == 1  # seed 004 misses a required part: an error
    for report in data["reports"]:
        assert [s["id"] for s in report["sections"]] == ["measures", "shortcomings", "first_responsible",
                                                         "next_year", "other"]


def test_text_output_is_chinese_and_located():
    proc = run("check", str(SEEDS[4]))
    assert proc.returncode == 1
    out = proc.stdout
    assert "得分" in out and "等级" in out and "缺失" in out
    assert "第17行" in out and "规则 STRUCT-CAUSES" in out and "依据：" in out
    assert "\x1b[" not in out  # no colour when not on a terminal


def test_fail_on_and_min_score():
    clean = FIXTURES / "skeleton.txt"
    assert run("check", str(clean)).returncode == 0
    assert run("check", str(SEEDS[0])).returncode == 0          # warnings only
    assert run("check", str(SEEDS[0]), "--fail-on", "warning").returncode == 1
    assert run("check", str(SEEDS[4]), "--fail-on", "never").returncode == 0
    assert run("check", str(SEEDS[0]), "--min-score", "95").returncode == 1


def test_unreadable_file_is_reported_and_the_others_still_checked(tmp_path):
    empty = tmp_path / "空报告.txt"
    empty.write_text("")
    binary = tmp_path / "乱码.txt"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    missing = tmp_path / "不存在.txt"
    proc = run("check", str(SEEDS[0]), str(empty), str(binary), str(missing), "--format", "json")
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    by_path = {r["path"]: r for r in data["reports"]}
    assert by_path[str(SEEDS[0])]["status"] == "checked"
    for bad, words in ((empty, "空文件"), (binary, "不是文本文件"), (missing, "不存在")):
        report = by_path[str(bad)]
        assert report["status"] == "unreadable" and words in report["error"]
        assert f"{bad}: " in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 3


def test_unsupported_format_names_the_file(tmp_path):
    path = tmp_path / "报告.xyz"
    path.write_text("x")
    proc = run("check", str(path))
    assert proc.returncode == 2 and "不支持的文件格式" in proc.stdout and str(path) in proc.stdout


CLICK_ENGLISH = re.compile(r"Usage|Options|Commands|Show this|Show the|default:|required|Missing|Error|Invalid|"
                           r"No such|Did you mean|is not|Got unexpected|requires|Try '|INTEGER|FLOAT|TEXT|PATH|RANGE")
COMMANDS = ["", "check", "audit", "serve", "config", "schema", "template", "rules", "rules list", "rules show",
            "rules validate", "rules test", "rules list-packs"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_is_all_chinese(command):
    proc = run(*command.split(), "--help")
    assert proc.returncode == 0 and proc.stdout.startswith(f"用法：report-check {command}".rstrip())
    assert not CLICK_ENGLISH.search(proc.stdout), CLICK_ENGLISH.search(proc.stdout)


@pytest.mark.parametrize("args, words", [
    (["check", str(SEEDS[0]), "--bogus"], "没有选项“--bogus”"),
    (["check", str(SEEDS[0]), "--colr"], "你是不是要写"),
    (["check", str(SEEDS[0]), "--format", "pdf"], "“pdf”不对，应为以下之一"),
    (["check"], "缺少参数"),
    (["audit", "x", "-o", "y.xlsx", "-j", "0"], "不在允许的范围"),
    (["check", str(SEEDS[0]), "--min-score", "abc"], "“abc”不是数字"),
    (["rules", "show"], "缺少参数"),
    (["rules", "nonsense"], "没有命令“nonsense”"),
    (["config", "extra"], "多出了参数"),
    (["check", str(SEEDS[0]), "--rules"], "后面要写一个值"),
    (["template", "-o", "t.docx", "--year", "2025"], "缺少选项 “--unit”（"),
    (["chek"], "没有命令“chek”（你是不是要写"),
])
def test_usage_errors_are_chinese_and_say_where_to_look(args, words):
    proc = run(*args)
    assert proc.returncode == 2 and words in proc.stderr and "--help 查看用法" in proc.stderr
    assert not CLICK_ENGLISH.search(proc.stderr) and "Traceback" not in proc.stderr and proc.stdout == ""
    assert not re.search(r"\.\s|\.$|'|。\s*（", proc.stderr.strip()), proc.stderr   # Chinese stops and quotes


@pytest.mark.parametrize("command", ["", "rules"])
def test_a_bare_command_shows_its_help(command):
    proc = run(*command.split())
    assert proc.returncode == 0 and proc.stdout.startswith("用法：") and "用法不对" not in proc.stdout + proc.stderr


def test_bad_pack_stops_the_command(tmp_path):
    pack = tmp_path / "bad.yaml"
    pack.write_text("id: x\nversion: '1'\ntitle: t\nrules:\n  - id: A\n    kind: phrase\n", encoding="utf-8")
    proc = run("check", str(SEEDS[0]), "--rules", str(pack))
    assert proc.returncode == 2 and "第5行" in proc.stderr and "缺少必填字段" in proc.stderr
    assert proc.stdout == ""


@pytest.mark.parametrize("name, start", [("结果.json", '{\n  "format_version"'), ("结果.html", "<!DOCTYPE html>"),
                                         ("结果.sarif", '{\n  "$schema"'), ("结果.sarif.json", '{\n  "$schema"'),
                                         ("结果.xml", "<?xml"), ("结果.txt", "━━ ")])
def test_output_format_follows_the_extension(tmp_path, name, start):
    out = tmp_path / name
    assert run("check", str(SEEDS[0]), "-o", str(out)).returncode in (0, 1)
    assert out.read_text("utf-8").startswith(start)


def test_format_given_wins_and_a_contradiction_is_an_error(tmp_path):
    out = tmp_path / "结果.out"
    run("check", str(SEEDS[0]), "-o", str(out), "--format", "json")
    assert json.loads(out.read_text("utf-8"))["format_version"] == 1
    clash = run("check", str(SEEDS[0]), "-o", str(tmp_path / "结果.json"), "--format", "html")
    assert clash.returncode == 2 and "不一致" in clash.stderr and not (tmp_path / "结果.json").exists()


def test_a_folder_is_every_report_in_it(tmp_path):
    folder = tmp_path / "报告"
    (folder / "二季度").mkdir(parents=True)
    for seed in SEEDS[:2]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "二季度" / SEEDS[2].name).write_bytes(SEEDS[2].read_bytes())
    (folder / "说明.xlsx").write_bytes(b"PK")
    proc = run("check", str(folder), "--format", "json")
    checked = sorted(r["path"] for r in json.loads(proc.stdout)["reports"])
    assert checked == sorted(str(p) for p in [folder / SEEDS[0].name, folder / SEEDS[1].name,
                                              folder / "二季度" / SEEDS[2].name])
    assert "1 个文件不是报告的格式" in proc.stderr
    empty = tmp_path / "空文件夹"
    empty.mkdir()
    proc = run("check", str(empty))
    assert proc.returncode == 2 and "没有可检查的报告" in proc.stderr


def test_an_unreadable_file_is_told_once(tmp_path):
    empty = tmp_path / "空报告.txt"
    empty.write_text("")
    proc = run("check", str(empty))
    assert proc.returncode == 2 and proc.stdout.count("空文件") == 1 and proc.stderr == ""


def test_result_files_name_paths_as_the_user_gave_them(tmp_path):
    """No install folder in a result: a shipped pack is named by its id; the report by the path given."""
    proc = run("check", "examples/示范街道2024年报告-完整.txt", "--format", "json")
    data = json.loads(proc.stdout)
    assert data["rule_pack"]["path"] is None and data["rule_pack"]["id"] == "fazhi-annual-report"
    assert data["reports"][0]["path"] == "examples/示范街道2024年报告-完整.txt" and str(ROOT) not in proc.stdout
    out = tmp_path / "结果.html"
    run("check", "examples/示范街道2024年报告-完整.txt", "-o", str(out))
    assert str(ROOT) not in out.read_text("utf-8")


def test_the_json_contract_ships_with_the_tool(tmp_path):
    printed = run("schema")
    assert printed.returncode == 0 and json.loads(printed.stdout) == SCHEMA
    out = tmp_path / "result.schema.json"
    assert run("schema", "-o", str(out)).returncode == 0 and json.loads(out.read_text("utf-8")) == SCHEMA


def test_a_one_line_report_gives_the_character_too(tmp_path):
    """Seed 003 is one line of 4,000 characters: 第2行 alone finds nothing."""
    seed = str(SEEDS[3])
    data = json.loads(run("check", seed, "--format", "json").stdout)
    text = (ROOT / seed).read_text("utf-8")
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    deep = [f for f in data["reports"][0]["findings"] if f["column"] and f["column"] > 80]
    assert deep
    for f in deep:
        assert f["span"][0] == starts[f["line"] - 1] + f["column"] - 1
    shown = run("check", seed).stdout
    assert f"第{deep[0]['line']}行第{deep[0]['column']}字" in shown and "\\u3000" not in shown
    parts = [s for s in data["reports"][0]["sections"] if s["line"]]
    assert len({s["column"] for s in parts}) == len(parts) > 1         # the parts, too, each at its own character
    for part in parts:
        assert part["span"][0] == starts[part["line"] - 1] + part["column"] - 1
        assert f"{part['name']}　第{part['line']}行第{part['column']}字　{part['heading']}" in shown
    sarif = json.loads(run("check", seed, "--format", "sarif").stdout)
    assert any(r["locations"][0]["physicalLocation"].get("region", {}).get("startColumn") == deep[0]["column"]
               for r in sarif["runs"][0]["results"])
    assert f"line={deep[0]['line']},col={deep[0]['column']}" in run("check", seed, "--format", "github").stdout
    assert f"第{deep[0]['line']}行第{deep[0]['column']}字" in run("check", seed, "--format", "junit").stdout


def test_output_file(tmp_path):
    out = tmp_path / "结果.json"
    proc = run("check", str(SEEDS[0]), "--format", "json", "-o", str(out))
    assert proc.stdout == "" and json.loads(out.read_text("utf-8"))["reports"][0]["status"] == "checked"


def test_rules_list_show_validate():
    listing = run("rules", "list")
    assert listing.returncode == 0 and "STRUCT-CAUSES" in listing.stdout
    show = run("rules", "show", "STRUCT-CAUSES")
    assert show.returncode == 0
    assert "存在的不足和原因" in show.stdout and "依据文件：《" in show.stdout and "依据层级：党内法规" in show.stdout
    assert "官方发布网址：http://www.gov.cn/" in show.stdout
    assert "internal" not in show.stdout and "(力量|" not in show.stdout   # #35/#37: no raw regex lists under English keys
    assert "(力量|" in run("rules", "show", "STRUCT-CAUSES", "--raw").stdout
    assert run("rules", "show", "NO-SUCH-RULE").returncode == 2
    ok = run("rules", "validate", str(ROOT / "rules" / "fazhi-annual-report.yaml"))
    assert ok.returncode == 0 and "通过" in ok.stdout


def test_installed_console_script_runs():
    proc = subprocess.run(["report-check", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and "report-check" in proc.stdout


@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_encodings_from_the_command_line(tmp_path, encoding):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(SEEDS[2].read_text("utf-8").encode(encoding))
    data = json.loads(run("check", str(path), "--format", "json").stdout)
    assert data["reports"][0]["meta"]["year"] == 2023


def test_examples_run(tmp_path):
    pack = ROOT / "rules" / "examples" / "某区规则包.yaml"
    assert run("rules", "validate", str(pack)).returncode == 0
    gbk = run("check", str(ROOT / "examples" / "柳市镇2024年报告-GBK编码.txt"), "--format", "json")
    assert json.loads(gbk.stdout)["reports"][0]["meta"]["issuer"] == "乐清市柳市镇"
    good = run("check", str(ROOT / "examples" / "示范街道2024年报告-完整.txt"), "--rules", str(pack))
    assert good.returncode == 0 and "得分 100" in good.stdout
    (tmp_path / ".report-check.yaml").write_text((ROOT / "examples" / "report-check.yaml").read_text("utf-8"),
                                                 encoding="utf-8")
    shown = run("config", cwd=tmp_path).stdout
    assert "fazhi-township" in shown and "报送期限（deadline）：02-28" in shown and "规则 STRUCT-OTHER-ABSENT：关闭" in shown
    late = json.loads(run("check", str(SEEDS[3]), "--format", "json", cwd=tmp_path).stdout)["reports"][0]
    assert "DEADLINE-SUBMIT" not in {f["rule"] for f in late["findings"]}      # signed 2025-02-12: in time


def test_size_limit_is_configurable():
    proc = run("check", str(SEEDS[0]), "--max-size", "0.001", "--format", "json")
    report = json.loads(proc.stdout)["reports"][0]
    assert proc.returncode == 2 and report["status"] == "unreadable" and "文件过大" in report["error"]
    assert run("check", str(SEEDS[0]), "--max-size", "1").returncode == 0


@pytest.mark.parametrize("source, name, words", [
    ("tests/fixtures/documents/004.pdf", "报告.txt", "内容是PDF 文件。请把扩展名改为 .pdf"),
    ("tests/fixtures/documents/004-typed.docx", "报告.txt", "改为 .docx"),
    ("tests/fixtures/documents/004-typed.docx", "报告.html", "改为 .docx"),
    ("tests/fixtures/documents/004.doc", "报告.pdf", "改为 .doc"),
    ("tests/fixtures/documents/004.pdf", "报告.docx", "改为 .pdf"),
])
def test_extension_that_lies_about_the_content(tmp_path, source, name, words):
    path = tmp_path / name
    path.write_bytes((ROOT / source).read_bytes())
    proc = run("check", str(path))
    assert proc.returncode == 2 and words in proc.stdout and str(path) in proc.stdout


def test_markdown_reads_as_text(tmp_path):
    path = tmp_path / "报告.md"
    path.write_text(SEEDS[3].read_text("utf-8"), encoding="utf-8")
    report = json.loads(run("check", str(path), "--format", "json").stdout)["reports"][0]
    assert report["status"] == "checked" and report["meta"]["year"] == 2024


def test_coverage_table_in_every_output():
    data = json.loads(run("check", str(SEEDS[4]), "--format", "json").stdout)["reports"][0]["coverage"]
    table = data["COVERAGE-GANGYAO"]
    assert table["title"].startswith("《法治政府建设实施纲要") and len(table["areas"]) == 9
    assert table["areas"]["科技保障（数字法治政府）"] is False and table["areas"]["行政执法工作体系"] is True
    text = run("check", str(SEEDS[4])).stdout
    assert "提及 8/9 个方面" in text and "✗ 科技保障（数字法治政府）" in text
