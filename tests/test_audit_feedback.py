"""`audit --feedback DIR`: one Word document per report that an office can send back as it is:
the verdict and why, each part, every problem with its quote and what to change, copying."""
from __future__ import annotations

import json
import subprocess

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from checker.documents import legacy
from checker.formats.text import STATUS_CN

from .conftest import SEEDS, received_reports
from .test_cli import run


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    """Seeds, one in Word, an unreadable PDF, and a copy of seed 004 under another unit's name."""
    root = tmp_path_factory.mktemp("feedback")
    folder = received_reports(root / "收到的报告", "003-autonum.docx", "柳市镇.docx")
    copy = SEEDS[4].read_text("utf-8").replace("安宁市人民政府县街街道办事处", "安宁市人民政府金方街道办事处")
    (folder / "金方街道.txt").write_text(copy, encoding="utf-8")
    out, feedback = root / "结果.json", root / "反馈意见"
    proc = run("audit", str(folder), "-o", str(out), "--feedback", str(feedback), "--no-cache")
    assert proc.returncode == 0, proc.stderr
    assert f"反馈意见已写入：{feedback}（8 份）" in proc.stdout
    return json.loads(out.read_text("utf-8")), feedback


def _text(document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_one_document_per_report_named_by_unit(audited):
    data, feedback = audited
    names = sorted(p.name for p in feedback.iterdir())
    assert len(names) == len(data["reports"]) == 8
    assert "反馈意见-安宁市人民政府金方街道办事处.docx" in names and "反馈意见-损坏.docx" in names
    twice = [n for n in names if n.startswith("反馈意见-乐清市柳市镇")]   # seed 003 and its Word copy
    assert len(twice) == 2 and all("（" in n for n in twice)


def test_feedback_holds_the_verdict_every_part_and_every_problem(audited):
    data, feedback = audited
    report = next(r for r in data["reports"] if r["path"].endswith(SEEDS[2].name))
    document = docx.Document(str(feedback / f"反馈意见-{report['meta']['issuer']}.docx"))
    text = _text(document)
    assert f"得分：{report['score']:g} 分，等级：{report['grade']}" in text
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows[1:]]
    assert [(r[0], r[1]) for r in rows] == [(s["name"], STATUS_CN[s["status"]]) for s in report["sections"]]
    assert report["findings"]
    for finding in report["findings"]:
        assert f"修改意见：{finding['message']}" in text
        if finding["excerpt"]:
            assert f"原文：「{finding['excerpt']}」" in text
    assert "{" not in text


def test_feedback_is_a4_in_chinese_fonts(audited):
    _, feedback = audited
    document = docx.Document(str(next(feedback.iterdir())))
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.05) and abs(section.page_height - Cm(29.7)) < Cm(0.05)
    for style in ("Normal", "Title", "Heading 1"):
        fonts = document.styles[style].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) in ("仿宋", "宋体", "黑体") and fonts.get(qn("w:asciiTheme")) is None


def test_copying_and_unreadable_files_are_told_to_the_unit(audited):
    data, feedback = audited
    copier = _text(docx.Document(str(feedback / "反馈意见-安宁市人民政府金方街道办事处.docx")))
    assert "四、内容雷同和重复" in copier and "安宁市人民政府县街街道办事处" in copier
    original = _text(docx.Document(str(feedback / "反馈意见-安宁市人民政府县街街道办事处.docx")))
    assert "安宁市人民政府金方街道办事处" in original
    unrelated = _text(docx.Document(str(feedback / "反馈意见-浦沿街道.docx")))
    assert "内容雷同" not in unrelated
    broken = docx.Document(str(feedback / "反馈意见-损坏.docx"))
    assert "无法读取" in _text(broken) and "重新报送" in _text(broken)
    # no unit could be read: a placeholder to fill in, never the file's name
    assert broken.paragraphs[0].text == "关于××单位法治政府建设年度报告的反馈意见" and broken.paragraphs[1].text == "××单位："


@pytest.mark.skipif(legacy.soffice() is None, reason="LibreOffice not installed (.ci/run installs it)")
def test_libreoffice_prints_the_feedback(audited, tmp_path):
    _, feedback = audited
    source = feedback / "反馈意见-浦沿街道.docx"
    subprocess.run([legacy.soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    with pdfplumber.open(tmp_path / "反馈意见-浦沿街道.pdf") as pdf:
        first = pdf.pages[0]
        assert abs(first.width - 595) < 3 and abs(first.height - 842) < 3     # A4 in points
        assert "浦沿街道" in first.extract_text() and "审查结论" in first.extract_text()


def test_a_feedback_folder_that_cannot_be_written_stops_before_the_audit(tmp_path):
    taken = tmp_path / "反馈意见"
    taken.write_text("一个文件", encoding="utf-8")
    out = tmp_path / "结果.json"
    proc = run("audit", str(SEEDS[0]), "-o", str(out), "--feedback", str(taken), "--no-cache")
    assert proc.returncode == 2 and "反馈意见" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()
