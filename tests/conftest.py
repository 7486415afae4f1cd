from __future__ import annotations

import os
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
