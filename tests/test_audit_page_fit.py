"""The audit page on an office's laptop screen (1366×768): no sideways scrolling of the page,
ranking rows a line high, counts shown as counts."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

from .browser import needs_browser, page
from .conftest import ROOT, SEEDS

EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
WIDTH, HEIGHT = 1366, 768


def audit_page(tmp_path):
    """The page of a folder of ten reports with long file names, as an office receives them."""
    folder = tmp_path / "收到的报告"
    folder.mkdir()
    for n, source in enumerate([*EXAMPLES, *SEEDS, *EXAMPLES[:2]], start=1):
        shutil.copy(source, folder / f"第{n}份-某某单位关于2024年度法治政府建设情况的报告{source.suffix}")
    out = tmp_path / "结果.html"
    proc = subprocess.run([sys.executable, "-m", "checker", "audit", str(folder), "-o", str(out), "--no-cache"],
                          capture_output=True, text=True, cwd=ROOT,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    return out


@needs_browser
def test_the_page_fits_a_laptop_screen_and_shows_counts_as_integers(tmp_path):
    out = audit_page(tmp_path)
    with page(WIDTH, HEIGHT) as (tab, outside):
        tab.goto(out.as_uri())
        assert tab.locator("#ranking tbody tr").count() == 10
        assert tab.evaluate("document.documentElement.scrollWidth") <= WIDTH
        box = tab.locator("#ranking").evaluate("t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
        assert box[0] > box[1]                     # the wide ranking scrolls inside its own box
        heights = tab.locator("#ranking tbody tr").evaluate_all("rows => rows.map(r => r.offsetHeight)")
        size = tab.locator("#ranking tbody td").first.evaluate("td => parseFloat(getComputedStyle(td).fontSize)")
        assert max(heights) <= 4 * size, heights   # a line or two, never a file name in four lines
        numbers = tab.locator("#ranking td.num, #similar td.num, svg text").all_text_contents()
        assert numbers and not [n for n in numbers if re.search(r"\d\.0\b", n)]
        assert "1366" in numbers                   # the 调解件数 of one example, once shown as 1366.0
        tab.screenshot(path=str(tmp_path / "audit-1366.png"))
        ranking = tab.locator("#ranking")
        ranking.evaluate("t => { t.parentElement.scrollLeft = t.parentElement.scrollWidth; }")
        unit = tab.locator("#ranking tbody tr").first.locator("td").nth(1)
        assert unit.bounding_box()["x"] < WIDTH / 4   # scrolled to the far right, the unit stays in view
        tab.screenshot(path=str(tmp_path / "audit-1366-right.png"))
        assert outside == []
