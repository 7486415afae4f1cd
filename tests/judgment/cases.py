"""The judgment set's cases: load one, build its complete report, and check that it is well formed.

Stand-alone on purpose (it imports nothing of the checker): the helpers who write and label the
cases run `python tests/judgment/cases.py validate` without ever running the checker.

A case (`cases/<id>.yaml`, `check/<id>.yaml`) is a complete report — a `base` text from the
project with its `edits` applied in order (each `find` must occur exactly once), or a whole
`text` — and the labels a careful reviewer gives the passage it is about: `must`/`should` raise
(category, problem, exact quote) or `not` raise (an accepted passage).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

CATEGORIES: dict[str, tuple[str, ...]] = {
    "causes": ("causes_missing", "causes_outside_only", "shortcoming_vague", "shortcomings_brief"),
    "first_responsible": ("leader_boilerplate", "leader_deputies_only", "leader_missing", "leader_brief",
                          "leader_misplaced"),
    "plan": ("plan_unanswered", "plan_vague", "plan_brief"),
    "figures": ("part_exceeds_whole", "parts_exceed_total", "two_values", "rate_change_mismatch",
                "rate_mismatch", "rate_over_100", "partial_year"),
    "year": ("year_wrong", "plan_year_wrong", "deadline_late"),
}
VERDICTS = ("must", "should", "not")
LEVELS = ("county", "township", "department", "city", "province", "ministry")


@dataclass
class Label:
    verdict: str
    category: str
    quote: str
    problem: Optional[str] = None
    why: str = ""


@dataclass
class Case:
    id: str
    path: Path
    text: str
    category: str
    pattern: str
    year: Optional[int]
    level: str
    labels: list[Label] = field(default_factory=list)
    meta: dict = field(default_factory=dict)


class CaseError(ValueError):
    pass


def load(path: Path) -> Case:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise CaseError(f"{path.name}: not a mapping")
    text = _text(path, data)
    labels = []
    for i, raw in enumerate(data.get("labels") or []):
        label = Label(verdict=raw.get("verdict"), category=raw.get("category"), quote=str(raw.get("quote", "")),
                      problem=raw.get("problem"), why=str(raw.get("why", "")))
        _check_label(path, i, label, text)
        labels.append(label)
    if not labels:
        raise CaseError(f"{path.name}: no labels")
    for key in ("id", "category", "pattern", "level"):
        if not data.get(key):
            raise CaseError(f"{path.name}: `{key}` missing")
    if data["category"] not in CATEGORIES:
        raise CaseError(f"{path.name}: category {data['category']!r} not one of {sorted(CATEGORIES)}")
    if data["level"] not in LEVELS:
        raise CaseError(f"{path.name}: level {data['level']!r} not one of {LEVELS}")
    if data["id"] != path.stem:
        raise CaseError(f"{path.name}: id {data['id']!r} is not the file name")
    year = data.get("year")
    if year is not None and not (2010 <= int(year) <= 2030):
        raise CaseError(f"{path.name}: year {year!r}")
    return Case(id=data["id"], path=path, text=text, category=data["category"], pattern=str(data["pattern"]),
                year=int(year) if year is not None else None, level=data["level"], labels=labels, meta=data)


def _text(path: Path, data: dict) -> str:
    if "text" in data:
        return str(data["text"])
    base = data.get("base")
    if not base:
        raise CaseError(f"{path.name}: neither `text` nor `base`")
    base_path = ROOT / base
    if not base_path.is_file():
        raise CaseError(f"{path.name}: base {base} not found")
    text = base_path.read_text(encoding="utf-8")
    for i, edit in enumerate(data.get("edits") or []):
        find, replace = str(edit.get("find", "")), str(edit.get("replace", ""))
        count = text.count(find) if find else 0
        if count != 1:
            raise CaseError(f"{path.name}: edit {i + 1}: `find` occurs {count} times in the text (must be once): "
                            f"{find[:40]!r}")
        text = text.replace(find, replace)
    return text


def _check_label(path: Path, i: int, label: Label, text: str) -> None:
    where = f"{path.name}: label {i + 1}"
    if label.verdict not in VERDICTS:
        raise CaseError(f"{where}: verdict {label.verdict!r} not one of {VERDICTS}")
    if label.category not in CATEGORIES:
        raise CaseError(f"{where}: category {label.category!r} not one of {sorted(CATEGORIES)}")
    if label.problem is not None and label.problem not in CATEGORIES[label.category]:
        raise CaseError(f"{where}: problem {label.problem!r} not one of {CATEGORIES[label.category]}")
    if label.verdict != "not" and label.problem is None:
        raise CaseError(f"{where}: a must/should label names its `problem`")
    if len(label.quote) < 4:
        raise CaseError(f"{where}: quote too short")
    count = text.count(label.quote)
    if count != 1:
        raise CaseError(f"{where}: quote occurs {count} times in the report (must be once): {label.quote[:40]!r}")


def set_folders() -> list[Path]:
    """The development set and every check set: each folder here that holds cases (bases/ holds reports)."""
    return [p for p in sorted(HERE.iterdir()) if p.is_dir() and p.name != "bases" and any(p.glob("*.yaml"))]


def load_folder(folder: Path, glob: str = "*") -> list[Case]:
    return [load(p) for p in sorted(folder.glob(f"{glob}.yaml"))]


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("validate", "show"):
        print("usage: cases.py validate [FILE|FOLDER ...] | cases.py show FILE", file=sys.stderr)
        return 2
    if argv[0] == "show":
        print(load(Path(argv[1])).text)
        return 0
    paths = [Path(a) for a in argv[1:]] or set_folders()
    files = [f for p in paths for f in (sorted(p.glob("*.yaml")) if p.is_dir() else [p])]
    bad = 0
    counts: dict[tuple[str, str], int] = {}
    for f in files:
        try:
            case = load(f)
        except (yaml.YAMLError, OSError, TypeError, ValueError) as e:   # CaseError is a ValueError
            bad += 1
            print(f"BAD {f}: {e}")
            continue
        for label in case.labels:
            key = (label.category, "not" if label.verdict == "not" else "raise")
            counts[key] = counts.get(key, 0) + 1
    print(f"{len(files) - bad} cases ok, {bad} bad")
    for (category, kind), n in sorted(counts.items()):
        print(f"  {category:<18} {kind:<6} {n}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
