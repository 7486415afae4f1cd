"""Hostile rule packs (from other offices) are refused at load or bounded in time, with a
clear message; never a crash or a hang. Each runs as its own process: a crash would show
as a signal, not as a failed assertion."""
from __future__ import annotations

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
    ("binary", None, "UTF-8"),
    # red team: an apostrophe inside a plain scalar once hid 50,000 brackets from the nesting count (exit 139)
    ("deep-quote", HEAD + "description: [x, don't]\nrules: " + "[" * 50000 + "\n", "嵌套层次过深"),
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
    assert words in proc.stderr and str(path) in proc.stderr and "Traceback" not in proc.stderr


def test_runaway_pattern_is_bounded_in_time(tmp_path):
    """A backtracking pattern the static check cannot see: each search is cut off, the report
    is named as not checked, the others are still checked."""
    pack = tmp_path / "slow.yaml"
    pack.write_text(HEAD + "extends: fazhi-annual-report\nrules:\n  - {id: SLOW, kind: phrase, mode: forbid, "
                    "patterns: ['(法|法法)+！'], level: info, message: m, basis: {text: b}}\n", encoding="utf-8")
    trap = tmp_path / "陷阱.txt"
    trap.write_text(SEEDS[0].read_text("utf-8") + "\n" + "法" * 60 + "\n", encoding="utf-8")
    proc = run("check", str(trap), str(FIXTURES / "skeleton.txt"), "--rules", str(pack), "--format", "json")
    assert proc.returncode == 2 and "规则 SLOW" in proc.stderr and "超过" in proc.stderr
    import json
    reports = json.loads(proc.stdout)["reports"]
    assert reports[0]["status"] == "unreadable" and "无法完成检查" in reports[0]["error"]
    assert reports[1]["status"] == "checked"
