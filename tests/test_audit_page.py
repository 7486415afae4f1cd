"""The audit page in a real browser: readable, sortable, findings one click away, offline."""
from __future__ import annotations

from .browser import SCREENSHOTS, needs_browser, page
from .conftest import received_reports
from .test_cli import run


@needs_browser
def test_audit_page_in_chromium(tmp_path):
    folder = received_reports(tmp_path / "报告", "004-typed.docx", "县街街道.docx")
    out = tmp_path / "审查结果.html"
    assert run("audit", str(folder), "-o", str(out), "--no-cache").returncode == 0
    SCREENSHOTS.mkdir(exist_ok=True)
    with page() as (tab, outside):
        tab.goto(out.as_uri())
        assert tab.title() == "法治政府建设年度报告审查结果"
        ranking = tab.locator("#ranking tbody tr")
        assert ranking.count() == 7
        first_unit = ranking.nth(0).locator("td").nth(1).inner_text()
        assert first_unit == "浦沿街道"                       # seed 000 ranks first
        last = ranking.nth(6).locator("td")                     # the unreadable file is the last row,
        assert last.nth(1).inner_text() == "损坏" and last.nth(2).inner_text() == "损坏.pdf"
        assert last.nth(3).inner_text().startswith("无法读取：")   # its reason right after unit and file
        tab.screenshot(path=str(SCREENSHOTS / "audit-page.png"), full_page=False)

        score_header = tab.locator("#ranking th", has_text="得分")
        score_header.click()                                   # ascending
        scores = [c for c in tab.locator("#ranking tbody tr td:nth-child(7)").all_inner_texts() if c]
        assert [float(s) for s in scores] == sorted(float(s) for s in scores)
        score_header.click()                                   # descending
        scores = [c for c in tab.locator("#ranking tbody tr td:nth-child(7)").all_inner_texts() if c]
        assert [float(s) for s in scores] == sorted((float(s) for s in scores), reverse=True)

        link = tab.locator("#ranking a", has_text="安宁市人民政府县街街道办事处").first
        target = link.get_attribute("href")[1:]
        assert tab.locator(f"details#{target}").get_attribute("open") is None
        link.click()
        details = tab.locator(f"details#{target}")
        assert details.get_attribute("open") is not None
        assert "缺少“党政主要负责人履行推进法治建设第一责任人职责情况”部分" in details.inner_text()
        assert details.is_visible()
        tab.screenshot(path=str(SCREENSHOTS / "audit-page-details.png"))
        assert tab.locator("#score-chart rect").count() == 7
        assert outside == []
