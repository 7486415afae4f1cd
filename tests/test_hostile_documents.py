"""Hostile documents are bounded in time and memory and answered with a clear message:
XML entity bombs in a .docx, a PDF whose page tree loops, HTML nested two hundred thousand
deep, control characters in text and file names."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import pytest

from .conftest import FIXTURES, ROOT, SEEDS

DOCS = FIXTURES / "documents"


def run(*args, env=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=timeout)


def entity_bomb() -> bytes:
    with zipfile.ZipFile(DOCS / "004-typed.docx") as z:
        files = {n: z.read(n) for n in z.namelist()}
    entities = '<!ENTITY a "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    body = files["word/document.xml"].decode("utf-8").split("?>", 1)[1]
    body = body.replace("<w:t>一、主要工作开展情况</w:t>", "<w:t>一、主要工作开展情况&j;</w:t>", 1)
    files["word/document.xml"] = f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>{body}'.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


LOOPING_PDF = b"""%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Pages/Kids[2 0 R 3 0 R]/Count 1/Parent 2 0 R>>endobj
trailer<</Root 1 0 R>>
%%EOF"""


@pytest.mark.parametrize("name, make, words", [
    ("实体炸弹.docx", entity_bomb, "无法解析"),
    ("页树循环.pdf", lambda: LOOPING_PDF, "没有可提取的文字"),
    ("深层嵌套.html", lambda: ("<html><body>" + "<div>" * 200000 + "一、主要举措和成效" + "</div>" * 200000
                            + "</body></html>").encode(), "没有找到报告正文"),
])
def test_hostile_documents_get_a_message(tmp_path, name, make, words):
    path = tmp_path / name
    path.write_bytes(make())
    proc = run("check", str(path), str(SEEDS[0]), "--format", "json")
    reports = json.loads(proc.stdout)["reports"]
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert reports[0]["status"] == "unreadable" and words in reports[0]["error"]
    assert reports[1]["status"] == "checked"


@pytest.mark.parametrize("report", [DOCS / "004.pdf", SEEDS[0]], ids=["pdf", "txt"])
def test_reading_and_checking_are_bounded_in_time(report):
    """Red team: the rules ran outside any time-bounded child (441 s on one crafted 3 MB
    .txt). Every report, of any format, is read and checked in a child with a deadline."""
    proc = run("check", str(report), env={"REPORT_CHECK_SECONDS": "0.001"})
    assert proc.returncode == 2 and "检查超时" in proc.stdout


@pytest.mark.parametrize("kind", ["docx", "txt"])
def test_reading_and_checking_are_bounded_in_memory(kind, tmp_path):
    # a report large enough that checking it must grow the child by more than 1 MB, whatever
    # free heap it inherits from the parent (a six-thousand-character seed sometimes did not)
    report = DOCS / "004-typed.docx"
    if kind == "txt":
        report = tmp_path / "长报告.txt"
        report.write_text(SEEDS[0].read_text("utf-8") * 40, encoding="utf-8")
    proc = run("check", str(report), env={"REPORT_CHECK_MEMORY_MB": "1"})
    assert proc.returncode == 2 and "内存" in proc.stdout and "Traceback" not in proc.stderr


def test_control_characters_never_reach_the_terminal_or_xml(tmp_path):
    name = tmp_path / "报告\x1b[31m红\u202e.txt"
    text = SEEDS[4].read_text("utf-8").replace("一是法治意识有待提高。", "一是法治意识\x1b]0;被改的标题\x07有待提高\x01。")
    name.write_text(text, encoding="utf-8")
    plain = run("check", str(name))
    assert "\x1b" not in plain.stdout + plain.stderr and "\x07" not in plain.stdout and "\u202e" not in plain.stdout
    assert "\\u001b[31m红" in plain.stdout
    junit = run("check", str(name), "--format", "junit").stdout
    ET.fromstring(junit)                                   # still well-formed XML
    report = json.loads(run("check", str(name), "--format", "json").stdout)["reports"][0]
    assert all("\x1b" not in (f["excerpt"] or "") and "\x01" not in (f["excerpt"] or "") for f in report["findings"])
    github = run("check", str(name), "--format", "github").stdout
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in github.splitlines())


def test_names_with_dots_and_slashes_are_only_names(tmp_path):
    folder = tmp_path / "收到的报告"
    folder.mkdir()
    (folder / "..报告..txt").write_text(SEEDS[0].read_text("utf-8"), encoding="utf-8")
    (folder / "a.txt").write_text(SEEDS[1].read_text("utf-8"), encoding="utf-8")
    out = tmp_path / "r.json"
    assert run("audit", str(folder), "-o", str(out), "--no-cache").returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json", "收到的报告"]   # nothing written elsewhere
    skipped = json.loads(out.read_text("utf-8"))["audit"]["skipped"]   # in a folder, a dot name is a hidden file
    assert [(os.path.basename(s["path"]), s["reason"]) for s in skipped] == [("..报告..txt", "隐藏文件")]
    named = run("check", str(folder / "..报告..txt"), "--format", "json")   # named on its own, it is checked
    assert json.loads(named.stdout)["reports"][0]["status"] == "checked"


@pytest.mark.parametrize("base", ["m3-e008", "m3-d039"])
def test_a_big5_report_is_read_as_the_same_report(base, pack):
    """Red team 3, weaknesses: a .txt in Big5 (read as GBK: valid bytes, nonsense text) scored
    0/100 with no word about its encoding."""
    from checker.documents import document_from_bytes
    from checker.engine import check_document
    text = (ROOT / "tests" / "judgment" / "bases" / f"{base}.txt").read_text("utf-8")
    as_utf8 = check_document(document_from_bytes(text.encode("utf-8"), "报告.txt"), pack)
    as_big5 = check_document(document_from_bytes(text.encode("big5"), "报告.txt"), pack)
    assert as_big5.document.text == as_utf8.document.text and as_big5.score == as_utf8.score > 60
    gbk = SEEDS[0].read_text("utf-8").encode("gb18030")
    assert check_document(document_from_bytes(gbk, "报告.txt"), pack).score == \
        check_document(document_from_bytes(SEEDS[0].read_bytes(), "报告.txt"), pack).score


def test_a_web_page_saved_as_txt_is_read_as_the_page(pack):
    """Red team 3, weaknesses: an HTML page saved as .txt scored 0/100 (its tags read as the text)."""
    from checker.documents import document_from_bytes
    from checker.engine import check_document
    text = (ROOT / "examples" / "示范街道2024年报告-完整.txt").read_text("utf-8")
    page = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>报告</title></head><body>'
            + "".join(f"<p>{line}</p>" for line in text.splitlines()) + "</body></html>").encode("utf-8")
    as_txt = check_document(document_from_bytes(page, "报告.txt"), pack)
    as_html = check_document(document_from_bytes(page, "报告.html"), pack)
    assert as_txt.score == as_html.score == check_document(document_from_bytes(text.encode(), "报告.txt"), pack).score
