"""The page in a real browser (Debian's Chromium, driven by Playwright) against a real
`report-check serve` on 127.0.0.1."""
from __future__ import annotations

import re
import socket
import subprocess
import sys

import pytest

from checker.engine import check_path
from checker.pack import load_pack

from .browser import SCREENSHOTS, needs_browser, page
from .conftest import FIXTURES, ROOT, SEEDS

SEED_004_SCORE = check_path(str(SEEDS[4]), load_pack()).score   # the page shows what the checker scores

DOCS = FIXTURES / "documents"


@pytest.fixture(scope="module")
def server():
    proc = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--port", "0", "--no-open"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    line = proc.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    assert match, line + proc.stderr.read()
    url = match.group(0)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def test_serve_binds_loopback_only(server):
    port = int(server.rsplit(":", 1)[1].strip("/"))
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    addresses = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None) if not a[4][0].startswith("127.")}
    for address in addresses:
        with pytest.raises(OSError):
            socket.create_connection((address, port), timeout=2).close()


def test_other_host_needs_a_warning():
    proc = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--host", "0.0.0.0", "--port", "0", "--no-open"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert "检查页面已启动" in line and "0.0.0.0" not in line      # an address a browser can open
        assert re.search(r"http://\d+\.\d+\.\d+\.\d+:\d+/", line)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert "警告" in err and "其他电脑" in err


@needs_browser
def test_upload_see_missing_part_and_click_to_place(server):
    SCREENSHOTS.mkdir(exist_ok=True)
    with page(1440, 1000) as (tab, outside):
        tab.goto(server)
        tab.screenshot(path=str(SCREENSHOTS / "page-start.png"))
        tab.set_input_files("#file", str(DOCS / "004-typed.docx"))
        tab.wait_for_selector(".report-head .score")
        assert tab.inner_text(".report-head .score").startswith(f"{SEED_004_SCORE:g} ")
        missing = tab.locator(".checklist li.st-missing")
        assert missing.count() == 1 and "第一责任人" in missing.inner_text() and "缺失" in missing.inner_text()
        assert missing.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(253, 236, 234)"
        assert "安宁市人民政府县街街道办事处" in tab.inner_text(".meta") and "2021" in tab.inner_text(".meta")
        assert tab.locator(".coverage li").count() == 9 and tab.locator(".coverage li.st-absent").count() == 1
        levels = tab.locator(".finding .badge:not(.judgment)").all_inner_texts()   # the level, not 推断，请核对
        assert levels == sorted(levels, key=["错误", "警告", "提示"].index)       # worst first
        assert tab.locator(".finding .badge.judgment").count() > 0              # inferred findings say so
        tab.screenshot(path=str(SCREENSHOTS / "page-result.png"))

        item = tab.locator(".finding", has_text="没有写明原因").first
        target = tab.locator("#" + "r0-" + item.get_attribute("data-target"))
        item.click()
        tab.wait_for_timeout(200)
        assert target.inner_text().startswith("二是工作成效")   # the passage may be split by overlapping marks
        box = target.bounding_box()
        text_box = tab.locator(".report-text").bounding_box()
        assert text_box["y"] <= box["y"] <= text_box["y"] + text_box["height"]   # scrolled into view
        assert "flash" in target.get_attribute("class")
        flashed = "".join(tab.locator(".report-text mark.flash").all_inner_texts())
        assert flashed.startswith("二是工作成效有待提高") and len(flashed) > 40   # every piece of the passage
        tab.screenshot(path=str(SCREENSHOTS / "page-finding-clicked.png"))
        assert outside == []


@needs_browser
def test_a_clerk_checks_switches_pack_and_downloads(server):
    """The download button waits for a result; switching the rule pack checks the same report
    again; the 纲要 areas come in the pack's order; the browser finds the page's icon."""
    import urllib.request
    areas = [a["name"] for a in next(r for r in load_pack().rules if r.kind == "coverage").get("areas")]
    with page() as (tab, outside):
        icons = []
        tab.on("response", lambda r: icons.append(r.status) if "favicon" in r.url else None)
        tab.goto(server)
        assert not tab.locator("#export").is_visible()
        tab.fill("#text", SEEDS[4].read_text("utf-8"))
        tab.click("#check")
        tab.wait_for_selector(".report-head .score")
        assert tab.locator("#export").is_visible()
        assert [t.split(" ", 1)[-1].strip("✓✗ ") for t in tab.locator(".coverage li").all_inner_texts()] == areas
        assert tab.locator(".finding", has_text="不是政府部门").count() == 0
        tab.select_option("#pack", "fazhi-department")
        tab.locator(".finding", has_text="不是政府部门").first.wait_for(timeout=30000)   # checked again, no click
        tab.screenshot(path=str(SCREENSHOTS / "page-pack-switched.png"))
        assert outside == [] and 404 not in icons
    with urllib.request.urlopen(server + "favicon.ico") as response:
        assert response.status == 200 and response.headers["Content-Type"].startswith("image/svg+xml")


@needs_browser
def test_corrupt_file_shows_the_message(server, tmp_path):
    broken = tmp_path / "损坏的报告.docx"
    broken.write_bytes((DOCS / "004-typed.docx").read_bytes()[:1500])
    with page() as (tab, _):
        tab.goto(server)
        tab.set_input_files("#file", str(broken))
        tab.wait_for_selector(".error-box")
        assert "已损坏" in tab.inner_text(".error-box") and "已损坏" in tab.inner_text("#message")


@needs_browser
def test_pasted_script_is_shown_as_text(server):
    text = SEEDS[2].read_text("utf-8").replace("(一)党政主要负责人", "<script>window.hacked=1;alert('x')</script>(一)党政主要负责人")
    with page() as (tab, _):
        dialogs = []
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        tab.goto(server)
        tab.fill("#text", text)
        tab.click("#check")
        tab.wait_for_selector(".report-text")
        assert "<script>window.hacked=1;alert('x')</script>" in tab.inner_text(".report-text")
        assert dialogs == [] and tab.evaluate("window.hacked") is None
        assert tab.locator(".report-text script").count() == 0


@needs_browser
def test_downloaded_result_looks_the_same(server, tmp_path):
    with page() as (tab, outside):
        tab.goto(server)
        tab.set_input_files("#file", str(SEEDS[4]))
        tab.wait_for_selector(".report-head .score")
        with tab.expect_download() as info:
            tab.click("#export")
        assert info.value.suggested_filename == f"{SEEDS[4].stem}-检查结果.html"   # named after the report
        saved = tmp_path / "检查结果.html"
        info.value.save_as(saved)
        tab.goto(saved.as_uri())
        assert tab.inner_text(".report-head .score").startswith(f"{SEED_004_SCORE:g} ")
        assert tab.locator(".checklist li.st-missing").count() == 1
        tab.emulate_media(media="print")
        assert tab.locator(".columns").evaluate("e => getComputedStyle(e).display") == "block"   # one column on A4
        tab.screenshot(path=str(SCREENSHOTS / "download-print.png"), full_page=False)
        assert outside == []


@needs_browser
def test_a_clerk_downloads_the_commented_word_file(server, tmp_path):
    """「下载批注版 Word」 next to the HTML download: the uploaded .docx itself, with comments."""
    import docx
    with page() as (tab, outside):
        tab.goto(server)
        assert not tab.locator("#annotated").is_visible()
        tab.set_input_files("#file", str(DOCS / "004-typed.docx"))
        tab.wait_for_selector(".report-head .score")
        with tab.expect_download() as info:
            tab.click("#annotated")
        assert info.value.suggested_filename == "004-typed-检查意见.docx"
        saved = tmp_path / info.value.suggested_filename
        info.value.save_as(saved)
        assert outside == []
    from checker.annotate import annotated_docx

    from .test_annotate import comments
    source = DOCS / "004-typed.docx"
    expected = comments(annotated_docx(check_path(str(source), load_pack()), load_pack(), source.read_bytes()))
    assert [text for text, _ in comments(saved.read_bytes())] == [text for text, _ in expected]
    document = docx.Document(str(saved))
    assert [p.text for p in document.paragraphs] == [p.text for p in docx.Document(str(DOCS / "004-typed.docx")).paragraphs]
