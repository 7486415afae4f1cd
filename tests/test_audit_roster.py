"""`audit --expected 名单`: the roster as offices keep it (序号 first, a title above the header,
notes and totals below) gives its units, and the accounting names who has not submitted —
a report for another year or a file that cannot be read does not make a unit submitted."""
from __future__ import annotations

import json
import os
import re
import shutil

import jsonschema
import openpyxl
import pytest

from .conftest import ROOT, SEEDS
from .test_cli import SCHEMA, run

UNITS = ["浦沿街道", "川沙新镇", "柳市镇", "示范街道", "县街街道", "新市街道", "某某镇"]


@pytest.fixture(scope="module")
def received(tmp_path_factory):
    """Reports as units send them: 浦沿 (2024, and last year's too), 川沙 (2023), 柳市 (2024),
    示范 (2024), 县街 (2021); 新市街道's file is broken, and so is a file named after no unit."""
    folder = tmp_path_factory.mktemp("roster") / "收到的报告"
    folder.mkdir()
    seed = {s.name[:3]: s for s in SEEDS}
    shutil.copy(seed["000"], folder / "浦沿.txt")
    (folder / "浦沿-上年.txt").write_text(seed["000"].read_text("utf-8").replace("2024", "2023"), encoding="utf-8")
    shutil.copy(seed["001"], folder / "川沙.txt")
    shutil.copy(seed["003"], folder / "柳市.txt")
    shutil.copy(seed["004"], folder / "县街.txt")
    shutil.copy(ROOT / "examples" / "示范街道2024年报告-完整.txt", folder)
    (folder / "新市街道2024年报告.docx").write_bytes(b"PK\x03\x04 broken")
    (folder / "扫描件.docx").write_bytes(b"PK\x03\x04 broken")
    return folder


def _xlsx(path, rows, merged=()):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    for cells in merged:
        book.active.merge_cells(cells)
    book.save(path)
    return path


def _numbered(header=("序号", "单位名称", "联系人", "联系电话", "备注")):
    return [list(header)] + [[i, name, "张三", "0571-8888", ""] for i, name in enumerate(UNITS, 1)]


TITLE = "2024年度法治政府建设年度报告应报送单位名单"
LAYOUTS = {
    "序号在第一列": _numbered(),
    "合并的标题、空行、备注列": [[TITLE], [None]] + _numbered(),
    "附件、标题、分组、合计和注": [["附件1"], [TITLE], ["填报单位：区司法局", None, None, "2025年1月6日"],
                         ["序号", "单位名称", "联系人", "备注"], ["一、乡镇街道"]]
                        + [[i, name, "张三", ""] for i, name in enumerate(UNITS[:5], 1)]
                        + [["二、其他"]] + [[i, name, "李四", "新增"] for i, name in enumerate(UNITS[5:], 6)]
                        + [["合计", "7个"], ["注：请于2025年3月1日前报送。"]],
    "主管单位在前": [["序号", "主管单位", "单位（部门）名称"]] + [[i, "区政府", name] for i, name in enumerate(UNITS, 1)],
    "没有表头、有序号": [[TITLE]] + [[i, name, "张三"] for i, name in enumerate(UNITS, 1)],
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_units_are_read_from_the_column_headed_as_offices_head_it(tmp_path, received, layout):
    """A roster with 序号 first gave 报送率 0/29 and listed units 1, 2, 3… as not submitted."""
    merged = ["A1:E1"] if layout.startswith("合并") else ["A5:D5", "A11:D11", "A15:D15"] if layout.startswith("附件") else []
    roster = _xlsx(tmp_path / "名单.xlsx", LAYOUTS[layout], merged)
    out = tmp_path / "r.json"
    proc = run("audit", str(received), "-o", str(out), "--no-cache", "--expected", str(roster))
    assert proc.returncode == 0, proc.stderr
    expected = json.loads(out.read_text("utf-8"))["audit"]["expected"]
    assert expected["expected"] == 7 and expected["missing"] == ["新市街道", "某某镇"], expected["missing"]
    assert "报送率 5/7（71.4%）" in proc.stdout


def test_a_csv_roster_with_a_title_and_a_serial_number_column(tmp_path, received):
    roster = tmp_path / "名单.csv"
    lines = [TITLE, "序号,报送单位,备注"] + [f"{i},{name}," for i, name in enumerate(UNITS, 1)]
    roster.write_bytes("\r\n".join(lines).encode("gbk"))
    out = tmp_path / "r.json"
    proc = run("audit", str(received), "-o", str(out), "--no-cache", "--expected", str(roster))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text("utf-8"))["audit"]["expected"]["expected"] == 7


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_header_with_no_unit_column_stops_and_says_what_was_looked_for(tmp_path, received, kind):
    rows = [["序号", "名字", "联系人"]] + [[i, name, "张三"] for i, name in enumerate(UNITS, 1)]
    roster = tmp_path / f"名单.{kind}"
    if kind == "xlsx":
        _xlsx(roster, rows)
    else:
        roster.write_text("\n".join(",".join(map(str, row)) for row in rows), encoding="utf-8")
    out = tmp_path / "r.json"
    proc = run("audit", str(received), "-o", str(out), "--no-cache", "--expected", str(roster))
    assert proc.returncode == 2 and not out.exists() and "Traceback" not in proc.stderr
    assert str(roster) in proc.stderr and "找不到单位名称所在的列" in proc.stderr and "“单位名称”" in proc.stderr


def test_wrong_year_and_unreadable_reports_do_not_count_and_the_missing_are_named(tmp_path, received):
    roster = _xlsx(tmp_path / "名单.xlsx", [[TITLE], [None]] + _numbered(), ["A1:E1"])
    outs = [tmp_path / f"r.{ext}" for ext in ("json", "xlsx", "html")]
    proc = run("audit", str(received), *sum((["-o", str(o)] for o in outs), []), "--no-cache",
               "--expected", str(roster), "--year", "2024")
    assert proc.returncode == 0, proc.stderr
    named = ("未报送 4 个单位：川沙新镇（交的是 2023 年报告）、县街街道（交的是 2021 年报告）、"
             "新市街道（文件无法读取）、某某镇")
    assert "报送率 3/7（42.9%），无法识别单位的文件 1 份；" + named in proc.stdout
    # 浦沿's 2023 report is not a second submission for 2024 (its text, the 2024 one's, is flagged as a copy)
    assert "名单外" not in proc.stdout and "重复报送 1 个单位" not in proc.stdout
    data = json.loads(outs[0].read_text("utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    expected = data["audit"]["expected"]
    assert expected["submitted"] == 3 and expected["missing"] == ["川沙新镇", "县街街道", "新市街道", "某某镇"]
    assert expected["why_missing"]["川沙新镇"] == "交的是 2023 年报告" and expected["unlisted"] == []
    assert [os.path.basename(u["path"]) for u in expected["unidentified"]] == ["扫描件.docx"]
    book = openpyxl.load_workbook(outs[1], read_only=True)
    states = {(row[0], row[1], row[3]) for row in book["报送情况"].iter_rows(values_only=True)}
    assert {("浦沿街道", "已报送", "浦沿.txt"), ("浦沿街道", "已报送（此份不计：交的是 2023 年报告）", "浦沿-上年.txt"),
            ("川沙新镇", "未报送（交的是 2023 年报告）", "川沙.txt"),
            ("新市街道", "未报送（文件无法读取）", "新市街道2024年报告.docx"), ("某某镇", "未报送", None),
            ("（无法识别单位）", "无法识别单位（文件无法读取）", "扫描件.docx")} <= states
    about = dict(book["说明"].iter_rows(values_only=True))
    assert named in about["审查概况"] and about["未报送的单位"] == named.split("：", 1)[1]
    heading = re.search(r'<div class="meta">(.*?)</div>', outs[2].read_text("utf-8"), re.S).group(1)
    assert named in heading


def test_many_units_missing_are_named_up_to_ten_then_counted(tmp_path, received):
    many = [f"{c}{d}镇" for c in "东南西北中" for d in "甲乙丙丁戊"]
    roster = _xlsx(tmp_path / "名单.xlsx", [["序号", "单位名称"]] + [[i, n] for i, n in enumerate(["浦沿街道"] + many, 1)])
    outs = [tmp_path / "r.xlsx", tmp_path / "r.html"]
    proc = run("audit", str(received), "-o", str(outs[0]), "-o", str(outs[1]), "--no-cache", "--expected", str(roster))
    assert proc.returncode == 0, proc.stderr
    assert f"未报送 25 个单位：{'、'.join(many[:10])}等 25 个" in proc.stdout and many[10] not in proc.stdout
    about = dict(openpyxl.load_workbook(outs[0], read_only=True)["说明"].iter_rows(values_only=True))
    assert about["未报送的单位"] == "、".join(many)                   # the sheet names them all
    assert f"未报送的单位：{'、'.join(many)}" in outs[1].read_text("utf-8")


@pytest.fixture()
def submitted(tmp_path):
    """Four reports as units send them, one of them twice, one on another year, and one from
    a unit not on the list."""
    folder = tmp_path / "收到的报告"
    folder.mkdir()
    texts = {s.name[:3]: s.read_text("utf-8") for s in SEEDS}
    (folder / "浦沿.txt").write_text(texts["000"], encoding="utf-8")
    (folder / "川沙.txt").write_text(texts["001"], encoding="utf-8")
    (folder / "川沙-重发.txt").write_text(texts["001"] + "\n（更正稿）\n", encoding="utf-8")
    (folder / "县街.txt").write_text(texts["004"], encoding="utf-8")       # a 2021 report
    (folder / "柳市.txt").write_text(texts["003"], encoding="utf-8")       # not on the list
    return folder


@pytest.mark.parametrize("kind", ["xlsx", "csv-gbk", "txt"])
def test_a_roster_gives_the_submission_rate_and_who_is_missing(tmp_path, submitted, kind):
    names = ["单位名称", "杭州高新区（滨江）浦沿街道办事处", "川沙新镇", "县街街道", "新市街道", "某某镇"]
    roster = tmp_path / f"名单.{kind[:4].rstrip('-')}"
    if kind == "xlsx":
        book = openpyxl.Workbook()
        for name in names:
            book.active.append([name, "备注"])
        book.save(roster)
    elif kind == "csv-gbk":
        roster.write_bytes("\n".join(f"{n},x" for n in names).encode("gbk"))
    else:
        roster.write_text("\n".join(names[1:]) + "\n", encoding="utf-8")
    out, sheet = tmp_path / "r.json", tmp_path / "r.xlsx"
    proc = run("audit", str(submitted), "-o", str(out), "-o", str(sheet), "--no-cache", "--expected", str(roster),
               "--year", "2023")
    assert proc.returncode == 0, proc.stderr
    assert ("报送率 1/5（20.0%），重复报送 1 个单位，名单外报告 1 份；未报送 4 个单位：杭州高新区（滨江）浦沿街道办事处"
            "（交的是 2024 年报告）、县街街道（交的是 2021 年报告）、新市街道、某某镇") in proc.stdout   # --year 2023
    data = json.loads(out.read_text("utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    expected = data["audit"]["expected"]
    assert expected["missing"][2:] == ["新市街道", "某某镇"] and list(expected["twice"]) == ["川沙新镇"]
    assert [os.path.basename(u["path"]) for u in expected["unlisted"]] == ["柳市.txt"]
    match = next(m for m in expected["matches"] if os.path.basename(m["path"]) == "浦沿.txt")
    assert match["name"] == "杭州高新区（滨江）浦沿街道办事处" and match["unit"] == "浦沿街道"   # shown, to be checked
    book = openpyxl.load_workbook(sheet, read_only=True)
    rows = list(book["总表"].iter_rows(values_only=True))
    when = {os.path.basename(r[2]): r[5] for r in rows[1:]}
    assert when["县街.txt"] == "年度不符（2021年）" and when["川沙.txt"] != "年度不符（2023年）"
    states = {(r[0], r[1]) for r in book["报送情况"].iter_rows(values_only=True)}
    assert ("某某镇", "未报送") in states and ("川沙新镇", "重复报送") in states and ("（不在名单中）", "名单外") in states


@pytest.mark.parametrize("content, words", [
    (b"", "没有单位"), ("单位名称\n".encode("utf-8"), "没有单位"), (b"PK\x03\x04broken", "不是有效的 .xlsx"),
])
def test_a_roster_that_cannot_be_used_stops_with_a_message(tmp_path, submitted, content, words):
    roster = tmp_path / ("名单.xlsx" if content.startswith(b"PK") else "名单.txt")
    roster.write_bytes(content)
    out = tmp_path / "r.json"
    proc = run("audit", str(submitted), "-o", str(out), "--no-cache", "--expected", str(roster))
    assert proc.returncode == 2 and words in proc.stderr and str(roster) in proc.stderr and not out.exists()


def test_a_roster_with_a_name_twice_is_told_and_counts_it_once(tmp_path, submitted):
    roster = tmp_path / "名单.txt"
    roster.write_text("浦沿街道\n川沙新镇\n浦沿街道\n", encoding="utf-8")
    out = tmp_path / "r.json"
    proc = run("audit", str(submitted), "-o", str(out), "--no-cache", "--expected", str(roster))
    assert proc.returncode == 0 and "名单中有重复的单位" in proc.stderr and "浦沿街道" in proc.stderr
    assert json.loads(out.read_text("utf-8"))["audit"]["expected"]["expected"] == 2
