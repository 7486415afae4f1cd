"""整改闭环, the office's round (#38): the second round of an office's reports audited against the
JSON of the first — per unit what was put right, what remains, what is new, the score before and
after; units that did not resubmit named — in the summary, JSON, the 整改情况 sheet and the letters.
Built on the demonstration folder (28 units)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import jsonschema

from .conftest import ROOT
from .test_cli import SCHEMA
from .test_office_run import BUILDER


def _audit(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", "audit", *args, "--no-cache"], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def test_a_second_round_against_the_first(tmp_path):
    from docx import Document
    from openpyxl import load_workbook
    subprocess.run([sys.executable, str(BUILDER), str(tmp_path / "演示")], check=True, capture_output=True)
    first, second = tmp_path / "演示" / "收到的报告", tmp_path / "第二轮"
    assert _audit(str(first), "-o", str(tmp_path / "第一轮.json"), cwd=tmp_path).returncode == 0
    shutil.copytree(first, second)
    revised = second / "安宁市人民政府县街街道办事处.txt"     # the missing part added
    text = revised.read_text("utf-8").replace(
        "三、2025年工作计划及重点", "三、党政主要负责人履行推进法治建设第一责任人职责情况\n"
        "街道党工委书记主持召开党工委会专题研究法治建设4次，主任出庭应诉行政诉讼案件2件，年终述法全覆盖。\n"
        "四、2025年工作计划及重点", 1)
    assert text != revised.read_text("utf-8")
    revised.write_text(text, encoding="utf-8")
    for gone in ("南京市人民政府.txt", "江苏省民政厅.txt"):        # not resubmitted
        (second / gone).unlink()
    first_json = json.loads((tmp_path / "第一轮.json").read_text("utf-8"))
    copier = next(r for r in first_json["reports"] if (r.get("copying") or {}).get("kind") == "copied")
    own = (ROOT / "tests" / "judgment" / "bases" / "n3-c032.txt").read_text("utf-8").split("\n", 1)[1]
    rewritten = second / copier["path"].rsplit("/", 1)[-1]           # rewritten in words of its own
    rewritten.write_text(f"{copier['meta']['issuer']}{copier['meta']['year']}年法治政府建设情况报告\n{own}", encoding="utf-8")
    proc = _audit(str(second), "--since", str(tmp_path / "第一轮.json"), "-o", str(tmp_path / "第二轮.json"),
                  "-o", str(tmp_path / "第二轮.xlsx"), "-o", str(tmp_path / "第二轮.html"), "--feedback", str(tmp_path / "反馈"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads((tmp_path / "第二轮.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    schema_round = SCHEMA["$defs"]["report"]["properties"]["round"]["properties"]
    assert {key for r in data["reports"] for key in r.get("round") or {}} == set(schema_round)   # every field documented
    totals = data["audit"]["round"]
    assert {u["unit"] for u in totals["not_resubmitted"]} == {"南京市人民政府", "江苏省民政厅"}
    by_file = {r["path"].rsplit("/", 1)[-1]: r for r in data["reports"]}
    anning = by_file["安宁市人民政府县街街道办事处.txt"]["round"]
    assert "STRUCT-FIRSTRESP-MISSING" in {f["rule"] for f in anning["fixed"]}
    assert anning["parts_added"] == ["党政主要负责人履行推进法治建设第一责任人职责情况"] and anning["parts_lost"] == []
    own_words = by_file[rewritten.name]["round"]
    assert own_words["copying_before"] == "雷同" and own_words["copying_now"] is None
    assert totals["copying_gone"] >= 1 and totals["parts_added"] >= 1
    assert by_file["安宁市人民政府县街街道办事处.txt"]["score"] > anning["score_before"]
    untouched = by_file["温岭市住房和城乡建设局.txt"]
    assert untouched["round"]["fixed"] == [] and untouched["round"]["new"] == 0
    assert all(f["round"] == "unfixed" for f in untouched["findings"])
    assert totals["resubmitted"] == sum(1 for r in data["reports"] if r.get("round"))
    assert totals["fixed"] == sum(len(r["round"]["fixed"]) for r in data["reports"] if r.get("round"))
    line = next(x for x in proc.stdout.splitlines() if x.startswith("共 "))
    assert "整改：重新报送" in line and "未重新报送 2 个单位" in line
    sheet = list(load_workbook(tmp_path / "第二轮.xlsx", read_only=True)["整改情况"].iter_rows(values_only=True))
    assert sheet[0][:2] == ("报告单位", "文件") and sum(1 for row in sheet if row[1] == "未重新报送") == 2
    columns = {name: i for i, name in enumerate(sheet[0])}
    rows = {row[1]: row for row in sheet[1:]}
    assert rows["安宁市人民政府县街街道办事处.txt"][columns["补上的部分"]] == "党政主要负责人履行推进法治建设第一责任人职责情况"
    assert rows[rewritten.name][columns["雷同"]] == "已消除（上轮为雷同）"
    page = (tmp_path / "第二轮.html").read_text("utf-8")
    assert "整改情况" in page and "已消除（上轮为雷同）" in page and "【未整改】" in page
    letter = next(p for p in (tmp_path / "反馈").glob("*.docx") if "县街" in p.name)
    text = "\n".join(p.text for p in Document(str(letter)).paragraphs)
    assert "与上一轮相比" in text and "补上了“党政主要负责人履行推进法治建设第一责任人职责情况”部分" in text


def test_a_first_round_that_is_not_our_result_stops_the_audit_before_it_starts(tmp_path):
    (tmp_path / "报告").mkdir()
    (tmp_path / "报告" / "甲.txt").write_text("某街道2024年法治政府建设年度报告", encoding="utf-8")
    (tmp_path / "第一轮.json").write_text('[1, 2, 3]', encoding="utf-8")
    proc = _audit(str(tmp_path / "报告"), "--since", str(tmp_path / "第一轮.json"), "-o", str(tmp_path / "r.csv"),
                  cwd=tmp_path)
    assert proc.returncode == 2 and "不是 report-check 的 JSON 审查结果" in proc.stderr and not (tmp_path / "r.csv").exists()


def test_a_problem_last_years_report_drew_and_still_there_is_named(tmp_path):
    """Between years (--previous): a finding the same unit's report drew last year is 上年已提出."""
    from openpyxl import load_workbook
    subprocess.run([sys.executable, str(BUILDER), str(tmp_path / "演示")], check=True, capture_output=True)
    this_year, last_year = tmp_path / "演示" / "收到的报告", tmp_path / "演示" / "去年的报告"
    proc = _audit(str(this_year), "--previous", str(last_year), "-o", str(tmp_path / "结果.json"),
                  "-o", str(tmp_path / "结果.xlsx"), "-o", str(tmp_path / "结果.html"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads((tmp_path / "结果.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    compared = [r for r in data["reports"] if r.get("last_year")]
    repeated = [f for r in compared for f in r["findings"] if f.get("last_year")]
    assert compared and repeated
    assert all(r["last_year"]["repeated"] == sum(1 for f in r["findings"] if f.get("last_year")) for r in compared)
    assert all(r["last_year"]["path"].startswith(str(last_year)) for r in compared)
    line = next(x for x in proc.stdout.splitlines() if x.startswith("共 "))
    assert f"上年已提出、今年仍存在的问题 {len(repeated)} 条" in line
    sheet = list(load_workbook(tmp_path / "结果.xlsx", read_only=True)["问题明细"].iter_rows(values_only=True))
    assert sum(1 for row in sheet[1:] if row[sheet[0].index("对照以往")] == "上年已提出") == len(repeated)
    assert "【上年已提出】" in (tmp_path / "结果.html").read_text("utf-8")
    alone = _audit(str(this_year), "-o", str(tmp_path / "单年.json"), cwd=tmp_path)      # without last year: no mark
    assert alone.returncode == 0 and '"last_year"' not in (tmp_path / "单年.json").read_text("utf-8")
