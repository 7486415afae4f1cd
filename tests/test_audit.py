"""`report-check audit`, the run and its outputs: every file accounted for, scores equal
`check`, sheets ready to hand on, the cache reused, a crashed worker costs one row. What is
shared between reports: test_audit_similarity.py; stopping an audit: test_audit_signals.py;
the roster: test_audit_roster.py."""
from __future__ import annotations

import json
import os
import re
import shutil
import time

import jsonschema
import openpyxl
import pytest
from openpyxl.worksheet.cell_range import CellRange

from checker.audit import run_audit
from checker.audit import worker as audit_worker
from checker.engine import check_path
from checker.pack import load_pack

from .conftest import FIXTURES, SEEDS
from .test_cli import SCHEMA, run

DOCS = FIXTURES / "documents"


def test_audit_outputs_and_scores_equal_check(folder, tmp_path, pack):
    outs = [tmp_path / f"审查结果.{ext}" for ext in ("xlsx", "csv", "json", "html")]
    proc = run("audit", str(folder), *sum((["-o", str(o)] for o in outs), []), "--cache", str(tmp_path / "c.db"),
               "-j", "2")
    assert proc.returncode == 0, proc.stderr
    assert "共 8 份" in proc.stdout and "无法读取 2 份" in proc.stdout and "Traceback" not in proc.stderr
    data = json.loads(outs[2].read_text("utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    reports = {r["path"]: r for r in data["reports"]}
    assert len(reports) == 8 and data["audit"]["unreadable"] == 2
    for path, report in reports.items():
        if report["status"] == "checked":
            assert report["score"] == check_path(path, pack).score, path
    bad = {os.path.basename(p): r["error"] for p, r in reports.items() if r["status"] != "checked"}
    assert "已损坏" in bad["损坏.docx"] and "空文件" in bad["空白.txt"]
    book = openpyxl.load_workbook(outs[0], read_only=True)
    assert book.sheetnames == ["总表", "问题明细", "规则统计", "相似内容", "未检查的文件", "说明"]
    about = dict(book["说明"].iter_rows(values_only=True))
    assert about["规则包版本"] == pack.version and pack.id in about["规则包"]
    rows = list(book["总表"].iter_rows(values_only=True))
    assert rows[0][:8] == ("排名", "报告单位", "文件", "年度", "落款日期", "报送时间", "得分", "等级")
    assert rows[1][6] == max(r["score"] for r in reports.values() if r["score"] is not None)
    assert any(row[-1] and "已损坏" in row[-1] for row in rows)
    assert len(list(book["问题明细"].iter_rows())) - 1 == sum(len(r["findings"]) for r in reports.values())
    csv_text = outs[1].read_text("utf-8-sig")
    assert csv_text.count("\n") == 9 and "空文件" in csv_text
    page = outs[3].read_text("utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)   # nothing fetched from a network
    assert "<link" not in page and "得分分布" in page


def test_no_status_word_begins_another_of_a_different_colour():
    """The sheet colours by "begins with": a status word that began another word of the same
    columns (a grade, a status, a level) would colour it too."""
    from checker.audit.spreadsheet import _tone_of, _tones
    from checker.audit.table import AuditData
    from checker.labels import LEVEL_CN, STATUS_CN
    for name in ("fazhi-annual-report", "fazhi-township", "fazhi-department"):
        pack = load_pack(name)
        tones = _tones(AuditData(pack=pack, reports=[], similar=[], seconds=0))
        words = set(tones) | {g["name"] for g in pack.grades} | set(STATUS_CN.values()) | set(LEVEL_CN.values())
        for word in tones:
            for other in words - {word}:
                if other.startswith(word):
                    assert _tone_of(other, tones) == tones[word], (name, word, other)


def test_a_cell_longer_than_excel_allows_is_cut_not_lost(tmp_path, pack):
    """Excel refuses a cell over 32,767 characters; the sheet is written with the text cut."""
    from checker.audit.spreadsheet import EXCEL_MOST, write_xlsx
    from checker.audit.table import AuditData
    long = "很长的原因" * 10_000
    data = AuditData(pack=pack, reports=[audit_worker.unreadable("a.txt", long, pack)], similar=[], seconds=0)
    write_xlsx(data, str(tmp_path / "a.xlsx"))
    rows = list(openpyxl.load_workbook(tmp_path / "a.xlsx")["总表"].iter_rows(values_only=True))
    assert len(rows[1][-1]) == EXCEL_MOST and rows[1][-1].startswith("很长的原因") and rows[1][-1].endswith("…")


def test_findings_beyond_excel_rows_go_on_in_a_second_sheet(folder, tmp_path, pack, monkeypatch):
    """A sheet holds 1,048,576 rows; a national batch has more findings. Past the limit they go
    on in 问题明细（2） (the writer refused the file; XlsxWriter had dropped them silently)."""
    from checker.audit import spreadsheet
    data = run_audit([str(folder)], pack, 1, None, 10 ** 8)
    findings = sum(len(r["findings"]) for r in data.reports)
    monkeypatch.setattr(spreadsheet, "EXCEL_ROWS", (findings + 1) // 2 + 1)   # the header and half the findings
    spreadsheet.write_xlsx(data, str(tmp_path / "a.xlsx"))
    book = openpyxl.load_workbook(tmp_path / "a.xlsx", read_only=True)
    assert book.sheetnames[:4] == ["总表", "问题明细", "问题明细（2）", "规则统计"]
    parts = [list(book[name].iter_rows(values_only=True)) for name in book.sheetnames[1:3]]
    assert parts[0][0] == parts[1][0] == tuple(spreadsheet.finding_rows(data)[0])   # each with the header
    assert [row for part in parts for row in part[1:]] == [
        tuple(spreadsheet._cell(v) for v in row) for row in spreadsheet.finding_rows(data)[1]]   # all, in order


def test_sheets_are_ready_to_hand_on(folder, tmp_path, pack):
    """Rule titles, not message templates; widths that fit; percentages; colour; paths from the folder."""
    from checker.audit.spreadsheet import WIDEST, text_width
    xlsx, html = tmp_path / "审查结果.xlsx", tmp_path / "审查结果.html"
    assert run("audit", str(folder), "-o", str(xlsx), "-o", str(html), "--no-cache").returncode == 0
    book = openpyxl.load_workbook(xlsx)
    for sheet in book.worksheets[:-1]:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and re.search(r"\{[a-z_]+\}|/tmp/|收到的报告", value)), value
    stats = book["规则统计"]
    header = [c.value for c in stats[1]]
    assert header[:5] == ["问题", "级别", "规则编号", "涉及报告数", "占比"]
    for row in stats.iter_rows(min_row=2):
        rule = pack.rule(row[2].value)
        assert row[0].value == rule.get("title") and row[4].number_format == "0.0%" and 0 < row[4].value <= 1
    summary = book["总表"]
    header = [c.value for c in summary[1]]
    files = [row[header.index("文件")].value for row in summary.iter_rows(min_row=2)]
    header_due = header.index("报送时间")
    assert "部门/深层/县街街道.pdf" in files and "000_a18e5368b7f470e7.txt" in files
    width = summary.column_dimensions[openpyxl.utils.get_column_letter(header.index("文件") + 1)].width
    assert width >= max(text_width(f) for f in files)
    tones = {(str(cf.sqref), rule.text): rule.dxf.fill.bgColor.rgb
             for cf in summary.conditional_formatting for rule in cf.rules if rule.type == "beginsWith"}
    fills = {word: rgb for (_, word), rgb in tones.items()}
    assert fills["缺失"].endswith("FFC7CE") and fills["不合格"].endswith("FFC7CE") and fills["已具备"].endswith("C6EFCE")
    for row in summary.iter_rows(min_row=2):   # every status word in the table is under its own rule
        for cell in row:
            if cell.value in fills:
                assert any(word == cell.value and cell.coordinate in CellRange(ref) for ref, word in tones)
    details = book["问题明细"]
    header = [c.value for c in details[1]]
    advice = header.index("问题和修改建议")
    assert details.column_dimensions[openpyxl.utils.get_column_letter(advice + 1)].width >= WIDEST
    long_cells = [row[advice] for row in details.iter_rows(min_row=2) if text_width(row[advice].value) > WIDEST]
    assert long_cells and all(c.alignment.wrap_text for c in long_cells)
    page = html.read_text("utf-8")
    assert page.count(str(folder)) == 1                      # named once, as the audited folder
    due = [row[header_due] for row in summary.iter_rows(min_row=2, values_only=True)
           if row[header_due] in ("逾期", "无落款日期")]
    assert due and sorted(re.findall(r'<td class="late">([^<]*)', page)) == sorted(due)   # marked on the page too
    chart = re.search(r'<svg id="rule-chart".*?</svg>', page, re.S).group(0)
    labels = re.findall(r"</title>([^<]+)</text>", chart)
    assert labels and all(re.search(r"[\u4e00-\u9fff]", label) and not re.match(r"[A-Z]+-", label) for label in labels)


def test_cache_rechecks_only_what_changed(folder, tmp_path, pack):
    cache = str(tmp_path / "cache.db")
    first = run_audit([str(folder)], pack, 1, cache, 10 ** 8)
    assert first.cached == 0
    second = run_audit([str(folder)], pack, 1, cache, 10 ** 8)
    assert second.cached == 6  # every readable file; the two bad ones are retried
    assert [r["score"] for r in second.reports] == [r["score"] for r in first.reports]
    edited = folder / SEEDS[0].name
    edited.write_text("秘密★\n" + edited.read_text("utf-8"), encoding="utf-8")   # a secret mark costs points
    third = run_audit([str(folder)], pack, 1, cache, 10 ** 8)
    assert third.cached == 5
    assert next(r for r in third.reports if r["path"] == str(edited))["score"] < \
        next(r for r in first.reports if r["path"] == str(edited))["score"]


def test_a_check_that_dies_mid_file_costs_one_row(folder, pack, monkeypatch):
    real = audit_worker.read_document

    def dies_on_pdf(path, *args):
        if path.endswith(".pdf"):
            os._exit(9)   # the process dies as if killed: no exception, no result
        return real(path, *args)
    monkeypatch.setattr(audit_worker, "read_document", dies_on_pdf)   # inherited by the forked children
    data = run_audit([str(folder)], pack, 2, None, 10 ** 8)
    rows = {os.path.basename(r["path"]): r for r in data.reports}
    assert len(rows) == 8
    assert "检查进程异常退出" in rows["县街街道.pdf"]["error"]
    assert sum(1 for r in rows.values() if r["status"] == "checked") == 5


def _one_bad_among(tmp_path, monkeypatch, count: int, name: str, misbehave) -> str:
    """A folder of `count` reports and one more, `name`, whose reading misbehaves (in the child)."""
    folder = tmp_path / "报告"
    folder.mkdir()
    _many(folder, count)
    (folder / name).write_text(SEEDS[0].read_text("utf-8"), encoding="utf-8")
    real = audit_worker.read_document

    def read(path, *args):
        if path.endswith(name):
            misbehave()
        return real(path, *args)
    monkeypatch.setattr(audit_worker, "read_document", read)   # inherited by the forked children
    return str(folder)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_check_killed_mid_audit_costs_one_row_and_one_new_child(tmp_path, pack, monkeypatch, jobs):
    """Red team: after one worker was killed, the rest of the audit ran one file per new
    pool (793 s instead of ~66 s). Children now answer the audit directly: a crash costs
    its own file, and one child is forked in its place; the rest run at full width."""
    from checker import sandbox
    folder = _one_bad_among(tmp_path, monkeypatch, 200, "0100杀手.txt", lambda: os._exit(9))
    forked, start = [], sandbox.Child._start

    def counted(child, args):
        forked.append(args)
        start(child, args)
    monkeypatch.setattr(sandbox.Child, "_start", counted)
    data = run_audit([folder], pack, jobs, None, 10 ** 8)
    rows = {os.path.basename(r["path"]): r for r in data.reports}
    assert len(rows) == 201 and "检查进程异常退出" in rows["0100杀手.txt"]["error"]
    assert sum(1 for r in rows.values() if r["status"] == "checked") == 200
    assert len(forked) == jobs + 1, forked


def test_a_check_past_its_time_is_a_row_and_the_others_go_on(tmp_path, pack, monkeypatch):
    from checker import sandbox
    folder = _one_bad_among(tmp_path, monkeypatch, 20, "0005慢.txt", lambda: time.sleep(60))
    monkeypatch.setattr(sandbox, "SECONDS", 2.0)
    data = run_audit([folder], pack, 2, None, 10 ** 8)
    rows = {os.path.basename(r["path"]): r for r in data.reports}
    assert len(rows) == 21 and "检查超时" in rows["0005慢.txt"]["error"]
    assert sum(1 for r in rows.values() if r["status"] == "checked") == 20


def test_deadline_marks_late_and_unsigned(tmp_path):
    out = tmp_path / "r.csv"
    proc = run("audit", str(SEEDS[3]), str(SEEDS[4]), str(SEEDS[0]), "-o", str(out), "--no-cache",
               "--deadline", "2022-01-01")
    assert proc.returncode == 0
    rows = {line.split(",")[2]: line for line in out.read_text("utf-8-sig").splitlines()[1:]}
    assert ",逾期," in rows[SEEDS[4].name]          # signed 2022-01-21
    assert ",逾期," in rows[SEEDS[3].name]          # signed 2025-02-12
    assert ",无落款日期," in rows[SEEDS[0].name]
    default = run("audit", str(SEEDS[4]), "-o", str(out), "--no-cache")   # the pack's 3月1日
    assert default.returncode == 0 and ",按时," in out.read_text("utf-8-sig")


def test_audit_that_cannot_be_done_exits_2(tmp_path):
    assert "不支持的结果格式" in run("audit", str(SEEDS[0]), "-o", str(tmp_path / "r.pdf")).stderr
    proc = run("audit", str(SEEDS[0]), "-o", str(tmp_path / "没有这个文件夹" / "r.xlsx"))
    assert proc.returncode == 2 and "无法写入" in proc.stderr
    assert run("audit", str(SEEDS[0]), "-o", str(tmp_path / "r.pdf")).returncode == 2


def test_missing_input_is_a_row(tmp_path):
    out = tmp_path / "r.json"
    proc = run("audit", str(SEEDS[0]), str(tmp_path / "不存在.docx"), "-o", str(out), "--no-cache")
    assert proc.returncode == 0
    errors = [r["error"] for r in json.loads(out.read_text("utf-8"))["reports"]]
    assert "文件不存在" in errors


def _many(folder, count):
    texts = [s.read_text("utf-8") for s in SEEDS]
    for i in range(count):
        text = texts[i % 5]
        for unit in ("浦沿街道", "川沙新镇", "新市街道", "柳市镇", "县街街道"):
            text = text.replace(unit, f"第{i}街道")
        (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")


def test_a_few_hundred_mixed_reports(tmp_path, pack):
    folder = tmp_path / "全区"
    folder.mkdir()
    _many(folder, 240)
    for i, name in enumerate(["000-styled.docx", "001.pdf", "002.html", "003-autonum.docx", "004.pdf"] * 6):
        shutil.copy(DOCS / name, folder / f"x{i:02d}{os.path.splitext(name)[1]}")
    (folder / "损坏.pdf").write_bytes(b"%PDF-1.5\n%broken")
    (folder / "空.docx").write_bytes(b"")
    out = tmp_path / "r.json"
    others = [tmp_path / "r.xlsx", tmp_path / "r.csv", tmp_path / "r.html"]
    proc = run("audit", str(folder), "-o", str(out), *sum((["-o", str(o)] for o in others), []), "-j", "2",
               "--cache", str(tmp_path / "c.db"))
    assert proc.returncode == 0, proc.stderr
    summary = list(openpyxl.load_workbook(others[0], read_only=True)["总表"].iter_rows(values_only=True))
    assert len(summary) == 273 and others[1].read_text("utf-8-sig").count("\n") == 273
    assert others[2].read_text("utf-8").count("<details") == 272
    reports = json.loads(out.read_text("utf-8"))["reports"]
    assert len(reports) == 272 and sum(r["status"] != "checked" for r in reports) == 2
    for report in reports[::7] + [r for r in reports if not r["path"].endswith(".txt")]:
        if report["status"] == "checked":   # the .txt are renamed copies of five texts: capped, their own score kept
            own = report["copying"]["own_score"] if "copying" in report else report["score"]
            assert own == check_path(report["path"], pack).score
    assert all(r["copying"]["mark"] == "雷同" and r["score"] <= 74 for r in reports if r["path"].endswith(".txt"))


def test_coverage_columns_in_the_audit_sheet(tmp_path):
    out = tmp_path / "r.xlsx"
    assert run("audit", str(SEEDS[4]), str(SEEDS[0]), "-o", str(out), "--no-cache").returncode == 0
    rows = list(openpyxl.load_workbook(out, read_only=True)["总表"].iter_rows(values_only=True))
    header = rows[0]
    columns = [i for i, h in enumerate(header) if h and h.startswith("覆盖：")]
    assert len(columns) == 9
    by_unit = {row[1]: row for row in rows[1:]}
    digital = header.index("覆盖：科技保障（数字法治政府）")
    assert by_unit["安宁市人民政府县街街道办事处"][digital] == "✗" and by_unit["浦沿街道"][digital] == "✓"


def test_equal_scores_share_a_rank(tmp_path):
    folder = tmp_path / "报告"
    folder.mkdir()
    for name in ("甲", "乙"):
        (folder / f"{name}.txt").write_text(SEEDS[4].read_text("utf-8").replace("县街街道", f"{name}街道"), encoding="utf-8")
    (folder / "丙.txt").write_text(SEEDS[0].read_text("utf-8"), encoding="utf-8")
    out = tmp_path / "r.xlsx"
    assert run("audit", str(folder), "-o", str(out), "--no-cache").returncode == 0
    rows = list(openpyxl.load_workbook(out, read_only=True)["总表"].iter_rows(values_only=True))[1:]
    ranks = {os.path.basename(r[2]): r[0] for r in rows}
    assert ranks["丙.txt"] == 1 and ranks["甲.txt"] == ranks["乙.txt"] == 2


def test_the_json_result_is_streamed_yet_exactly_the_document(folder, tmp_path, pack):
    """The JSON file is written one report at a time (a national batch's would otherwise be
    built as one string of gigabytes); what it holds is exactly the document, also for a
    batch with no readable report."""
    from checker.audit.writers import json_document, write_json
    data = run_audit([str(folder)], pack, 1, None, 10 ** 8)
    out = tmp_path / "结果.json"
    write_json(data, str(out))
    assert json.loads(out.read_text("utf-8")) == json.loads(json.dumps(json_document(data), ensure_ascii=False))
    data.reports = []
    write_json(data, str(out))
    assert json.loads(out.read_text("utf-8"))["reports"] == []


def test_audit_and_check_json_open_with_the_same_envelope(tmp_path):
    """Architecture review: the audit built its own envelope, which had drifted (no pack title)."""
    folder = tmp_path / "报告"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder / SEEDS[0].name)
    checked = json.loads(run("check", str(folder / SEEDS[0].name), "--format", "json").stdout)
    out = tmp_path / "r.json"
    assert run("audit", str(folder), "-o", str(out), "--no-cache", "-j", "1").returncode == 0
    audited = json.loads(out.read_text("utf-8"))
    envelope = ("format_version", "tool", "rule_pack")
    assert {k: audited[k] for k in envelope} == {k: checked[k] for k in envelope}
    assert audited["rule_pack"]["title"]


def test_an_audit_never_loads_scipy_and_from_its_cache_not_jieba(tmp_path):
    """Importing datasketch pulls in scipy (about half a second a process) for numbers the
    signatures make themselves; jieba is loaded only when a report is checked afresh."""
    import subprocess
    import sys
    folder = tmp_path / "报告"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    command = [sys.executable, "-X", "importtime", "-m", "checker", "audit", str(folder), "-o", str(tmp_path / "r.json"),
               "--cache", str(tmp_path / "c.db"), "-j", "1", "--no-progress"]
    first = subprocess.run(command, capture_output=True, text=True)
    again = subprocess.run(command, capture_output=True, text=True)
    assert first.returncode == again.returncode == 0

    def imported(proc) -> set[str]:
        return {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    assert "jieba" in imported(first) and "jieba" not in imported(again)
    assert not {"datasketch", "scipy"} & (imported(first) | imported(again))
    assert json.loads((tmp_path / "r.json").read_text("utf-8"))["audit"]["from_cache"] == len(SEEDS)
