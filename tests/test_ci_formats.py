"""SARIF (valid against the SARIF 2.1.0 schema), GitHub annotations and JUnit XML."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import jsonschema

from .conftest import FIXTURES, SEEDS
from .test_cli import run

SARIF_SCHEMA = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text("utf-8"))


def test_sarif_is_valid_and_complete(tmp_path):
    broken = tmp_path / "坏.docx"
    broken.write_bytes(b"PK\x03\x04broken")
    proc = run("check", *map(str, SEEDS), str(broken), "--format", "sarif")
    sarif = json.loads(proc.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    run_ = sarif["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {"STRUCT-FIRSTRESP-MISSING", "STRUCT-CAUSES"}
    assert all(r["help"]["text"].startswith("依据：") and "依据层级：" in r["help"]["text"] for r in rules)
    assert all(r["helpUri"].startswith("http") for r in rules if "helpUri" in r)   # only where an official page exists
    assert all(r["properties"]["basis_level"] for r in rules)
    results = run_["results"]
    missing = next(r for r in results if r["ruleId"] == "STRUCT-FIRSTRESP-MISSING")
    assert missing["level"] == "error" and rules[missing["ruleIndex"]]["id"] == "STRUCT-FIRSTRESP-MISSING"
    causes = next(r for r in results if r["ruleId"] == "STRUCT-CAUSES" and "004" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
    assert causes["locations"][0]["physicalLocation"]["region"]["startLine"] == 18   # 二是工作成效有待提高: no cause
    assert run_["invocations"][0]["executionSuccessful"] is False
    assert "坏.docx" in run_["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]


def test_github_annotations():
    out = run("check", str(SEEDS[4]), "--format", "github").stdout.splitlines()
    assert any(re.fullmatch(r"::error file=.*004_e2eb399f616ad544\.txt,title=STRUCT-FIRSTRESP-MISSING::缺少.*", line)
               for line in out)
    assert any(line.startswith("::warning file=") and re.search(r",line=18,col=\d+,title=STRUCT-CAUSES::", line) for line in out)
    assert any(line.startswith("::notice ") for line in out)
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in out)


def test_junit_xml(tmp_path):
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    root = ET.fromstring(run("check", str(SEEDS[4]), str(FIXTURES / "skeleton.txt"), str(empty),
                             "--format", "junit").stdout)
    suites = root.findall("testsuite")
    assert len(suites) == 3
    seed = suites[0]
    failures = seed.findall("testcase/failure")
    assert int(seed.get("failures")) == len(failures) > 0
    assert any(f.get("type") == "error" and "第一责任人" in f.get("message") for f in failures)
    assert suites[1].get("failures") == "0" and suites[1].find("testcase").get("name") == "报告检查"
    assert suites[2].find("testcase/error") is not None and root.get("errors") == "1"


def test_nothing_from_a_file_name_text_or_pack_can_start_a_line_or_steer_a_terminal(tmp_path):
    """Red team: a file name with a newline injected `::error` commands on stdout and stderr; ESC
    through an extension or a pack message reached the terminal raw; U+FFFE/U+FFFF broke JUnit."""
    import xml.etree.ElementTree as ET
    name = tmp_path / "a\n::error file=README.md,line=1::Injected\nb.txt"
    name.write_text(SEEDS[4].read_text("utf-8") + "\n其中\ufffe\uffff字样。\n", encoding="utf-8")
    odd = tmp_path / "报告.t\x1b[31mxt"
    odd.write_text("x", encoding="utf-8")
    pack = tmp_path / "p.yaml"
    pack.write_text("id: p\nversion: '1'\ntitle: t\nextends: fazhi-annual-report\nrules:\n"
                    "  - {id: ESC, kind: phrase, mode: forbid, patterns: ['街道'], limit: 1, level: warning,\n"
                    "     message: \"\\e[2J清屏\\n::error::伪造\", basis: {text: \"b\\e[31m\"}}\n", encoding="utf-8")
    for fmt in ("text", "github", "junit", "json"):
        proc = run("check", str(name), str(odd), "--rules", str(pack), "--format", fmt)
        for stream in (proc.stdout, proc.stderr):
            assert "\x1b" not in stream
            assert not any(line.startswith("::error file=README.md") or line.startswith("::error::伪造")
                           for line in stream.splitlines()), (fmt, stream)
        if fmt == "junit":
            ET.fromstring(proc.stdout)   # well-formed XML
