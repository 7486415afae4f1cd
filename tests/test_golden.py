"""The expert reading of the five seeds (seed-verdicts.yaml) holds."""
from __future__ import annotations

import pytest
import yaml

from checker.engine import check_path

from .conftest import FIXTURES, SEEDS, rule_ids, statuses

VERDICTS = yaml.safe_load((FIXTURES / "seed-verdicts.yaml").read_text("utf-8"))

# The verdicts' must_report items, as the rule that reports each.
MUST_REPORT = {
    "000_a18e5368b7f470e7.txt": {"TITLE-MISSING", "SIGNOFF"},
    "001_4cb2df2e9b5fefa9.txt": {"SIGNOFF", "DATE-GARBLED"},
    "002_7a2b5dee12f1a894.txt": {"REPEAT-ADJACENT", "TITLE-MISSING", "SIGNOFF"},
    "003_816fba5445a10488.txt": {"STRUCT-CAUSES-HEADING", "FIRSTRESP-CONCRETE"},
    "004_e2eb399f616ad544.txt": {"STRUCT-FIRSTRESP-MISSING", "STRUCT-CAUSES", "TITLE-MISSING"},
}


@pytest.fixture(scope="module")
def results(pack):
    return {p.name: check_path(str(p), pack) for p in SEEDS}


def test_every_seed_has_a_verdict():
    assert {p.name for p in SEEDS} == {k for k in VERDICTS if k != "ranking"} == set(MUST_REPORT)


@pytest.mark.parametrize("name", sorted(MUST_REPORT))
def test_section_statuses(results, name):
    got = statuses(results[name])
    for section, allowed in VERDICTS[name]["sections"].items():
        assert got[section] in allowed, f"{name} {section}: {got[section]} not in {allowed}"


@pytest.mark.parametrize("name", sorted(MUST_REPORT))
def test_meta(results, name):
    meta = VERDICTS[name]["meta"]
    outline = results[name].outline
    assert outline.year == meta["year"]
    assert meta["issuer_contains"] in outline.issuer
    if "title" in meta:
        assert outline.title == meta["title"]
    if "title_contains" in meta:
        assert meta["title_contains"] in outline.title
    expected_date = meta["signed_date"]
    got_date = outline.signature.date if outline.signature else None
    assert got_date == (str(expected_date) if expected_date else None)


@pytest.mark.parametrize("name", sorted(MUST_REPORT))
def test_must_report(results, name):
    assert MUST_REPORT[name] <= rule_ids(results[name])


# The verdicts' must_not_report items (revision 2), as the rule that would wrongly report each.
MUST_NOT_REPORT = {
    "003_816fba5445a10488.txt": {"STRUCT-CAUSES"},   # items 2 and 3 state causes without connector words
}


@pytest.mark.parametrize("name", sorted(MUST_NOT_REPORT))
def test_must_not_report(results, name):
    assert not MUST_NOT_REPORT[name] & rule_ids(results[name])


def test_missing_first_responsible_is_an_error(results):
    finding = next(f for f in results["004_e2eb399f616ad544.txt"].findings if f.rule == "STRUCT-FIRSTRESP-MISSING")
    assert finding.level == "error"


def test_repeated_sentence_is_located(results):
    finding = next(f for f in results["002_7a2b5dee12f1a894.txt"].findings if f.rule == "REPEAT-ADJACENT")
    assert finding.line == 32 and "执法规范性建设力度仍有待提高" in finding.excerpt


def test_garbled_dates_are_each_reported(results):
    found = {f.excerpt for f in results["001_4cb2df2e9b5fefa9.txt"].findings if f.rule == "DATE-GARBLED"}
    assert any("202311日" in e for e in found) and any("202311月" in e for e in found)


def test_web_page_furniture_is_not_judged(results):
    result = results["001_4cb2df2e9b5fefa9.txt"]
    for f in result.findings:
        for label in ("索引号", "发布机构", "发布时间", "公开类别"):
            assert label not in (f.excerpt or "") and label not in f.message


def test_ranking(results):
    scores = {name: r.score for name, r in results.items()}
    assert max(scores, key=scores.get) == "000_a18e5368b7f470e7.txt"
    assert min(scores, key=scores.get) == "004_e2eb399f616ad544.txt"


def test_same_input_same_output(results, pack):
    again = check_path(str(SEEDS[1]), pack)
    first = results[SEEDS[1].name]
    assert [(f.rule, f.line, f.message, f.deduction) for f in again.findings] == \
           [(f.rule, f.line, f.message, f.deduction) for f in first.findings]
    assert again.score == first.score
