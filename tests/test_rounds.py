"""整改闭环, the drafter's round (#38): a revised report checked against the JSON result of the
last check. Each finding is 未整改 or 新问题, each finding of the last round no longer there is
已整改 — matched by rule and quoted words, not by line, so added or removed paragraphs and a
reworded sentence that still has the problem are followed. Real text: the example report."""
from __future__ import annotations

import json

import jsonschema

from .browser import needs_browser, page
from .conftest import ROOT
from .test_cli import run

EXAMPLE = ROOT / "examples" / "县街街道2021年报告-缺第一责任人.txt"


def _rounds(tmp_path, revise) -> tuple[dict, dict]:
    first = tmp_path / "初稿.txt"
    first.write_text(EXAMPLE.read_text("utf-8"), encoding="utf-8")
    assert run("check", str(first), "--format", "json", "-o", str(tmp_path / "初稿.json")).returncode in (0, 1)
    second = tmp_path / "修改稿.txt"
    second.write_text(revise(EXAMPLE.read_text("utf-8")), encoding="utf-8")
    proc = run("check", str(second), "--since", str(tmp_path / "初稿.json"), "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    before = json.loads((tmp_path / "初稿.json").read_text("utf-8"))["reports"][0]
    return before, json.loads(proc.stdout)


def _revised(text: str) -> str:
    """As drafters revise: a part added where it was missing, a paragraph added above the
    shortcomings (every line below moves), one shortcoming reworded without a cause, a new slip."""
    text = text.replace("三、2022年工作计划及重点", "三、党政主要负责人履行推进法治建设第一责任人职责情况\n"
                        "街道党工委书记主持召开党工委会专题研究法治建设4次，主任出庭应诉行政诉讼案件2件，年终述法全覆盖。\n"
                        "四、2022年工作计划及重点")
    text = text.replace("二、存在的问题和不足", "此外，街道还完成了其他工作。\n二、存在的问题和不足", 1)
    text = text.replace("二是工作成效有待提高。", "二是工作成效还需提升。", 1)
    return text.replace("此外，街道还完成了其他工作。", "此外，截止2021年底街道还完成了其他工作。", 1)


def test_a_revision_is_told_what_was_fixed_what_remains_and_what_is_new(tmp_path):
    before, result = _rounds(tmp_path, _revised)
    jsonschema.validate(result, json.loads((ROOT / "checker" / "data" / "result.schema.json").read_text("utf-8")))
    report = result["reports"][0]
    since = report["since"]
    fixed = {f["rule"] for f in since["fixed"]}
    rounds = {(f["rule"], f["round"]) for f in report["findings"]}
    assert "STRUCT-FIRSTRESP-MISSING" in fixed                              # the missing part was added
    assert ("STRUCT-CAUSES", "unfixed") in rounds                          # reworded, still no cause
    assert ("USAGE-JIEZHI", "new") in rounds                               # a new slip
    assert ("TITLE-MISSING", "unfixed") in rounds                          # untouched, lines moved
    assert since["previous"] == len(before["findings"]) == len(fixed) + since["unfixed"]
    assert since["new"] == sum(1 for f in report["findings"] if f["round"] == "new")


def _first_and_revised(tmp_path):
    """The example checked once (初稿.json beside it) and its revision, both as files."""
    first = tmp_path / "初稿.txt"
    first.write_text(EXAMPLE.read_text("utf-8"), encoding="utf-8")
    run("check", str(first), "--format", "json", "-o", str(tmp_path / "初稿.json"))
    second = tmp_path / "修改稿.txt"
    second.write_text(_revised(EXAMPLE.read_text("utf-8")), encoding="utf-8")
    return first, second


def test_the_text_output_opens_with_the_counts_and_marks_each_finding(tmp_path):
    first, second = _first_and_revised(tmp_path)
    out = run("check", str(second), "--since", str(tmp_path / "初稿.json")).stdout
    assert "与上次相比：上次 " in out and "已整改" in out and "【未整改】" in out and "【新问题】" in out
    unchanged = run("check", str(first), "--since", str(tmp_path / "初稿.json")).stdout
    assert "已整改 0 条" in unchanged and "新问题 0 条" in unchanged and "【新问题】" not in unchanged


def test_an_unusable_earlier_result_is_a_message(tmp_path):
    (tmp_path / "结果.json").write_text('{"not": "a result"}', encoding="utf-8")
    proc = run("check", str(EXAMPLE), "--since", str(tmp_path / "结果.json"))
    assert proc.returncode == 2 and "不是 report-check 的 JSON 检查结果" in proc.stderr
    proc = run("check", str(EXAMPLE), str(EXAMPLE), "--since", str(tmp_path / "结果.json"))
    assert proc.returncode == 2


def test_the_annotated_word_file_is_read_back_even_after_a_drafter_edited_it(tmp_path, pack):
    """The drafter's round through Word: the comments carry each finding (rule by its title, the
    anchored words as the quote); edited in Word's way — a part added, a sentence reworded without
    fixing it, a comment deleted without fixing its text — and saved again by LibreOffice, the
    revision is still checked against them. A deleted comment does not hide a finding."""
    import shutil
    import subprocess

    import docx

    from checker.documents import legacy
    from checker.rounds import load_since
    first = tmp_path / "报告.txt"
    first.write_text(EXAMPLE.read_text("utf-8"), encoding="utf-8")
    annotated = tmp_path / "报告-检查意见.docx"
    run("check", str(first), "-o", str(annotated))
    run("check", str(first), "--format", "json", "-o", str(tmp_path / "结果.json"))
    from_word = sorted(e.rule for e in load_since(str(annotated))[0].findings)
    titles = {r.id: r.get("title") for r in pack.rules}
    from_json = json.loads((tmp_path / "结果.json").read_text("utf-8"))["reports"][0]["findings"]
    assert from_word == sorted(titles[f["rule"]] for f in from_json)

    document = docx.Document(str(annotated))
    plan = next(p for p in document.paragraphs if p.text.startswith("三、2022年工作计划及重点"))
    plan.insert_paragraph_before("三、党政主要负责人履行推进法治建设第一责任人职责情况")
    plan.insert_paragraph_before("街道党工委书记主持召开党工委会专题研究法治建设4次，主任出庭应诉行政诉讼案件2件。")
    for paragraph in document.paragraphs:
        for r in paragraph.runs:
            if "二是工作成效有待提高" in r.text:
                r.text = r.text.replace("二是工作成效有待提高", "二是工作成效还需提升")
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    heading = next(c for c in document.comments._comments_elm.iter(f"{w}comment")
                   if "标题没有“原因”" in "".join(t.text or "" for t in c.iter(f"{w}t")))
    cid = heading.get(f"{w}id")
    for mark in list(document.element.body.iter(f"{w}commentRangeStart", f"{w}commentRangeEnd", f"{w}commentReference")):
        if mark.get(f"{w}id") == cid:
            mark.getparent().remove(mark)
    heading.getparent().remove(heading)
    edited = tmp_path / "修改稿.docx"
    document.save(str(edited))
    if legacy.soffice():                                   # saved again as a drafter's office suite saves it
        out = tmp_path / "resaved"
        subprocess.run([legacy.soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                        "--convert-to", "docx", "--outdir", str(out), str(edited)], check=True, capture_output=True,
                       timeout=300)
        shutil.copy(out / "修改稿.docx", edited)
    proc = run("check", str(edited), "--since", str(annotated), "--format", "json")
    report = json.loads(proc.stdout)["reports"][0]
    fixed = {f["rule"] for f in report["since"]["fixed"]}
    rounds = {(f["rule"], f["round"]) for f in report["findings"]}
    assert "STRUCT-FIRSTRESP-MISSING" in fixed
    assert ("STRUCT-CAUSES", "unfixed") in rounds
    assert ("STRUCT-CAUSES-HEADING", "unfixed") in rounds   # its comment deleted, its heading unchanged


def test_the_new_annotated_copy_says_what_became_of_the_last_round(tmp_path):
    """The summary comment opens the round (上次 N 条，已整改…) and each comment says 未整改 or 新问题."""
    import io
    import zipfile

    first, second = _first_and_revised(tmp_path)
    out = tmp_path / "修改稿-检查意见.docx"
    assert run("check", str(second), "--since", str(tmp_path / "初稿.json"), "-o", str(out)).returncode in (0, 1)
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert "与上次相比：上次 " in comments and "对照上次：未整改" in comments and "对照上次：新问题" in comments
    again = tmp_path / "再改稿.txt"
    again.write_text(second.read_text("utf-8"), encoding="utf-8")
    proc = run("check", str(again), "--since", str(out), "--format", "json")   # the marked copy reads back too
    assert json.loads(proc.stdout)["reports"][0]["since"]["fixed"] == []


def test_a_word_file_without_our_comments_is_a_message(tmp_path):
    from .conftest import FIXTURES
    plain = FIXTURES / "documents" / "004-typed.docx"
    proc = run("check", str(EXAMPLE), "--since", str(plain))
    assert proc.returncode == 2 and ("没有 report-check 的批注" in proc.stderr or "不是带 report-check 批注" in proc.stderr)
    (tmp_path / "坏.docx").write_bytes(b"PK\x03\x04broken")
    proc = run("check", str(EXAMPLE), "--since", str(tmp_path / "坏.docx"))
    assert proc.returncode == 2 and "不是带 report-check 批注的 Word 文件" in proc.stderr


@needs_browser
def test_the_page_says_what_became_of_the_last_round(tmp_path):
    _rounds(tmp_path, _revised)
    proc = run("check", str(tmp_path / "修改稿.txt"), "--since", str(tmp_path / "初稿.json"), "--format", "html",
               "-o", str(tmp_path / "修改稿.html"))
    assert proc.returncode in (0, 1), proc.stderr
    with page() as (tab, outside):
        tab.goto((tmp_path / "修改稿.html").as_uri())
        box = tab.inner_text(".round-box")
        assert box.startswith("与上次相比：上次 ") and "已整改：缺少“党政主要负责人" in box
        assert tab.locator(".badge.round-unfixed").count() >= 1 and tab.locator(".badge.round-new").count() >= 1
        assert outside == []


def test_the_result_of_another_report_or_pack_is_said_not_shown_as_all_new(tmp_path):
    other = tmp_path / "别的报告.txt"
    other.write_text((ROOT / "examples" / "示范街道2024年报告-完整.txt").read_text("utf-8"), encoding="utf-8")
    assert run("check", str(other), "--format", "json", "-o", str(tmp_path / "别的.json")).returncode in (0, 1)
    mine = tmp_path / "修改稿.txt"
    mine.write_text(EXAMPLE.read_text("utf-8"), encoding="utf-8")
    proc = run("check", str(mine), "--since", str(tmp_path / "别的.json"))
    assert "上次的结果是另一份报告（《示范街道2024年法治政府建设年度报告》）的" in proc.stdout
    _, same = _rounds(tmp_path, lambda text: text)
    assert "note" not in same["reports"][0]["since"]
    older = json.loads((tmp_path / "初稿.json").read_text("utf-8"))
    older["rule_pack"]["version"] = "1.0.0"
    (tmp_path / "旧版.json").write_text(json.dumps(older, ensure_ascii=False), encoding="utf-8")
    proc = run("check", str(mine), "--since", str(tmp_path / "旧版.json"), "--format", "json")
    note = json.loads(proc.stdout)["reports"][0]["since"]["note"]
    assert "fazhi-annual-report 1.0.0" in note and "另一份报告" not in note
