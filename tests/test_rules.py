"""Every rule of the default pack fires on a report that breaks it and is silent on one
that does not (tests/fixtures/rule_cases.yaml)."""
from __future__ import annotations

import pytest
import yaml

from checker.pack import load_pack

from .conftest import FIXTURES, check_text, rule_ids

SKELETON = (FIXTURES / "skeleton.txt").read_text("utf-8")
CASES = yaml.safe_load((FIXTURES / "rule_cases.yaml").read_text("utf-8"))


def apply(text: str, edits: list[dict]) -> str:
    for edit in edits:
        if "replace" in edit:
            for old, new in edit["replace"].items():
                assert old in text, f"edit target not in text: {old!r}"
                text = text.replace(old, new)
        elif "between" in edit:
            start, end, new = edit["between"]
            i = text.index(start)
            j = text.index(end, i)
            text = text[:i] + new + text[j:]
        elif "move" in edit:
            start, end, before = edit["move"]
            i = text.index(start)
            j = text.index(end, i)
            block, text = text[i:j], text[:i] + text[j:]
            k = text.index(before)
            text = text[:k] + block + text[k:]
        else:
            raise AssertionError(f"unknown edit {edit}")
    return text


def test_every_rule_has_cases():
    assert set(CASES) == {r.id for r in load_pack().rules}


def test_skeleton_is_clean(pack):
    result = check_text(SKELETON, pack)
    assert result.findings == [] and result.score == 100
    assert {s.status for s in result.sections} == {"ok"}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires(rule_id, pack):
    for edits in ([e] for e in CASES[rule_id]["fail"]):
        result = check_text(apply(SKELETON, edits), pack)
        assert rule_id in rule_ids(result), f"{rule_id} silent after {edits}"


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_silent(rule_id, pack):
    for edits in [[]] + CASES[rule_id].get("pass", []):
        result = check_text(apply(SKELETON, edits), pack)
        assert rule_id not in rule_ids(result), f"{rule_id} fired after {edits}"


def test_personal_data_is_masked_in_every_field(pack):
    text = apply(SKELETON, [{"replace": {"解决诉求57件。": "解决诉求57件，申请人身份证号11010519491231002X，电话13812345678。"}}])
    result = check_text(text, pack)
    pii = [f for f in result.findings if f.rule.startswith("CONF-PII")]
    assert {f.rule for f in pii} == {"CONF-PII-ID", "CONF-PII-MOBILE"}
    for f in pii:
        shown = f.message + (f.excerpt or "")
        assert "11010519491231002X" not in shown and "13812345678" not in shown
    assert any("1101**********002X" in f.message for f in pii)
    assert any("138****5678" in f.message for f in pii)
