"""The labelled corpus of real report openings (tests/corpus) holds: the checker agrees with
the reviewers' reading as bench/accuracy.py measures it, and every disagreement left is one
that tests/corpus/explained.yaml explains."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest
import yaml

from .conftest import ROOT

CORPUS = ROOT / "tests" / "corpus"
LABELS = sorted(p for p in CORPUS.glob("*.yaml") if p.name != "explained.yaml")
_spec = importlib.util.spec_from_file_location("accuracy", ROOT / "bench" / "accuracy.py")
accuracy = sys.modules.setdefault("accuracy", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(accuracy)


@pytest.fixture(scope="module")
def scores(pack):
    return accuracy.evaluate(CORPUS, pack)


def test_corpus_is_real_and_labelled():
    assert len(LABELS) >= 150
    urls, levels, years = set(), set(), set()
    for path in LABELS:
        labels = yaml.safe_load(path.read_text("utf-8"))
        assert path.with_suffix(".txt").exists(), path.name
        assert labels["url"].startswith("http") and labels["url"] not in urls, path.name
        urls.add(labels["url"])
        levels.add(labels["level"])
        years.add(labels["year"])
        for part in accuracy.PARTS:
            assert labels["parts"][part]["label"] in {"own", "thematic", "merged", "absent", "cut"}, path.name
    assert {"county", "township", "department", "city", "province"} <= levels
    assert {2016, 2020, 2025} <= years


def test_agreement_with_reviewers(scores):
    assert scores.presence_all.share >= 0.98, accuracy.render(scores)
    assert scores.year.share == 1.0, accuracy.render(scores)
    assert scores.title.share >= 0.95 and scores.issuer.share >= 0.95, accuracy.render(scores)
    assert scores.presence["measures"].total >= 150 and scores.presence["first_responsible"].total >= 60


def test_every_disagreement_is_explained_and_every_explanation_still_needed(scores):
    explained = yaml.safe_load((CORPUS / "explained.yaml").read_text("utf-8"))
    got = {d.key for d in scores.disagreements}
    assert got <= set(explained), "unexplained: " + ", ".join(sorted(got - set(explained)))
    assert set(explained) <= got, "fixed, drop from explained.yaml: " + ", ".join(sorted(set(explained) - got))


def test_every_corpus_text_is_checked_from_the_command_line_without_a_traceback():
    texts = sorted(str(p) for p in CORPUS.glob("*.txt"))
    run = subprocess.run([sys.executable, "-m", "checker", "check", *texts, "--format", "json"],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode in (0, 1) and "Traceback" not in run.stderr, run.stderr[-2000:]
    reports = json.loads(run.stdout)["reports"]
    assert len(reports) == len(texts) and all(r["status"] == "checked" for r in reports)


def test_findings_are_right_and_find_what_a_reviewer_flags(pack):
    """Reviewers' problem lists (tests/reviews) and their verdicts on every other finding."""
    scores = accuracy.evaluate_findings(pack)
    report = accuracy.render_findings(scores)
    assert scores.unlabelled == [], report          # a new finding on the sample needs a reviewer's verdict
    assert scores.problems >= 60 and scores.recall >= 0.85, report
    assert scores.precision >= 0.90, report
