"""The department and township packs give sensible, different results on the seeds (all
five are 乡镇/街道 reports), and each pack's own fixtures pass."""
from __future__ import annotations

import pytest

from checker import packtest
from checker.engine import check_path
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
