from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from checker.documents import document_from_text
from checker.engine import check_document
from checker.pack import load_pack

# Property tests: a short run always (CI); HYPOTHESIS_PROFILE=fuzz for a long one.
settings.register_profile("ci", max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=20000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# The suite's own home and cache (jieba's dictionary, packs, every audit's results): the user's
# cache is never read or written, and the session fails if it changed (pytest_sessionfinish).
USER_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "report-check"
SUITE_HOME = Path(tempfile.mkdtemp(prefix="report-check-suite-"))
SUITE_CACHE = SUITE_HOME / ".cache"
os.environ["XDG_CACHE_HOME"] = str(SUITE_CACHE)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under a folder: size and modification time."""
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()} \
        if folder.is_dir() else {}


USER_CACHE_BEFORE = snapshot(USER_CACHE)


# What each test module needs beyond this process (pyproject.toml declares the markers; a browser
# test is marked by tests/browser.needs_browser itself). A test with none of them is `quick`.
MODULE_MARKS = {
    "subprocess": {"test_annotate", "test_audit", "test_audit_cache", "test_audit_copies", "test_audit_feedback",
                   "test_audit_page", "test_audit_page_fit", "test_audit_roster", "test_audit_rounds",
                   "test_audit_signals", "test_audit_similarity",
                   "test_batch_faults", "test_ci_formats", "test_cli", "test_cli_outputs", "test_config",
                   "test_hostile_documents", "test_hostile_files3", "test_hostile_packs", "test_office_run",
                   "test_pack_guide", "test_precommit", "test_privacy", "test_readme", "test_redteam", "test_rounds",
                   "test_segment", "test_startup", "test_web_api", "test_web_load", "test_web_page"},
    "libreoffice": {"test_legacy", "test_pdf", "test_docx"},
    "slow": {"test_readme", "test_office_run", "test_web_load", "test_hostile_text", "test_invariance"},
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1]
        for marker, modules in MODULE_MARKS.items():
            if module in modules:
                item.add_marker(marker)
        if not any(item.get_closest_marker(m) for m in (*MODULE_MARKS, "browser")):
            item.add_marker("quick")


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(SUITE_HOME, ignore_errors=True)
    if snapshot(USER_CACHE) != USER_CACHE_BEFORE:
        print(f"\n测试改动了用户的缓存 {USER_CACHE}：测试只应写在自己的临时文件夹中")
        session.exitstatus = 1


ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def pack():
    return load_pack()


def check_text(text: str, pack, name: str = "report.txt"):
    return check_document(document_from_text(text, name), pack)


def statuses(result) -> dict[str, str]:
    return {s.id: s.status for s in result.sections}


def rule_ids(result) -> set[str]:
    return {f.rule for f in result.findings}


def received_reports(folder: Path, word: str, word_name: str) -> Path:
    """A folder of received reports as an office gets it: every seed as .txt, one report in
    Word (`word` from the fixtures, saved as `word_name`) and a PDF that cannot be read."""
    import shutil
    folder.mkdir(parents=True)
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    shutil.copy(FIXTURES / "documents" / word, folder / word_name)
    (folder / "损坏.pdf").write_bytes(b"%PDF-1.4 broken")
    return folder


# The received-reports folder of the audit's tests (test_audit*.py).
@pytest.fixture()
def folder(tmp_path):
    """A received-reports folder: the seeds as .txt, Word, PDF and web page, a corrupt and an empty file."""
    root = tmp_path / "收到的报告"
    (root / "部门" / "深层").mkdir(parents=True)
    for seed in SEEDS[:3]:
        shutil.copy(seed, root / seed.name)
    shutil.copy(FIXTURES / "documents" / "003-autonum.docx", root / "部门" / "柳市镇.docx")
    shutil.copy(FIXTURES / "documents" / "004.pdf", root / "部门" / "深层" / "县街街道.pdf")
    shutil.copy(FIXTURES / "documents" / "001.html", root / "部门" / "川沙新镇网页.html")
    (root / "部门" / "损坏.docx").write_bytes((FIXTURES / "documents" / "000-typed.docx").read_bytes()[:2000])
    (root / "空白.txt").write_bytes(b"")
    (root / "说明.jpg").write_bytes(b"\xff\xd8 not a report")
    return root
