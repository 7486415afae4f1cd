"""The department and township packs give sensible, different results on the seeds (all
five are 乡镇/街道 reports), and each pack's own fixtures pass."""
from __future__ import annotations

import pytest

from checker.engine import check_path
from checker.pack import fixtures as packtest
from checker.pack import load_pack

from .conftest import ROOT, SEEDS, rule_ids, statuses

PACKS = ["fazhi-department", "fazhi-township"]


@pytest.fixture(scope="module")
def results():
    packs = {pid: load_pack(pid) for pid in ["fazhi-annual-report", *PACKS]}
    return {pid: {s.name[:3]: check_path(str(s), pack) for s in SEEDS} for pid, pack in packs.items()}


def test_structure_is_read_the_same_under_every_pack(results):
    for seed, base in results["fazhi-annual-report"].items():
        for pid in PACKS:
            assert statuses(results[pid][seed]) == statuses(base), (pid, seed)


def test_department_pack_refuses_township_reports(results):
    for seed, result in results["fazhi-department"].items():
        subject = [f for f in result.findings if f.rule == "DEPT-SUBJECT"]
        assert subject and subject[0].level == "error" and "fazhi-township" in subject[0].message
        assert result.score < results["fazhi-annual-report"][seed].score
        assert "IND-MEDIATION" not in rule_ids(result)          # switched off for departments


def test_township_pack_checks_grassroots_items(results):
    town, base = results["fazhi-township"], results["fazhi-annual-report"]
    assert not any("TOWN-SUBJECT" in rule_ids(r) for r in town.values())
    assert {seed for seed, r in town.items() if "TOWN-LEGAL-ADVISERS" in rule_ids(r)} == {"000", "003"}
    for seed in ("001", "002", "004"):                             # these report legal advisers and mediation
        assert town[seed].score == base[seed].score
    assert max(town, key=lambda s: town[s].score) == "000" and min(town, key=lambda s: town[s].score) == "004"


@pytest.mark.parametrize("pack_id", PACKS)
def test_pack_fixtures_pass_and_cover_the_new_rules(pack_id):
    pack = load_pack(pack_id)
    sidecars = packtest.find_sidecars(str(ROOT / "rules" / "fixtures" / pack_id))
    for sidecar in sidecars:
        assert packtest.run_fixture(sidecar, pack).passed, sidecar
    own = {r.id for r in pack.rules} - {r.id for r in load_pack("fazhi-annual-report").rules}
    assert own and not own & set(packtest.untested_rules(pack, sidecars))


def test_a_fixture_may_name_a_rule_by_its_former_id(tmp_path):
    """Review: fixtures accepted a rule's former id (alias) but compared it with the findings'
    current id, so `must: [OLD]` always failed and `must_not: [OLD]` could never fail."""
    pack_file = tmp_path / "p.yaml"
    pack_file.write_text("id: p\nversion: '1'\ntitle: 测试\nextends: fazhi-annual-report\nrules:\n"
                         "  - {id: NEW-NAME, aliases: [OLD-NAME], kind: phrase, mode: forbid, patterns: ['陷阱词'],"
                         " level: info, message: m, basis: {text: b}}\n", encoding="utf-8")
    pack = load_pack(str(pack_file))
    text = SEEDS[0].read_text("utf-8")
    (tmp_path / "有.txt").write_text(text + "\n陷阱词\n", encoding="utf-8")
    (tmp_path / "有.expect.yaml").write_text("must: [OLD-NAME]\n", encoding="utf-8")
    (tmp_path / "无.txt").write_text(text, encoding="utf-8")
    (tmp_path / "无.expect.yaml").write_text("must_not: [OLD-NAME]\n", encoding="utf-8")
    (tmp_path / "错.txt").write_text(text + "\n陷阱词\n", encoding="utf-8")
    (tmp_path / "错.expect.yaml").write_text("must_not: [OLD-NAME]\n", encoding="utf-8")
    assert packtest.run_fixture(str(tmp_path / "有.expect.yaml"), pack).passed
    assert packtest.run_fixture(str(tmp_path / "无.expect.yaml"), pack).passed
    assert not packtest.run_fixture(str(tmp_path / "错.expect.yaml"), pack).passed
