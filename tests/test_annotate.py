"""The report in Word with the findings as comments (批注) and certain fixes as tracked
changes (修订): every finding on its own words, the document otherwise untouched, and what
Word, WPS and LibreOffice need to open it."""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile

import docx
import pytest
from lxml import etree

from checker.annotate import annotated_docx
from checker.annotate.notes import Note, Notes
from checker.annotate.word import annotate
from checker.documents import docx as word_reader
from checker.documents import legacy
from checker.engine import check_path
from checker.formats import json_format, sarif
from checker.formats import text as text_format
from checker.labels import citation

from .browser import SCREENSHOTS
from .conftest import FIXTURES, ROOT, SEEDS, check_text, rule_ids

DOCS = FIXTURES / "documents"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REPORTS = sorted(DOCS.glob("00[0-4]-*.docx")) + SEEDS + sorted(DOCS.glob("00[0-4].pdf")) + [DOCS / "001.html"] + \
    ([DOCS / "002.doc"] if legacy.soffice() else [])


def comments(data: bytes) -> list[tuple[str, str]]:
    """(comment text, the text it is anchored on) for every comment, in the order of comments.xml."""
    document = docx.Document(io.BytesIO(data))
    open_ranges: dict[str, list[str]] = {}
    anchored: dict[str, str] = {}
    for element in document.element.body.iter():
        key = element.get(f"{W}id")
        if element.tag == f"{W}commentRangeStart":
            open_ranges[key] = []
        elif element.tag == f"{W}commentRangeEnd":
            anchored[key] = "".join(open_ranges.pop(key))
        elif element.tag == f"{W}t":
            for pieces in open_ranges.values():
                pieces.append(element.text or "")
    return [(c.text, anchored.get(str(c.comment_id))) for c in document.comments]


def squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def canonical(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


def accept_all(data: bytes) -> bytes:
    """What Word's 接受所有修订 does: insertions kept, deletions dropped, no marks left."""
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    for deleted in list(body.iter(f"{W}del")):
        parent = deleted.getparent()
        if parent.tag == f"{W}rPr":
            continue
        parent.remove(deleted)
    for inserted in list(body.iter(f"{W}ins")):
        parent = inserted.getparent()
        if parent.tag == f"{W}rPr":
            parent.remove(inserted)
            continue
        for child in list(inserted):
            inserted.addprevious(child)
        parent.remove(inserted)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def revisions(data: bytes) -> tuple[list[str], list[str]]:
    body = docx.Document(io.BytesIO(data)).element.body
    inserted = ["".join(t.text or "" for t in e.iter(f"{W}t")) for e in body.iter(f"{W}ins")]
    deleted = ["".join(t.text or "" for t in e.iter(f"{W}delText")) for e in body.iter(f"{W}del")]
    return [i for i in inserted if i], [d for d in deleted if d]


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.name)
def test_every_finding_is_a_comment_on_its_own_words(report, pack):
    original = report.read_bytes()
    result = check_path(str(report), pack)
    data = annotated_docx(result, pack, original if report.suffix == ".docx" else None)
    found = comments(data)
    summary, summary_anchor = found[0]
    assert summary.startswith(f"report-check 检查结果：得分 {result.score:g} / 100，等级 {result.grade}")
    assert all(f"{s.name}：" in summary for s in result.sections)
    first_line = next(line for line in result.document.text.split("\n") if line.strip())
    assert squeeze(summary_anchor) and squeeze(first_line).endswith(squeeze(summary_anchor))
    for f in result.findings:
        holders = [(text, anchor) for text, anchor in found if f.message in text]
        assert len(holders) == sum(1 for g in result.findings if g.message == f.message), f.rule   # one each
        assert all(f"依据：{citation(pack.rule(f.rule).basis)}" in text or text == summary for text, _ in holders)
        if f.span:
            start, end = (f.items[0].span[0], f.items[-1].span[1]) if f.items else f.span   # a group: over its items
            quoted = squeeze(result.document.text[start:end])
            # the quote, less a Word numbering label, which has no run to hold a comment (in a group:
            # the labels of the items after the first too, where Word numbers them)
            unnumbered = quoted[:4] + re.sub(r"（[一二三四五六七八九十]+）", "", quoted[4:]) if f.items else quoted
            assert any(q.endswith(squeeze(anchor)) and len(q) - len(squeeze(anchor)) <= 4
                       for _, anchor in holders for q in {quoted, unnumbered}), (f.rule, quoted, holders)
        else:
            assert all(text == summary or (text.startswith("此处之") and f.section) for text, _ in holders)
    # the text, every paragraph's properties and every other part are as they were
    if report.suffix == ".docx":
        assert word_reader.read(data, "out.docx").text == word_reader.read(original, "in.docx").text
        before, after = parts(original), parts(data)
        for name in before:
            if name.endswith(".xml") and name not in ("word/document.xml", "[Content_Types].xml"):
                assert canonical(after[name]) == canonical(before[name]), name
        old_p, new_p = (docx.Document(io.BytesIO(d)).element.body.findall(f"{W}p") for d in (original, data))
        assert [etree.tostring(p.find(f"{W}pPr")) if p.find(f"{W}pPr") is not None else b"" for p in new_p] == \
               [etree.tostring(p.find(f"{W}pPr")) if p.find(f"{W}pPr") is not None else b"" for p in old_p]
    else:
        assert word_reader.read(data, "out.docx").text == result.document.text
    assert revisions(data) == ([], [])


def _crafted() -> bytes:
    """One paragraph whose words cross a bold run, a hyperlink, a simple field's result and a complex field's."""
    document = docx.Document()
    paragraph = document.add_paragraph("甲乙")
    paragraph.add_run("丙丁").bold = True
    link = etree.SubElement(paragraph._p, f"{W}hyperlink", {"{http://schemas.openxmlformats.org/officeDocument/2006/"
                                                              "relationships}id": "rIdX"})
    run = etree.SubElement(etree.SubElement(link, f"{W}r"), f"{W}t")
    run.text = "戊己"
    field = etree.SubElement(paragraph._p, f"{W}fldSimple", {f"{W}instr": " PAGE "})
    etree.SubElement(etree.SubElement(field, f"{W}r"), f"{W}t").text = "庚"
    paragraph._p.append(paragraph.add_run("辛壬")._r)
    for kind, text in (("begin", None), (None, " DATE "), ("separate", None), ("text", "癸"), ("end", None)):
        run = etree.SubElement(paragraph._p, f"{W}r")
        if kind == "text":
            etree.SubElement(run, f"{W}t").text = text
        elif kind:
            etree.SubElement(run, f"{W}fldChar", {f"{W}fldCharType": kind})
        else:
            etree.SubElement(run, f"{W}instrText").text = text     # a complex field: its code is not text
    paragraph._p.append(paragraph.add_run("子")._r)
    document.add_paragraph("第二段")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("words", ["乙丙", "丁戊己庚辛", "己庚", "甲乙丙丁戊己庚辛壬癸子", "丙", "壬癸", "癸子\n第二"])
def test_comments_anchor_across_runs_links_and_fields(words):
    data = _crafted()
    text = word_reader.read(data, "x.docx").text
    start = text.index(words)
    notes = Notes(comments=[Note("意见", span=(start, start + len(words)))], changes=[], summary_line=None)
    out = annotate(data, text, notes)
    assert comments(out) == [("意见", words.replace("\n", ""))]
    assert word_reader.read(out, "x.docx").text == text
    bold = [r.text for p in docx.Document(io.BytesIO(out)).paragraphs for r in p.runs if r.bold]
    assert "".join(bold) == "丙丁"     # a cut run keeps its formatting on both sides


@pytest.mark.parametrize("source", [DOCS / "004-typed.docx", DOCS / "004-autonum.docx", SEEDS[4]], ids=lambda p: p.name)
def test_suggest_adds_the_other_part_and_accepting_it_clears_the_finding(source, pack, tmp_path):
    result = check_path(str(source), pack)
    assert "STRUCT-OTHER-ABSENT" in rule_ids(result)
    data = annotated_docx(result, pack, source.read_bytes() if source.suffix == ".docx" else None, suggest=True)
    assert revisions(data) == (["四、其他需要报告的情况：无。"], [])
    accepted = tmp_path / "accepted.docx"
    accepted.write_bytes(accept_all(data))
    again = check_path(str(accepted), pack)
    assert "STRUCT-OTHER-ABSENT" not in rule_ids(again)
    lines = again.document.text.split("\n")
    inserted = lines.index("四、其他需要报告的情况：无。")
    assert lines[:inserted] + lines[inserted + 1:] == result.document.text.split("\n")
    assert lines[inserted + 1] == "安宁市人民政府县街街道办事处"        # before the sign-off
    assert any("已按此写成修订" in text for text, _ in comments(data))


@pytest.mark.parametrize("right, wrong, rule", [
    ("四、2025年推进法治政府建设的主要安排", "四、2024年推进法治政府建设的主要安排", "YEAR-PLAN"),
    ("一、2024年推进法治政府建设的主要举措和突出成效", "一、2023年推进法治政府建设的主要举措和突出成效", "YEAR-MEASURES"),
])
def test_suggest_corrects_the_year_of_a_heading(pack, tmp_path, right, wrong, rule):
    text = SEEDS[0].read_text("utf-8")
    assert right in text
    report = tmp_path / "年度写错.txt"
    report.write_text(text.replace(right, wrong), encoding="utf-8")
    result = check_path(str(report), pack)
    assert rule in rule_ids(result)
    data = annotated_docx(result, pack, None, suggest=True)
    assert revisions(data) == ([right[2:6]], [wrong[2:6]])
    accepted = tmp_path / "accepted.docx"
    accepted.write_bytes(accept_all(data))
    again = check_path(str(accepted), pack)
    assert rule not in rule_ids(again)
    assert again.document.text == result.document.text.replace(wrong, right)
    assert revisions(annotated_docx(result, pack, None)) == ([], [])     # without --suggest: comments only


@pytest.mark.skipif(legacy.soffice() is None, reason="LibreOffice not installed (.ci/run installs it)")
@pytest.mark.parametrize("source", [DOCS / "004-autonum.docx", SEEDS[3]], ids=lambda p: p.name)
def test_libreoffice_opens_it_and_shows_every_comment(source, pack, tmp_path):
    import pypdf
    import pypdfium2
    result = check_path(str(source), pack)
    data = annotated_docx(result, pack, source.read_bytes() if source.suffix == ".docx" else None, suggest=True)
    (tmp_path / "批注版.docx").write_bytes(data)
    subprocess.run([legacy.soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}',
                    "--outdir", str(tmp_path), str(tmp_path / "批注版.docx")], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "批注版.pdf"
    notes = [a.get_object() for page in pypdf.PdfReader(pdf).pages for a in page.get("/Annots") or []]
    shown = [str(a["/Contents"]) for a in notes if a["/Subtype"] == "/Text"]
    assert len(shown) == len(comments(data))
    assert all(str(a["/T"]).startswith("report-check") for a in notes if a["/Subtype"] == "/Text")
    assert "得分" in shown[0] or any("检查结果" in s for s in shown)
    SCREENSHOTS.mkdir(exist_ok=True)
    pypdfium2.PdfDocument(str(pdf))[0].render(scale=1.2, may_draw_forms=True).to_pil().save(
        SCREENSHOTS / f"annotated-{source.stem}.png")


# ---------------------------------------------------------------- as a user runs it

def run(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=cwd or ROOT)


def test_check_writes_the_commented_word_file(tmp_path):
    out = tmp_path / "报告-检查意见.docx"
    plain = run("check", str(DOCS / "004-typed.docx"))
    proc = run("check", str(DOCS / "004-typed.docx"), "-o", str(out))
    assert proc.returncode == plain.returncode == 1 and "已写入批注版 Word" in proc.stderr
    assert len(comments(out.read_bytes())) > 5
    forced = tmp_path / "意见.bin"
    assert run("check", str(SEEDS[0]), "--format", "docx", "-o", str(forced)).returncode == \
        run("check", str(SEEDS[0])).returncode
    assert zipfile.is_zipfile(forced)


@pytest.mark.parametrize("name, content, words", [
    ("损坏.docx", (DOCS / "004-typed.docx").read_bytes()[:1500], "已损坏"),
    ("加密.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512, "密码"),
    ("过大.docx", (DOCS / "004-typed.docx").read_bytes(), "文件过大"),
], ids=["damaged", "password", "too-big"])
def test_a_report_that_cannot_be_read_writes_nothing(tmp_path, name, content, words):
    report = tmp_path / name
    report.write_bytes(content)
    out = tmp_path / "意见.docx"
    limit = ["--max-size", "0.001"] if name == "过大.docx" else []
    proc = run("check", str(report), "-o", str(out), *limit)
    same = run("check", str(report), *limit)
    assert proc.returncode == 2 and words in proc.stderr and not out.exists()
    reason = proc.stderr.strip().splitlines()[-1].split(": ", 1)[1]
    assert f"无法读取：{reason}" in same.stdout                                    # the same words as a plain check
    assert list(tmp_path.iterdir()) == [report]                                  # no half-written file either


@pytest.mark.parametrize("args, words", [
    (["check", str(SEEDS[0]), str(SEEDS[1]), "-o", "意见.docx"], "一次只能生成一份"),
    (["check", str(SEEDS[0]), "--format", "docx"], "请用 -o 指定"),
    (["check", str(SEEDS[0]), "--suggest"], "--suggest 只用于批注版 Word"),
    (["check", str(SEEDS[0]), "-o", "x.json", "--format", "docx"], "不一致"),
])
def test_commented_word_needs_one_report_and_a_file(tmp_path, args, words):
    proc = run(*args, cwd=tmp_path)
    assert proc.returncode == 2 and words in proc.stderr and not list(tmp_path.iterdir())


def test_the_original_is_never_overwritten(tmp_path):
    report = tmp_path / "报告.docx"
    report.write_bytes((DOCS / "004-typed.docx").read_bytes())
    proc = run("check", str(report), "-o", str(report))
    assert proc.returncode == 2 and "不能覆盖所读的文件" in proc.stderr
    assert report.read_bytes() == (DOCS / "004-typed.docx").read_bytes()


def test_the_page_api_returns_the_commented_word_file(pack):
    from checker.web import create_app
    client = create_app({pack.id: pack}, pack.id).test_client()
    response = client.post("/api/annotated", data={"file": (io.BytesIO((DOCS / "004-typed.docx").read_bytes()),
                                                            "县街街道.docx")}, content_type="multipart/form-data")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert len(comments(response.data)) == len(comments(annotated_docx(
        check_path(str(DOCS / "004-typed.docx"), pack), pack, (DOCS / "004-typed.docx").read_bytes())))
    pasted = client.post("/api/annotated", data={"text": SEEDS[4].read_text("utf-8")})
    assert pasted.status_code == 200 and comments(pasted.data)
    broken = client.post("/api/annotated", data={"file": (io.BytesIO(b"PK\x03\x04broken"), "坏.docx")},
                         content_type="multipart/form-data")
    assert broken.status_code == 422 and "无法读取" in broken.get_json()["error"]
    assert client.post("/api/annotated", data={}).status_code == 400


def test_a_clean_report_still_gets_its_summary(pack):
    skeleton = (FIXTURES / "skeleton.txt").read_text("utf-8")
    result = check_text(skeleton, pack)
    (summary, anchor), *rest = comments(annotated_docx(result, pack, None))
    assert "得分 100 / 100" in summary and anchor == skeleton.split("\n")[0] and rest == []


def test_characters_xml_cannot_hold_do_not_stop_it(pack):
    """A text may keep U+FFFE/U+FFFF (the checker shows them as \\uXXXX): in Word they become U+FFFD, one for one."""
    text = SEEDS[4].read_text("utf-8").replace("一是法治意识", "一是\ufffe法治意识\uffff", 1)
    result = check_text(text, pack)
    data = annotated_docx(result, pack, None)
    written = word_reader.read(data, "x.docx").text
    assert written == result.document.text.replace("\ufffe", "\ufffd").replace("\uffff", "\ufffd")
    assert len(comments(data)) > 1


def test_one_problem_in_several_items_is_one_comment_naming_each(pack):
    """Seed 000: two shortcomings with outside causes only. A reviewer writes one comment for
    them; the text, JSON and SARIF outputs name both items, each with its own place."""
    report = next(p for p in REPORTS if p.name.startswith("000") and p.suffix == ".txt")
    result = check_path(str(report), pack)
    [grouped] = [f for f in result.findings if f.rule == "CAUSES-SUBJECTIVE"]
    assert len(grouped.items) == 2 and grouped.deduction == 1   # 2 + 2, capped at 2, halved: a judgment
    word = [t for t, _ in comments(annotated_docx(result, pack, None)) if "只写了外部原因" in t]
    assert len(word) == 1 and all(f"“{item.subject}”" in word[0] for item in grouped.items)
    shown = text_format.render([result], pack, color=False)
    assert all(f"第{item.line}行：「{item.excerpt}」" in shown for item in grouped.items)
    [as_json] = [f for f in json.loads(json_format.render([result], pack))["reports"][0]["findings"]
                 if f["rule"] == "CAUSES-SUBJECTIVE"]
    assert [i["line"] for i in as_json["items"]] == [item.line for item in grouped.items]
    [as_sarif] = [r for r in sarif.document([result], pack)["runs"][0]["results"] if r["ruleId"] == "CAUSES-SUBJECTIVE"]
    assert [loc["physicalLocation"]["region"]["startLine"] for loc in as_sarif["locations"]] == \
        [item.line for item in grouped.items]



def test_five_thousand_comments_are_written_and_a_timeout_names_the_step(tmp_path, pack, monkeypatch):
    """Red team, round three (make_word_hostile.py, table-5000-rows.docx): 5,000 findings took 41 s
    idle and 「检查超时」 under load, the Word output's time blamed on the check. Each comment is now
    written in constant time (bench/word_output.py measures it); a timeout names its step."""
    from checker import sandbox
    from checker.errors import UnreadableDocument
    generator = ROOT / "tests" / "redteam3" / "make_word_hostile.py"
    subprocess.run([sys.executable, str(generator), str(ROOT / "examples" / "县街街道2021年报告-缺第一责任人.txt"),
                    str(tmp_path)], check=True, capture_output=True)
    report, out = tmp_path / "table-5000-rows.docx", tmp_path / "批注.docx"
    proc = subprocess.run([sys.executable, "-m", "checker", "check", str(report), "-o", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1 and out.exists(), proc.stdout + proc.stderr
    assert len(comments(out.read_bytes())) > 5000
    result = check_path(str(report), pack)
    monkeypatch.setattr(sandbox, "SECONDS", 0.2)
    with pytest.raises(UnreadableDocument, match="写批注版 Word超时"):
        annotated_docx(result, pack, report.read_bytes())


def test_new_comment_and_revision_ids_stay_within_what_word_accepts(pack, tmp_path):
    """Red team 3, weaknesses: ids were the document's largest plus one (or plus 1,000): a
    file whose own ids reach 2**31 - 1 came back with ids Word calls damaged."""
    from checker.annotate.word import WORD_ID_MAX
    source = FIXTURES / "documents" / "004-typed.docx"
    document = docx.Document(str(source))
    body = document.element.body
    first = body.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")
    marks = [etree.SubElement(first, "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bookmarkStart"),
             etree.SubElement(first, "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bookmarkEnd")]
    for mark in marks:
        mark.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}id", str(WORD_ID_MAX))
    marks[0].set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}name", "x")
    hostile = tmp_path / "报告.docx"
    document.save(str(hostile))
    result = check_path(str(hostile), pack)
    data = annotated_docx(result, pack, hostile.read_bytes(), suggest=True)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        ids = [int(v) for name in ("word/document.xml", "word/comments.xml")
               for v in re.findall(rb'w:id="(\d+)"', z.read(name))]
    assert ids and max(ids) <= WORD_ID_MAX
    assert comments(data) and revisions(data)[0]


def test_what_the_file_holds_unread_is_said_in_the_result_and_the_summary_comment(tmp_path, pack):
    """Red team 3, weaknesses: altChunk text was never checked, and altChunk, OLE objects,
    external templates and links passed into the annotated copy without a word."""
    generator = ROOT / "tests" / "redteam3" / "make_word_hostile.py"
    subprocess.run([sys.executable, str(generator), str(ROOT / "examples" / "县街街道2021年报告-缺第一责任人.txt"),
                    str(tmp_path)], check=True, capture_output=True)
    expected = {"altchunk-ole-ext.docx": ["altChunk", "嵌入对象", "calc.exe"], "remote-template.docx": ["外部模板"],
                "plain.docx": []}
    for name, words in expected.items():
        report = tmp_path / name
        result = check_path(str(report), pack)
        said = "\n".join(result.document.notices)
        assert all(word in said for word in words) and bool(said) == bool(words), (name, said)
        summary = comments(annotated_docx(result, pack, report.read_bytes()))[0][0]
        assert all(word in summary for word in words), (name, summary)
