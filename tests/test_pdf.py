"""PDFs (LibreOffice exports with a running header and page numbers) give the same
verdicts as the .txt; scans, encrypted and damaged PDFs get clear messages."""
from __future__ import annotations

import io
import json

import pypdf
import pytest
from PIL import Image, ImageDraw

from checker.documents import read_document
from checker.engine import check_path

from .conftest import FIXTURES, ROOT, SEEDS, statuses
from .test_cli import run

DOCS = FIXTURES / "documents"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_pdf_gives_the_same_findings_as_txt(seed, pack):
    txt = check_path(str(seed), pack)
    pdf = check_path(str(DOCS / f"{seed.name[:3]}.pdf"), pack)
    assert pdf.status == "checked"
    assert statuses(pdf) == statuses(txt)
    assert pdf.outline.year == txt.outline.year
    assert sorted((f.rule, f.excerpt) for f in pdf.findings) == sorted((f.rule, f.excerpt) for f in txt.findings)


def test_running_header_and_page_numbers_are_dropped_and_lines_rejoined():
    text = read_document(str(DOCS / "004.pdf")).text
    assert "法治政府建设年度报告" not in text  # the running header
    assert "— 1 —" not in text and "— 2 —" not in text
    assert "（县党工通〔2019〕20号）" in text.replace("(", "（").replace(")", "）")  # wrapped before 〔, re-joined
    assert text.splitlines()[1] == "一、主要工作开展情况"


def _scan() -> bytes:
    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).rectangle((50, 50, 550, 100), fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PDF")
    return buffer.getvalue()


def _encrypted() -> bytes:
    writer = pypdf.PdfWriter(clone_from=str(DOCS / "004.pdf"))
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_bad_pdfs_each_get_a_message_and_the_rest_are_checked(tmp_path):
    good = (DOCS / "004.pdf").read_bytes()
    cases = {
        "扫描件.pdf": (_scan(), "需要可复制文字的PDF或Word原件"),
        "加密.pdf": (_encrypted(), "密码"),
        "截断.pdf": (good[: len(good) // 3], "已损坏"),
        "其实是Word.pdf": ((DOCS / "004-typed.docx").read_bytes(), "改为 .docx"),
        "伪PDF.pdf": (b"<html>not a pdf</html>" * 10, "不是有效的 PDF"),
    }
    for name, (data, _) in cases.items():
        (tmp_path / name).write_bytes(data)
    proc = run("check", str(DOCS / "000.pdf"), *(str(tmp_path / n) for n in cases), "--format", "json")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    reports = {r["path"]: r for r in json.loads(proc.stdout)["reports"]}
    assert reports[str(DOCS / "000.pdf")]["status"] == "checked"
    for name, (_, words) in cases.items():
        report = reports[str(tmp_path / name)]
        assert report["status"] == "unreadable" and words in report["error"], (name, report["error"])


def test_owner_password_only_pdf_is_read(tmp_path):
    writer = pypdf.PdfWriter(clone_from=str(DOCS / "004.pdf"))
    writer.encrypt(user_password="", owner_password="owner")
    path = tmp_path / "仅限制编辑.pdf"
    with open(path, "wb") as f:
        writer.write(f)
    assert "一、主要工作开展情况" in read_document(str(path)).text


@pytest.mark.skipif(__import__("checker.documents.legacy", fromlist=["soffice"]).soffice() is None,
                    reason="LibreOffice not installed (.ci/run installs it)")
def test_a_pdf_made_by_libreoffice_gives_the_same_unit_as_its_docx(tmp_path, pack):
    """公文 set the year in a Latin font: LibreOffice's text layer then has spaces around it
    (江北区石桥街道办事处 2024 年法治…), and the unit must not keep the year."""
    import subprocess

    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    from checker.documents import legacy
    body = (FIXTURES.parent.parent / "examples" / "示范街道2024年报告-完整.txt").read_text("utf-8").split("\n")[1:]
    document = docx.Document()
    title = document.add_paragraph()
    for part, font in (("江北区石桥街道办事处", "SimSun"), ("2024", "Times New Roman"), ("年法治政府建设年度报告", "SimSun")):
        run_ = title.add_run(part)
        run_.font.size, run_.font.name = Pt(22), font
        run_._element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")
    for line in body:
        document.add_paragraph(line)
    document.save(tmp_path / "报告.docx")
    subprocess.run([legacy.soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(tmp_path / "报告.docx")], check=True, capture_output=True,
                   timeout=300)
    from_word, from_pdf = (check_path(str(tmp_path / name), pack).outline for name in ("报告.docx", "报告.pdf"))
    assert from_word.issuer == from_pdf.issuer == "江北区石桥街道办事处" and from_pdf.year == 2024


@pytest.mark.skipif(__import__("checker.documents.legacy", fromlist=["soffice"]).soffice() is None,
                    reason="LibreOffice not installed (.ci/run installs it)")
def test_a_secret_mark_in_the_running_header_of_a_pdf_is_found(tmp_path, pack):
    """#37: the PDF reader drops running headers and footers from the text, and with them a
    内部资料 printed on every page; they are kept apart and searched like a Word file's."""
    import shutil
    import subprocess

    from checker.documents import legacy
    source = ROOT / "rules" / "fixtures" / "fazhi-annual-report" / "CONF-SECRET-MARK-HEADER.fail.docx"
    shutil.copy(source, tmp_path / "报告.docx")
    subprocess.run([legacy.soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(tmp_path / "报告.docx")], check=True, capture_output=True,
                   timeout=300)
    result = check_path(str(tmp_path / "报告.pdf"), pack)
    marked = [f for f in result.findings if f.rule == "CONF-SECRET-MARK"]
    assert marked and "页眉页脚" in marked[0].excerpt and "内部资料" not in result.document.text
