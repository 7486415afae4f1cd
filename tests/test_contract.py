"""The typed contract (`checker/contract.py`) and the JSON schema say the same thing."""
import json
from pathlib import Path
from typing import get_args, get_origin, get_type_hints

import pytest

from checker import contract

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "checker" / "data" / "result.schema.json")
                    .read_text("utf-8"))
REPORT = SCHEMA["$defs"]["report"]
FINDING = REPORT["properties"]["findings"]["items"]
SECTION = REPORT["properties"]["sections"]["items"]

# each typed dict beside the schema object it stands for
PAIRS = [
    (contract.ToolInfo, SCHEMA["properties"]["tool"]),
    (contract.PackInfo, SCHEMA["properties"]["rule_pack"]),
    (contract.ResultDocument, SCHEMA),
    (contract.ReportDict, REPORT),
    (contract.Meta, REPORT["properties"]["meta"]),
    (contract.SectionDict, SECTION),
    (contract.Theme, SECTION["properties"]["themes"]["items"]),
    (contract.FindingDict, FINDING),
    (contract.ItemDict, FINDING["properties"]["items"]["items"]),
    (contract.SuggestionDict, FINDING["properties"]["suggestion"]),
    (contract.ExtraPartDict, REPORT["properties"]["extra_parts"]["items"]),
]


@pytest.mark.parametrize("typed, schema", PAIRS, ids=[t.__name__ for t, _ in PAIRS])
def test_typed_dict_has_the_schemas_keys(typed, schema):
    assert set(typed.__required_keys__ | typed.__optional_keys__) == set(schema["properties"])
    assert set(typed.__required_keys__) == set(schema.get("required", []))


def _enum(hint) -> set:
    """The strings a Literal (or Optional[Literal]) allows."""
    args = get_args(hint)
    if get_origin(hint) is None and not args:
        return set()
    return {a for a in args if isinstance(a, str)} | {x for a in args for x in _enum(a)}


@pytest.mark.parametrize("typed, key, schema", [
    (contract.ReportDict, "status", REPORT),
    (contract.SectionDict, "status", SECTION),
    (contract.SectionDict, "found_by", SECTION),
    (contract.FindingDict, "level", FINDING),
    (contract.FindingDict, "certainty", FINDING),
    (contract.FindingDict, "round", FINDING),
])
def test_literal_types_are_the_schemas_enums(typed, key, schema):
    allowed = {v for v in schema["properties"][key]["enum"] if v is not None}
    assert _enum(get_type_hints(typed)[key]) == allowed


def test_levels_are_spelled_once():
    assert contract.LEVELS == ("error", "warning", "info")


def test_no_module_spells_the_levels_again():
    """A new level is added in contract.py alone: nothing else lists them."""
    spelled = [p.name for p in (Path(__file__).resolve().parents[1] / "checker").rglob("*.py")
               if p.name != "contract.py" and '"error", "warning", "info"' in p.read_text("utf-8")]
    assert spelled == []


def test_a_packs_levels_are_the_results_levels():
    base = json.loads((Path(__file__).resolve().parents[1] / "checker" / "data" / "pack-base.schema.json")
                      .read_text("utf-8"))
    assert tuple(base["$defs"]["level"]["enum"]) == contract.LEVELS
