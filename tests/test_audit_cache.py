"""The audit's cache speeds a run up and never adds to it: last year's reports come only from
`--previous`, and every row that compares with another report names a file the user gave.
The suite itself runs on its own cache (conftest), never the user's."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import ROOT, SUITE_CACHE, USER_CACHE, snapshot

EXAMPLE = (ROOT / "examples" / "示范街道2024年报告-完整.txt").read_text("utf-8")


def _year_before(text: str) -> str:
    """The same unit's report a year earlier, its shortcomings written the same (a repeat)."""
    return text.replace("2025", "2026").replace("2024", "2023").replace("2026", "2024")


def _audit(folder, out, *options: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "checker", "audit", str(folder), "-o", str(out), "--no-progress",
                           *options], capture_output=True, text=True, env=os.environ.copy())
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(out.read_text("utf-8"))


def _repeats(data: dict) -> list[dict]:
    return [row for row in data["audit"]["similar"] if row["kind"] == "repeated_from_last_year"]


def test_last_years_report_comes_only_from_previous_never_from_the_cache(tmp_path):
    earlier, now, elsewhere = tmp_path / "2023年报告", tmp_path / "2024年报告", tmp_path / "别的上年"
    for folder in (earlier, now, elsewhere):
        folder.mkdir()
    (earlier / "示范街道.txt").write_text(_year_before(EXAMPLE), "utf-8")
    (now / "示范街道.txt").write_text(EXAMPLE, "utf-8")
    (elsewhere / "另一街道.txt").write_text(_year_before(EXAMPLE).replace("示范街道", "另一街道"), "utf-8")
    cache = ["--cache", str(tmp_path / "audit.sqlite")]
    with_previous = _audit(now, tmp_path / "a.json", "--previous", str(earlier), *cache)
    assert _repeats(with_previous) and {r["a"] for r in _repeats(with_previous)} == {str(earlier / "示范街道.txt")}
    (earlier / "示范街道.txt").unlink()   # gone from the disk, still in the cache
    assert not _repeats(_audit(now, tmp_path / "b.json", *cache))
    assert not _repeats(_audit(now, tmp_path / "c.json", "--previous", str(elsewhere), *cache))


def test_the_suite_runs_on_its_own_cache_and_leaves_the_users_alone(tmp_path):
    before = snapshot(USER_CACHE)
    folder = tmp_path / "报告"
    folder.mkdir()
    (folder / "示范街道.txt").write_text(EXAMPLE, "utf-8")
    _audit(folder, tmp_path / "r.json")
    assert os.environ["XDG_CACHE_HOME"] == str(SUITE_CACHE) and not str(SUITE_CACHE).startswith(str(USER_CACHE))
    assert (SUITE_CACHE / "report-check" / "audit.sqlite").is_file()
    assert snapshot(USER_CACHE) == before
