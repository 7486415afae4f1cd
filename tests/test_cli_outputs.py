"""What a drafter or an office gets from the commands besides the checking itself: which result
files can be written, what a wrong input says, the page's downloads, the help on a terminal."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from urllib.parse import quote

import pytest

from checker.cli.chinese import columns
from checker.web import create_app, drafting_year

from .conftest import ROOT, SEEDS

COMPLETE = ROOT / "examples" / "示范街道2024年报告-完整.txt"   # nothing to find in it


def run(*args: str, cwd, columns: int = 80) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=ROOT,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(cwd), "COLUMNS": str(columns)})


def roster(path):
    import openpyxl
    book = openpyxl.Workbook()
    book.active.append(["单位名称"])
    book.active.append(["示范街道"])
    book.save(path)
    return path


@pytest.mark.parametrize("name", ["结果.pdf", "结果.xlsx"])
def test_check_refuses_a_result_file_it_cannot_write_as_audit_does(tmp_path, name):
    out = tmp_path / name
    proc = run("check", str(SEEDS[0]), "-o", str(out), cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == "" and not out.exists()
    ext = out.suffix
    assert f"不支持的结果格式“{ext}”" in proc.stderr and ".json" in proc.stderr and ".docx" in proc.stderr
    audit = run("audit", str(SEEDS[0]), "-o", str(tmp_path / f"汇总{ext}"), "--no-cache", cwd=tmp_path)
    assert f"不支持的结果格式“{ext}”" in audit.stderr or audit.returncode == 0   # audit writes .xlsx itself
    if ext == ".xlsx":
        assert "report-check audit" in proc.stderr      # where the office's spreadsheet comes from


def test_a_missing_roster_is_named_as_a_missing_file(tmp_path):
    out = tmp_path / "r.json"
    proc = run("audit", str(SEEDS[0]), "-o", str(out), "--expected", str(tmp_path / "不存在.xlsx"), cwd=tmp_path)
    assert proc.returncode == 2 and not out.exists()
    assert "不存在.xlsx" in proc.stderr and "名单文件不存在" in proc.stderr and "文件夹不存在" not in proc.stderr


def test_a_roster_named_as_the_report_is_refused_as_a_folder_holding_it_is(tmp_path):
    alone = roster(tmp_path / "名单.xlsx")
    named = run("audit", str(alone), "-o", str(tmp_path / "r.json"), "--no-cache", cwd=tmp_path)
    assert named.returncode == 2 and not (tmp_path / "r.json").exists()
    assert "名单.xlsx" in named.stderr and "不是报告的格式" in named.stderr and "--expected" in named.stderr
    folder = tmp_path / "只有名单"
    folder.mkdir()
    roster(folder / "名单.xlsx")
    assert run("audit", str(folder), "-o", str(tmp_path / "r.json"), "--no-cache", cwd=tmp_path).returncode == 2
    beside = run("audit", str(SEEDS[0]), str(alone), "-o", str(tmp_path / "r.json"), "--no-cache", cwd=tmp_path)
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert beside.returncode == 0 and [r["path"] for r in data["reports"]] == [str(SEEDS[0])]
    assert [s["path"] for s in data["audit"]["skipped"]] == [str(alone)]   # listed as not a report, not a bad one


@pytest.mark.parametrize("today, year", [(date(2025, 12, 3), 2025), (date(2025, 11, 1), 2025),
                                         (date(2025, 10, 31), 2024), (date(2026, 1, 15), 2025)])
def test_the_template_is_for_the_report_being_drafted(today, year):
    assert drafting_year(today) == year


def test_in_december_the_page_offers_this_years_template(pack, monkeypatch):
    import checker.web

    class December(date):
        @classmethod
        def today(cls) -> date:
            return date(2025, 12, 3)
    monkeypatch.setattr(checker.web, "date", December)
    client = create_app({pack.id: pack}, pack.id).test_client()
    assert 'id="year" type="number" min="2000" max="2100" value="2025"' in client.get("/").get_data(as_text=True)
    disposition = client.get("/api/template", query_string={"unit": "示范街道"}).headers["Content-Disposition"]
    assert quote("示范街道2025年法治政府建设年度报告（模板）.docx") in disposition


def test_the_exported_result_is_named_after_the_report(pack):
    client = create_app({pack.id: pack}, pack.id).test_client()
    uploaded = client.post("/api/check", data={"file": (COMPLETE.open("rb"), "示范街道报告.txt")},
                           content_type="multipart/form-data").get_json()
    disposition = client.post("/api/export", json=uploaded).headers["Content-Disposition"]
    assert quote("示范街道报告-检查结果.html") in disposition
    pasted = client.post("/api/check", data={"text": COMPLETE.read_text("utf-8")}).get_json()
    assert client.post("/api/export", json=pasted).headers["Content-Disposition"].endswith(quote("检查结果.html"))



def test_suggest_says_when_there_was_nothing_to_revise(tmp_path):
    quiet = run("check", str(COMPLETE), "-o", str(tmp_path / "意见.docx"), "--suggest", cwd=tmp_path)
    assert quiet.returncode == 0 and (tmp_path / "意见.docx").exists()
    said = [line for line in quiet.stderr.splitlines() if "修订" in line]
    assert said == ["--suggest：没有可直接写成修订的修改，未写修订"]
    revised = run("check", str(SEEDS[4]), "-o", str(tmp_path / "改.docx"), "--suggest", cwd=tmp_path)
    assert "未写修订" not in revised.stderr


BREAKS = "，。；：、！？"


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("command", ["check", "audit", ""])
def test_help_fits_the_terminal_and_keeps_chinese_phrases_whole(tmp_path, command, width):
    proc = run(*command.split(), "--help", cwd=tmp_path, columns=width)
    lines = proc.stdout.splitlines()
    assert proc.returncode == 0 and len(lines) > 5
    assert [line for line in lines if columns(line) > width - 2] == []   # a Chinese character takes two columns
    for before, after in zip(lines, lines[1:]):
        text = after.strip()
        if not text or not after.startswith("    ") or not description(before, len(after) - len(text)):
            continue   # not a text going on from one line to the next
        assert text[0] not in BREAKS + "）”", f"{before!r} / {after!r}"   # a line never starts with ，。 or ）
        joined = before.rstrip()[-1] + text[0]
        assert not re.fullmatch(r"[\u4e00-\u9fff]{2}", joined), f"{before!r} / {after!r}"   # nor splits 中文
    if command == "check" and width >= 80:
        assert any("批注版 Word 中，" in line for line in lines)
    if command == "audit" and width >= 80:
        assert any("（.xlsx .csv .txt，" in line for line in lines)


def description(line: str, column: int) -> str:
    """The text of `line` from terminal column `column` on, where an option's description (or its
    continuation) starts there; "" for an option name that runs past that column."""
    used = 0
    for i, c in enumerate(line):
        if used == column:
            return line[i:] if line[:i].endswith("  ") or not line[:i].strip() else ""
        used += columns(c)
    return ""


def test_an_audit_never_writes_over_a_report_or_into_the_audited_folder(tmp_path):
    """Red team 3, defect 11: `audit 收到的报告 -o 收到的报告/结果.html` replaced a submitted
    report of that name; a new .html there would be audited as a report next time."""
    folder = tmp_path / "收到的报告"
    folder.mkdir()
    report = folder / "结果.html"
    report.write_text("<html><body>某街道2024年法治政府建设年度报告</body></html>", encoding="utf-8")
    before = report.read_bytes()
    for out, feedback in ((report, None), (folder / "新结果.html", None), (tmp_path / "r.xlsx", folder / "反馈")):
        args = ["audit", str(folder), "-o", str(out), "--no-cache"] + (["--feedback", str(feedback)] if feedback else [])
        proc = run(*args, cwd=tmp_path)
        assert proc.returncode == 2 and "未写入任何文件" in proc.stderr, proc.stderr
    assert report.read_bytes() == before and not (folder / "新结果.html").exists() and not (folder / "反馈").exists()
    roster = tmp_path / "名单.csv"
    roster.write_text("单位名称\n某街道\n", encoding="utf-8")
    proc = run("audit", str(folder), "-o", str(roster), "--expected", str(roster), "--no-cache", cwd=tmp_path)
    assert proc.returncode == 2 and "不能覆盖所读的文件" in proc.stderr


def test_a_read_only_result_file_is_left_as_it_is(tmp_path):
    """Red team 3, defect 11: a result file of mode 444 was silently replaced by one of 644."""
    import stat
    out = tmp_path / "结果.json"
    out.write_text("{}", encoding="utf-8")
    out.chmod(0o444)
    for command in (("audit", str(ROOT / "examples"), "-o", str(out), "--no-cache"),
                    ("check", str(ROOT / "examples" / "示范街道2024年报告-完整.txt"), "-o", str(out))):
        proc = run(*command, cwd=tmp_path)
        assert proc.returncode == 2 and "只读" in proc.stderr, proc.stderr
        assert out.read_text("utf-8") == "{}" and stat.S_IMODE(out.stat().st_mode) == 0o444


def test_a_csv_only_audit_names_the_files_it_did_not_check_and_why(tmp_path):
    """Red team 3, weaknesses: 「原因见结果文件」 promised reasons only the .xlsx holds."""
    folder = tmp_path / "收到的报告"
    folder.mkdir()
    (folder / "报告.txt").write_text(SEEDS[0].read_text("utf-8"), encoding="utf-8")
    (folder / "扫描件.ofd").write_bytes(b"OFD")
    proc = run("audit", str(folder), "-o", str(tmp_path / "r.csv"), "--no-cache", cwd=tmp_path)
    assert proc.returncode == 0 and "未检查：扫描件.ofd（" in proc.stderr, proc.stderr
    proc = run("audit", str(folder), "-o", str(tmp_path / "r.xlsx"), "--no-cache", cwd=tmp_path)
    assert "未检查：" not in proc.stderr
