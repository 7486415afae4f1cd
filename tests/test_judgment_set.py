"""The checker's content judgment, held to its figures on the labelled judgment set
(tests/judgment: cases labelled by helpers who never saw the checker). A change that finds
fewer of the problems a reviewer raises, or raises more on passages a reviewer accepts, fails
here; one that does better updates the figures: python bench/judgment.py --write."""
from __future__ import annotations

import sys

import pytest
import yaml

from .conftest import ROOT
from .judgment.cases import CATEGORIES, load_folder

sys.path.insert(0, str(ROOT))
from bench import judgment  # noqa: E402

STORED = yaml.safe_load(judgment.FIGURES.read_text(encoding="utf-8"))


def test_every_case_builds_and_every_quote_is_in_its_report():
    cases = [case for folder in judgment.SETS.values() for case in load_folder(folder)]
    assert len(cases) >= 390
    assert len({case.id for case in cases}) == len(cases)


@pytest.fixture(scope="module", params=sorted(judgment.SETS))
def measured(request, pack):
    return request.param, judgment.measure(judgment.load_set(request.param), pack)


def test_no_category_finds_fewer_problems_or_raises_more_false_alarms(measured):
    name, figures = measured
    stored = STORED[name]
    for category in CATEGORIES:
        recall, alarms = figures.recall[category], figures.alarms[category]
        hit, total = stored[category]["recall"]
        assert recall.total == total, f"{name}/{category}: labels changed; run python bench/judgment.py --write"
        assert recall.right >= hit, f"{name}/{category}: recall {recall} < stored {hit}/{total}\n" + "\n".join(figures.missed)
        hit, total = stored[category]["false_alarms"]
        assert alarms.total == total
        assert alarms.right <= hit, f"{name}/{category}: false alarms {alarms} > stored {hit}/{total}\n" + \
            "\n".join(figures.false_alarms)
    assert figures.year.right >= stored["year_read"][0]


def test_the_figures_are_better_than_before_any_judgment_change():
    """Each set's baseline was measured the day it was written, before any tuning after it
    (tests/judgment/baseline.yaml): the development set and the first check set before any
    judgment change at all, the second check set when the first had been tuned on."""
    baseline = yaml.safe_load((judgment.JUDGMENT / "baseline.yaml").read_text(encoding="utf-8"))
    for name in judgment.SETS:
        assert _alarm_share(STORED[name]) <= _alarm_share(baseline[name])
    assert _alarm_share(STORED["cases"]) < _alarm_share(baseline["cases"])
    assert _alarm_share(STORED["check"]) < _alarm_share(baseline["check"])


def _alarm_share(figures: dict) -> float:
    return sum(figures[c]["false_alarms"][0] for c in CATEGORIES) / sum(figures[c]["false_alarms"][1] for c in CATEGORIES)
