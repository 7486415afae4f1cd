"""How often the checker judges content as a reviewer does, on the labelled judgment set.

    python bench/judgment.py [--set cases|check|check2|…|all] [--category C] [--quiet] [--write]

Each case in `tests/judgment/cases/` (development), `tests/judgment/check/` and
`tests/judgment/check2/`, `tests/judgment/check3/` (the fresh check sets) is a complete report with one passage rewritten the way drafters write, labelled by a
helper who never saw the checker: what a reviewer must / should raise there (category, problem,
exact quote) and what a reviewer would not raise (an accepted passage).

- **recall**: a must/should label is found when a finding of a rule that reports its problem
  lies on the quote (or within NEAR characters of it);
- **false alarms**: an accepted (`not`) label draws a false alarm when any finding of a rule of
  its category lies on the quote — unless the label names the misreading it guards against and
  the finding reports another problem that the case raises in a must/should label;
- a finding with no place (a part is missing) answers the labels of the whole report: year, and
  `leader_missing`;
- **year read**: the year the checker reads the report to be on, against the case's `year`.

Prints both per category, then every disagreement with its quote and the labeller's reason.
`--write` stores the figures in `tests/judgment/figures.yaml`, which `tests/test_judgment_set.py`
holds the checker to (a regression fails CI).
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.accuracy import Tally, listing  # noqa: E402
from checker.documents import document_from_text  # noqa: E402
from checker.documents.furniture import PINYIN_DEBRIS  # noqa: E402
from checker.engine import check_document  # noqa: E402
from checker.normalize import fold, simplified  # noqa: E402
from checker.pack import load_pack  # noqa: E402
from checker.pack.model import Pack  # noqa: E402
from tests.judgment.cases import CATEGORIES, Case, Label, load_folder, set_folders  # noqa: E402

JUDGMENT = ROOT / "tests" / "judgment"
# a check set is here once its first case is (git keeps no empty folder)
SETS = {folder.name: folder for folder in set_folders()}   # cases/, then each check set in the order written
FIGURES = JUDGMENT / "figures.yaml"
NEAR = 30   # characters between a raised problem's quote and the finding that answers it

# problem → the rules that report it
PROBLEM_RULES = {
    "causes_missing": r"STRUCT-CAUSES",
    "causes_outside_only": r"CAUSES-SUBJECTIVE",
    "shortcoming_vague": r"DEFICIT-SPECIFIC|DEFICIT-NOT-DISGUISED",
    "shortcomings_brief": r"DEFICIT-LENGTH",
    "leader_boilerplate": r"FIRSTRESP-(CONCRETE|ACTS|LEADER|DEPUTIES)",
    "leader_deputies_only": r"FIRSTRESP-(LEADER|DEPUTIES|CONCRETE|ACTS)",
    "leader_missing": r"STRUCT-FIRSTRESP-MISSING",
    "leader_brief": r"FIRSTRESP-LENGTH",
    "leader_misplaced": r"STRUCT-MISPLACED",
    "plan_unanswered": r"PLAN-RESPONSIVE",
    "plan_vague": r"PLAN-CONCRETE",
    "plan_brief": r"PLAN-LENGTH",
    "part_exceeds_whole": r"DATA-PART-WHOLE",
    "parts_exceed_total": r"DATA-PART-WHOLE|DATA-PARTS-SUM",
    "two_values": r"FIGURES-CONFLICT|FIGURES-RATE-TWICE",
    "rate_change_mismatch": r"DATA-RATE-CHANGE",
    "rate_mismatch": r"DATA-RATE-CHECK",
    "rate_over_100": r"DATA-RATE-RANGE|IND-.*-RATE|IND-COURT-APPEARANCE",
    "partial_year": r"STATS-CUTOFF",
    "year_wrong": r"YEAR-.*|TITLE-YEAR",
    "plan_year_wrong": r"YEAR-PLAN(-PAST)?",
    "deadline_late": r"DEADLINE-.*|YEAR-PLAN-PAST",   # submitted late, or a plan deadline already past
}
# category → every rule that judges it (an accepted passage draws a false alarm from any of them)
CATEGORY_RULES = {
    "causes": r"STRUCT-CAUSES|CAUSES-SUBJECTIVE|DEFICIT-.*|STRUCT-SHORTCOMINGS-MISSING",
    "first_responsible": r"FIRSTRESP-.*|STRUCT-FIRSTRESP-MISSING|STRUCT-MISPLACED",
    "plan": r"PLAN-.*|STRUCT-NEXTYEAR-MISSING",
    "figures": r"DATA-(?!DENSITY).*|FIGURES-.*|STATS-CUTOFF|IND-.*-RATE",
    "year": r"YEAR-.*|TITLE-YEAR|DEADLINE-.*",
}
# findings about a part's heading itself (its year), not about the part
HEADING_RULES = r"YEAR-(PLAN|MEASURES)"
# a finding of these rules about the whole report (no place) answers a label anywhere
WHOLE_REPORT = {"year", "leader_missing"}   # categories and problems a finding without a place answers (a missing part)


@dataclass
class Figures:
    recall: dict[str, Tally] = field(default_factory=lambda: {c: Tally() for c in CATEGORIES})
    must: dict[str, Tally] = field(default_factory=lambda: {c: Tally() for c in CATEGORIES})
    alarms: dict[str, Tally] = field(default_factory=lambda: {c: Tally() for c in CATEGORIES})
    cases: dict[str, int] = field(default_factory=lambda: {c: 0 for c in CATEGORIES})
    year: Tally = field(default_factory=Tally)
    missed: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    wrong_years: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        out = {c: {"cases": self.cases[c], "recall": [self.recall[c].right, self.recall[c].total],
                   "false_alarms": [self.alarms[c].right, self.alarms[c].total]} for c in CATEGORIES}
        out["year_read"] = [self.year.right, self.year.total]
        return out


def quote_span(doc, quote: str) -> Optional[tuple[int, int]]:
    """Where the quote is in the document, in the offsets findings use."""
    quote = PINYIN_DEBRIS.sub("", quote)   # the reader drops pinyin inserted in reposts, so quotes do too
    at = doc.text.find(quote)
    if at < 0:
        folded = simplified(fold(quote))
        at = doc.norm.find(folded)
        if at < 0:
            return None
        return at, at + len(folded)
    return at, at + len(quote)


def places(finding, parts: dict) -> list[tuple[int, int]]:
    """The spans a finding covers: its own, each item it groups, and the whole part when it is
    placed on the part's heading (a judgment on the part: 过于简略, 只有原则性表述 …) — not when it
    is about the heading's own words (HEADING_RULES: the year a heading names)."""
    spans = [tuple(item.span) for item in finding.items]
    if finding.span:
        spans.append(tuple(finding.span))
        part = parts.get(finding.section)
        if part and part.heading_span and part.span and not re.fullmatch(HEADING_RULES, finding.rule) \
                and part.heading_span[0] <= finding.span[0] \
                and finding.span[1] <= part.heading_span[1]:
            spans.append(tuple(part.span))
    return spans


def touches(finding, parts: dict, span: tuple[int, int], margin: int, category: str,
            problem: str | None = None) -> bool:
    spots = places(finding, parts)
    if not spots:
        return category in WHOLE_REPORT or problem in WHOLE_REPORT
    return any(s < span[1] + margin and e > span[0] - margin for s, e in spots)   # spans are half-open


def judge(case: Case, pack: Pack, figures: Figures) -> None:
    doc = document_from_text(case.text, f"{case.id}.txt")
    result = check_document(doc, pack)
    parts = {s.id: s for s in result.sections}
    figures.cases[case.category] += 1
    if case.year is not None:
        got = result.outline.year if result.outline else None
        figures.year.add(got == case.year)
        if got != case.year:
            figures.wrong_years.append(f"{case.id:<8} label={case.year} got={got}")
    for label in case.labels:
        span = quote_span(doc, label.quote)
        if span is None:
            raise SystemExit(f"{case.id}: quote not found in the document: {label.quote}")
        if label.verdict == "not":
            rules = CATEGORY_RULES[label.category]
            hits = [f for f in result.findings if re.fullmatch(rules, f.rule) and touches(f, parts, span, 0, label.category)
                    and not _raised_elsewhere(f, label, case)]
            figures.alarms[label.category].add(bool(hits))
            for f in hits[:1]:
                figures.false_alarms.append(_line(case, label, f"{f.rule}: {f.message[:70]}"))
        else:
            rules = PROBLEM_RULES[label.problem]
            hit = any(re.fullmatch(rules, f.rule) and touches(f, parts, span, NEAR, label.category, label.problem)
                      for f in result.findings)
            figures.recall[label.category].add(hit)
            if label.verdict == "must":
                figures.must[label.category].add(hit)
            if not hit:
                near = sorted({f.rule for f in result.findings if touches(f, parts, span, NEAR, label.category)})
                figures.missed.append(_line(case, label, f"near: {', '.join(near) or '—'}"))


def _raised_elsewhere(finding, label: Label, case: Case) -> bool:
    """An accepted passage that names the misreading it is tempting (`problem`: leader_missing on
    the part's heading) draws no false alarm from a finding of another problem that the case
    itself raises (FIRSTRESP-CONCRETE, for the must label leader_boilerplate of the same part)."""
    if not label.problem or re.fullmatch(PROBLEM_RULES[label.problem], finding.rule):
        return False
    raised = {other.problem for other in case.labels if other.verdict != "not"}
    return any(re.fullmatch(PROBLEM_RULES[p], finding.rule) for p in raised if p)


def _line(case: Case, label: Label, what: str) -> str:
    problem = label.problem or "-"
    return (f"{case.id:<8} {label.verdict:<6} {problem:<22} 「{label.quote}」\n"
            f"{'':<9}{what}\n{'':<9}reviewer: {label.why}")


def measure(cases: Iterable[Case], pack: Optional[Pack] = None, category: Optional[str] = None) -> Figures:
    pack = pack or load_pack()
    figures = Figures()
    for case in cases:
        if category and case.category != category:
            continue
        judge(case, pack, figures)
    return figures


def load_set(name: str, glob: str = "*") -> list[Case]:
    folders = list(SETS.values()) if name == "all" else [SETS[name]]
    return [case for folder in folders if folder.is_dir() for case in load_folder(folder, glob)]


def _sum(tallies: Iterable[Tally]) -> Tally:
    tallies = list(tallies)
    return Tally(sum(t.right for t in tallies), sum(t.total for t in tallies))


def _shown(tally: Tally) -> str:
    """A category with no label of that kind is shown as such, not as 0/0 = 100 %."""
    return str(tally) if tally.total else "—"


def render(name: str, figures: Figures, quiet: bool = False) -> str:
    lines = [f"judgment set '{name}': {sum(figures.cases.values())} cases",
             f"{'category':<18} {'cases':>5}  {'recall (must+should)':<22} {'recall (must)':<20} "
             f"{'false alarms (accepted)':<24}"]
    for c in CATEGORIES:
        lines.append(f"{c:<18} {figures.cases[c]:>5}  {_shown(figures.recall[c]):<22} {_shown(figures.must[c]):<20} "
                     f"{_shown(figures.alarms[c]):<24}")
    recall, alarms = _sum(figures.recall.values()), _sum(figures.alarms.values())
    lines.append(f"{'all':<18} {sum(figures.cases.values()):>5}  {str(recall):<22} {'':<20} {str(alarms):<24}")
    lines.append(f"year read right: {figures.year}")
    if not quiet:
        lines += listing((("missed", figures.missed), ("false alarms", figures.false_alarms),
                          ("year read wrong", figures.wrong_years)), indent="", before="\n")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default="all", choices=[*SETS, "all"])
    parser.add_argument("--category", choices=list(CATEGORIES))
    parser.add_argument("--only", default="*", metavar="GLOB", help="only the cases whose id matches (h5-*)")
    parser.add_argument("--quiet", action="store_true", help="figures only, no disagreements")
    parser.add_argument("--write", action="store_true", help=f"store the figures in {FIGURES.relative_to(ROOT)}")
    args = parser.parse_args()
    pack = load_pack()
    stored = yaml.safe_load(FIGURES.read_text(encoding="utf-8")) if FIGURES.is_file() else {}
    for name in ([*SETS] if args.set == "all" else [args.set]):
        figures = measure(load_set(name, args.only), pack, args.category)
        print(render(name, figures, args.quiet) + "\n")
        stored[name] = figures.as_dict()
    if args.write and not args.category and args.only == "*":
        FIGURES.write_text(yaml.safe_dump(stored, allow_unicode=True, sort_keys=False), encoding="utf-8")
        print(f"written {FIGURES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
