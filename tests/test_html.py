"""Web pages saved from a portal give the article only, whatever their charset."""
from __future__ import annotations

import json

import pytest

from checker.documents import read_document
from checker.engine import check_path

from .conftest import FIXTURES, SEEDS, statuses
from .test_cli import run

DOCS = FIXTURES / "documents"
TITLE_RULES = {"TITLE-MISSING", "TITLE-TERM", "TITLE-ENTITY", "TITLE-YEAR"}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_html_gives_the_same_verdict_as_txt(seed, pack):
    txt = check_path(str(seed), pack)
    page = check_path(str(DOCS / f"{seed.name[:3]}.html"), pack)
    assert statuses(page) == statuses(txt)
    assert page.outline.year == txt.outline.year
    # the portal page carries a title where the copied text had none; nothing else differs
    differ = {f.rule for f in page.findings} ^ {f.rule for f in txt.findings}
    assert differ <= TITLE_RULES


def test_page_chrome_is_dropped_and_gbk_decoded():
    raw = (DOCS / "004.html").read_bytes()
    assert b"charset=gb2312" in raw and "县街街道".encode("gb18030") in raw
    doc = read_document(str(DOCS / "004.html"))
    for chrome in ("政务服务", "当前位置", "打印本页", "ICP备", "var columnName", "相关链接", "浏览次数", "setFont"):
        assert chrome not in doc.text, chrome
    assert doc.text.splitlines()[0] == "安宁市人民政府县街街道办事处2021年法治政府建设年度报告"
    assert "索引号" not in doc.norm  # kept by the extractor, blanked as furniture


def test_script_tags_in_the_article_are_not_text(tmp_path):
    page = (DOCS / "001.html").read_text("utf-8").replace(
        '<div id="zoom" class="TRS_Editor">', '<div id="zoom" class="TRS_Editor"><script>alert("二、存在的不足")</script>')
    path = tmp_path / "p.html"
    path.write_text(page, encoding="utf-8")
    assert "alert" not in read_document(str(path)).text


def test_not_a_web_page(tmp_path):
    path = tmp_path / "假网页.html"
    path.write_bytes((DOCS / "004.pdf").read_bytes())
    proc = run("check", str(path), "--format", "json")
    report = json.loads(proc.stdout)["reports"][0]
    assert proc.returncode == 2 and report["status"] == "unreadable"


def test_a_wrong_declared_charset_does_not_turn_the_report_into_mojibake(tmp_path, pack):
    """Red team: a UTF-8 page declaring charset=iso-8859-1 decoded to mojibake and scored 0/100."""
    page = (DOCS / "001.html").read_text("utf-8")
    page = page.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("charset=utf-8", "charset=iso-8859-1")
    assert "iso-8859-1" in page
    path = tmp_path / "wrong-charset.html"
    path.write_bytes(page.encode("utf-8"))
    wrong, right = check_path(str(path), pack), check_path(str(DOCS / "001.html"), pack)
    assert statuses(wrong) == statuses(right) and wrong.score == right.score
    assert not right.document.notices
    from checker.formats.json_format import report_dict
    from checker.formats.text import render
    assert "iso-8859-1" in report_dict(wrong, pack)["meta"]["notices"][0]   # and the drafter is told
    assert "注意：网页声明的编码“iso-8859-1”解不出中文" in render([wrong], pack, color=False)
