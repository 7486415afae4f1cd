"""Word documents read as faithfully as the .txt: same statuses and year for every seed in
every heading style; tables, tracked changes, headers and comments handled; bad files refused."""
from __future__ import annotations

import io
import json
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from checker.documents import read_document
from checker.engine import check_path

from .conftest import FIXTURES, SEEDS, statuses
from .test_cli import run

DOCS = FIXTURES / "documents"


@pytest.fixture(scope="module")
def txt_results(pack):
    return {p.name[:3]: check_path(str(p), pack) for p in SEEDS}


@pytest.mark.parametrize("variant", ["typed", "styled", "autonum"])
@pytest.mark.parametrize("seed", [p.name[:3] for p in SEEDS])
def test_docx_gives_the_same_verdict_as_txt(seed, variant, pack, txt_results):
    result = check_path(str(DOCS / f"{seed}-{variant}.docx"), pack)
    expected = txt_results[seed]
    assert result.status == "checked"
    assert statuses(result) == statuses(expected)
    assert result.outline.year == expected.outline.year
    assert result.document.line_unit == "段"


def test_automatic_numbers_are_rebuilt():
    doc = read_document(str(DOCS / "004-autonum.docx"))
    assert "一、主要工作开展情况" in doc.text and "（一）依法履行政府职能" in doc.text
    plain = docx.Document(str(DOCS / "004-autonum.docx"))
    assert not any(p.text.startswith("一、") for p in plain.paragraphs)  # the numbers are not typed


def test_text_output_counts_paragraphs():
    out = run("check", str(DOCS / "004-typed.docx")).stdout
    assert "段" in out and "第" in out and "行　" not in out


def _docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_tables_tracked_changes_headers_and_comments(tmp_path):
    def build(d):
        d.sections[0].header.paragraphs[0].text = "页眉：内部审阅稿"
        d.sections[0].footer.paragraphs[0].text = "第 1 页"
        d.add_paragraph("一、主要举措和成效")
        p = d.add_paragraph("全年审查合同")
        p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>86件</w:t></w:r></w:ins>'))
        p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText>99件</w:delText></w:r></w:del>'))
        table = d.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "指标", "数值"
        table.cell(1, 0).text, table.cell(1, 1).text = "行政复议案件", "5件"
        d.add_comment(d.paragraphs[-1].runs, text="批注：核对数据", author="审核人")
    path = tmp_path / "features.docx"
    path.write_bytes(_docx_bytes(build))
    text = read_document(str(path)).text
    assert "全年审查合同86件" in text and "99件" not in text
    assert "行政复议案件 | 5件" in text
    assert "页眉" not in text and "第 1 页" not in text and "批注" not in text


def _bad_files(tmp_path) -> dict[str, tuple[bytes, str]]:
    good = (DOCS / "000-typed.docx").read_bytes()
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<a/>" + b" " * (300 * 1024 * 1024))
    return {
        "空.docx": (b"", "空文件"),
        "截断.docx": (good[: len(good) // 2], "已损坏"),
        "加密.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512, "密码"),
        "旧版.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, ".doc"),
        "炸弹.docx": (bomb.getvalue(), "压缩炸弹"),
        "其实是PDF.docx": (b"%PDF-1.7\n" + b"x" * 100, "内容是PDF 文件"),
        "不是Word.docx": (_zip_without_document(), "没有 Word 正文"),
    }


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "hi")
    return buffer.getvalue()


def test_bad_word_files_each_get_a_message_and_the_rest_are_checked(tmp_path):
    cases = _bad_files(tmp_path)
    paths = []
    for name, (data, _) in cases.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    proc = run("check", str(DOCS / "000-typed.docx"), *paths, "--format", "json")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    reports = {r["path"]: r for r in json.loads(proc.stdout)["reports"]}
    assert reports[str(DOCS / "000-typed.docx")]["status"] == "checked"
    for name, (_, words) in cases.items():
        report = reports[str(tmp_path / name)]
        assert report["status"] == "unreadable", name
        assert words in report["error"], (name, report["error"])
        assert f"{tmp_path / name}: " in proc.stderr
