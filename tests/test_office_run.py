"""The supervising office's run as the README shows it: the demonstration folder (31 files with
copies, a report on the wrong year, broken files, a unit that sent twice, units off the roster;
a roster with 序号 and a title row; last year's folder), audited with every output. Each count,
rank, mark and name the office would sign is held to what the folder's builder planted."""
from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys

import pytest

from .conftest import ROOT
from .test_readme import README

BUILDER = ROOT / "examples" / "make_office_folder.py"


def _builder():
    spec = importlib.util.spec_from_file_location("make_office_folder", BUILDER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module     # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """The folder built as the README builds it, then the README's audit command, plus -o …json."""
    desk = tmp_path_factory.mktemp("office")
    made = subprocess.run([sys.executable, str(BUILDER), str(desk / "演示")], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    command = next(line for line in README.splitlines() if line.startswith("report-check audit 演示/"))
    args = command.split()[1:] + ["-o", "演示/审查结果.json"]
    fresh = {**os.environ, "XDG_CACHE_HOME": str(desk / "缓存")}   # as on the office's first run: nothing cached
    proc = subprocess.run([sys.executable, "-m", "checker", *args], cwd=desk, capture_output=True, text=True,
                          timeout=600, env=fresh)
    assert proc.returncode == 0, proc.stderr
    result = json.loads((desk / "演示" / "审查结果.json").read_text("utf-8"))
    return desk / "演示", _builder().plan(), proc.stdout, result


def _by_file(result: dict) -> dict[str, dict]:
    return {r["path"].rsplit("/", 1)[-1]: r for r in result["reports"]}


def test_the_summary_counts_what_was_planted(office):
    _, plan, stdout, result = office
    audit = result["audit"]
    assert audit["total"] == len(plan.files) and audit["unreadable"] == len(plan.broken)
    counted_missing = set(plan.missing) | {plan.files[plan.wrong_year]} | {plan.files[b] for b in plan.broken
                                                                         if plan.files[b]}
    expected = audit["expected"]
    assert set(expected["missing"]) == counted_missing
    assert expected["submitted"] == len(plan.roster) - len(counted_missing)
    assert [t["unit"] if isinstance(t, dict) else t for t in expected["twice"]] and len(expected["twice"]) == 1
    assert len(expected["unlisted"]) == len(plan.unlisted) and len(expected["unidentified"]) == 1
    line = next(x for x in stdout.splitlines() if x.startswith("共 "))
    assert f"报送率 {expected['submitted']}/{len(plan.roster)}" in line
    assert all(unit in line for unit in counted_missing)


def test_the_readme_shows_this_run(office):
    """The summary in the README is this run's, but for the time it took."""
    _, _, stdout, _ = office
    line = next(x for x in stdout.splitlines() if x.startswith("共 "))
    shown = next(x for x in README.splitlines() if x.startswith("共 31 份"))
    same = re.compile(r"用时 [\d.]+ 秒")
    assert same.sub("用时", line) == same.sub("用时", shown)


def test_copies_are_marked_capped_and_ranked_below_reports_written_by_their_units(office):
    _, plan, _, result = office
    reports = _by_file(result)
    marked = {name for name, r in reports.items() if (r.get("copying") or {}).get("mark") == "雷同"}
    assert marked == set(plan.copies)
    for name in marked:
        assert reports[name]["score"] <= 74 and reports[name]["grade"] == "合格"
        assert reports[name]["copying"]["own_score"] >= reports[name]["score"]
    assert {name for name, r in reports.items() if (r.get("copying") or {}).get("mark") == "重复报送"} == \
        {name for name, unit in plan.files.items() if unit == plan.twice}


def test_every_comparison_names_a_file_the_office_gave(office):
    folder, plan, _, result = office
    given = {f"演示/收到的报告/{name}" for name in plan.files} | {f"演示/去年的报告/{name}" for name in plan.last_year}
    for row in result["audit"]["similar"]:
        assert {row["a"], row["b"], *row.get("members", [])} <= given, row
    repeated = {row["b"] for row in result["audit"]["similar"] if row["kind"] == "repeated_from_last_year"}
    assert repeated == {f"演示/收到的报告/{plan.repeated}"}


def test_the_spreadsheet_the_page_and_the_letters_say_the_same(office):
    from docx import Document
    from openpyxl import load_workbook
    folder, plan, _, result = office
    book = load_workbook(folder / "审查结果.xlsx", read_only=True)
    rows = list(book["总表"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == len(plan.files)
    column = {name: header.index(name) for name in ("排名", "文件", "报送时间", "雷同标记", "得分")}
    by_file = {row[column["文件"]].rsplit("/", 1)[-1]: row for row in body}
    assert {f for f, row in by_file.items() if row[column["雷同标记"]] == "雷同"} == set(plan.copies)
    assert "年度不符" in by_file[plan.wrong_year][column["报送时间"]]
    ranks = [(row[column["排名"]], row[column["得分"]]) for row in body if row[column["排名"]] not in ("", None)]
    assert ranks == sorted(ranks, key=lambda r: r[0]) and [s for _, s in ranks] == sorted((s for _, s in ranks),
                                                                                          reverse=True)
    sent = "\n".join(str(c) for row in book["报送情况"].iter_rows(values_only=True) for c in row if c)
    assert all(unit in sent for unit in result["audit"]["expected"]["missing"])
    page = (folder / "审查结果.html").read_text("utf-8")
    assert all(unit in page for unit in result["audit"]["expected"]["missing"]) and "雷同" in page
    letters = sorted((folder / "反馈意见").glob("反馈意见-*.docx"))
    assert len(letters) == len(plan.files)
    for copy in plan.copies:
        unit = _by_file(result)[copy]["meta"]["issuer"] or ""
        letter = next(p for p in letters if unit and unit in p.name)
        first = "\n".join(p.text for p in Document(str(letter)).paragraphs[:12])
        assert "雷同" in first, (copy, first)
