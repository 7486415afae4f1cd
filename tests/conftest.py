from __future__ import annotations

from pathlib import Path

import os

import pytest
from hypothesis import HealthCheck, settings

# Property tests: a short run always (CI); HYPOTHESIS_PROFILE=fuzz for a long one.
settings.register_profile("ci", max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=20000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

from checker.documents import document_from_text
from checker.engine import check_document
from checker.pack import load_pack

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
