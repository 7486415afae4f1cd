"""How often the checker reads a real report as a reviewer does, on the labelled corpus;
and how often its findings are right, on a reviewed sample.

    python bench/accuracy.py [--corpus tests/corpus] [--quiet]

Each `tests/corpus/<id>.txt` is a real report (mostly the opening of a web copy, chrome
included) and `<id>.yaml` a reviewer's labels made by reading it, before the checker ran:
year, title, issuer, and for each part `own` / `thematic` / `merged` / `absent` / `cut`
(`cut`: the text stops before the part could be seen; not scored). Prints, per part,
agreement on present/absent and on own/merged; year, title and issuer accuracy; then every
disagreement, with the reviewer's explanation where `explained.yaml` gives one.
The golden test (tests/test_corpus.py) runs the same comparison.

Findings: `tests/reviews/<report>.yaml` list the problems a reviewer flagged by reading six
complete reports and fifteen openings, before the checker ran (category, section, an exact
quote). A problem is found when a finding of a rule that reports its category lies near the
quote (or anywhere in the report, for whole-report categories): that is recall. Every finding
on those reports is right when it finds a flagged problem, else as `tests/reviews/findings.yaml`
(a reviewer's verdict on each remaining finding) says: that is precision. Unlabelled findings
are listed, never guessed.
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

from checker.documents import document_from_text  # noqa: E402
from checker.documents.furniture import PINYIN_DEBRIS  # noqa: E402
from checker.engine import check_document  # noqa: E402
from checker.normalize import fold, simplified  # noqa: E402
from checker.pack import load_pack  # noqa: E402
from checker.pack.model import Pack  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
PARTS = ("measures", "shortcomings", "first_responsible", "next_year", "other")
PRESENT_LABELS = {"own", "thematic", "merged"}
PRESENT_STATUSES = {"ok", "weak", "misplaced"}


@dataclass
class Disagreement:
    report: str
    field: str
    label: object
    got: object
    explanation: Optional[str] = None

    @property
    def key(self) -> str:
        return f"{self.report}.{self.field}"


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.right}/{self.total} = {self.share:.1%}"


@dataclass
class Scores:
    presence: dict[str, Tally] = field(default_factory=lambda: {p: Tally() for p in PARTS})
    placement: dict[str, Tally] = field(default_factory=lambda: {p: Tally() for p in PARTS})
    year: Tally = field(default_factory=Tally)
    title: Tally = field(default_factory=Tally)
    issuer: Tally = field(default_factory=Tally)
    disagreements: list[Disagreement] = field(default_factory=list)
    reports: int = 0

    @property
    def presence_all(self) -> Tally:
        return Tally(sum(t.right for t in self.presence.values()), sum(t.total for t in self.presence.values()))

    @property
    def placement_all(self) -> Tally:
        return Tally(sum(t.right for t in self.placement.values()), sum(t.total for t in self.placement.values()))


def comparable(text: Optional[str]) -> str:
    """Titles and units compared as a reader would: widths, spaces, quotes and script ignored."""
    if not text:
        return ""
    return re.sub(r"[\s《》“”\"|#*]", "", simplified(fold(PINYIN_DEBRIS.sub("", text))))


_PLACE_PREFIX = re.compile(r"^(中共)?[\u4e00-\u9fff]{2,16}(省|市|区|县|州|盟|旗|人民政府|政府)$")


def title_agrees(label: Optional[str], got: Optional[str]) -> bool:
    """The same title, or the same title with the higher-level place prefixed
    (海东市乐都区 + 共和乡2022年度…报告), as page titles often print it."""
    if not label:
        return not got
    a, b = comparable(label), comparable(got)
    if not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return a == b or (long_.endswith(short) and bool(_PLACE_PREFIX.match(long_[:-len(short)])))


def issuer_agrees(label: str, got: Optional[str]) -> bool:
    a, b = comparable(label), comparable(got)
    if not b:
        return False
    core = re.sub(r"(人民政府|街道办事处|办事处|政府)$", "", a) or a
    return core in b or (len(b) >= 2 and b in a)


def load_labels(corpus: Path) -> list[tuple[str, dict, str]]:
    out = []
    for label_file in sorted(corpus.glob("*.yaml")):
        if label_file.name == "explained.yaml":
            continue
        text_file = label_file.with_suffix(".txt")
        if not text_file.exists():
            continue
        try:
            labels = yaml.safe_load(label_file.read_text(encoding="utf-8"))
        except yaml.YAMLError as e:
            print(f"skipped {label_file.name}: not valid YAML ({e.problem})", file=sys.stderr)
            continue
        out.append((label_file.stem, labels, text_file.read_text(encoding="utf-8")))
    return out


def evaluate(corpus: Path = CORPUS, pack: Optional[Pack] = None) -> Scores:
    pack = pack or load_pack()
    explained_file = corpus / "explained.yaml"
    explained = yaml.safe_load(explained_file.read_text(encoding="utf-8")) if explained_file.exists() else {}
    scores = Scores()

    def disagree(report: str, name: str, label: object, got: object) -> None:
        d = Disagreement(report, name, label, got)
        d.explanation = (explained or {}).get(d.key)
        scores.disagreements.append(d)

    for report, labels, text in load_labels(corpus):
        scores.reports += 1
        result = check_document(document_from_text(text, f"{report}.txt"), pack)
        statuses = {s.id: s.status for s in result.sections}
        for part in PARTS:
            label = (labels.get("parts", {}).get(part) or {}).get("label", "cut")
            if label == "cut" or part not in statuses:
                continue
            got = statuses[part]
            present = label in PRESENT_LABELS
            scores.presence[part].add(present == (got in PRESENT_STATUSES))
            if present and got in PRESENT_STATUSES:
                placed_right = (label == "merged") == (got == "misplaced")
                scores.placement[part].add(placed_right)
                if not placed_right:
                    disagree(report, part, label, got)
            elif present != (got in PRESENT_STATUSES):
                disagree(report, part, label, got)
        outline = result.outline
        if labels.get("year"):
            scores.year.add(outline.year == labels["year"])
            if outline.year != labels["year"]:
                disagree(report, "year", labels["year"], outline.year)
        right = title_agrees(labels.get("title"), outline.title)
        scores.title.add(right)
        if not right:
            disagree(report, "title", labels.get("title"), outline.title)
        if labels.get("issuer"):
            right = issuer_agrees(labels["issuer"], outline.issuer)
            scores.issuer.add(right)
            if not right:
                disagree(report, "issuer", labels["issuer"], outline.issuer)
    return scores


REVIEWS = ROOT / "tests" / "reviews"
# reviewer category → the rules that report it; "other" (typos, copied sentences …) is out of scope
CATEGORY_RULES = {
    "part_missing": r"STRUCT-(MEASURES|SHORTCOMINGS|FIRSTRESP|NEXTYEAR)-MISSING",
    "part_misplaced": r"STRUCT-MISPLACED",
    "causes_missing": r"STRUCT-CAUSES",
    "causes_outside_only": r"CAUSES-SUBJECTIVE",
    "shortcoming_vague": r"DEFICIT-SPECIFIC|DEFICIT-NOT-DISGUISED",
    "leader_boilerplate": r"FIRSTRESP-(CONCRETE|ACTS|LEADER|LENGTH)",
    "plan_unanswered": r"PLAN-RESPONSIVE",
    "plan_vague": r"PLAN-CONCRETE|PLAN-LENGTH",
    "figures_conflict": r"FIGURES-.*|DATA-.*",
    "stats_cutoff": r"STATS-CUTOFF",
    "year_wrong": r"YEAR-.*|TITLE-YEAR",
    "title_missing": r"TITLE-MISSING",
    "title_wrong": r"TITLE-.*",
    "signoff_missing": r"SIGNOFF",
    "date_garbled": r"DATE-GARBLED",
    "repeated_text": r"REPEAT-.*",
    "indicator_missing": r"IND-.*",
    "confidential": r"CONF-.*",
}
LOCATED = {"causes_missing", "causes_outside_only", "shortcoming_vague", "plan_unanswered", "figures_conflict",
           "stats_cutoff", "date_garbled", "repeated_text", "part_misplaced"}
NEAR = 200   # characters between a located problem's quote and the finding
# On an opening, findings about what the cut-off text cannot show are not judged (they still find problems).
OPENING_BLIND = re.compile(r"STRUCT-(MEASURES|SHORTCOMINGS|FIRSTRESP|NEXTYEAR)-MISSING|STRUCT-OTHER-ABSENT|SIGNOFF|"
                           r".*-LENGTH|LENGTH-BOUNDS|REPORT-TOO-SHORT|IND-.*|COVERAGE-.*|PLAN-.*|DATA-DENSITY|"
                           r"DEADLINE-.*|STRUCT-ORDER|STRUCT-CAUSES-HEADING|"
                           r"STRUCT-MISPLACED|FIRSTRESP-.*")   # the part may still come, as its own, further on


@dataclass
class FindingScores:
    problems: int = 0
    found: int = 0
    right: int = 0
    wrong: int = 0
    missed: list = field(default_factory=list)
    wrong_findings: list = field(default_factory=list)
    unlabelled: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.problems if self.problems else 1.0

    @property
    def precision(self) -> float:
        return self.right / (self.right + self.wrong) if self.right + self.wrong else 1.0


def finding_key(report: str, finding) -> str:
    """How a finding is named in findings.yaml: report, rule and the start of its excerpt."""
    return f"{report} {finding.rule} {(finding.excerpt or '').strip()[:16]}"


def evaluate_findings(pack: Optional[Pack] = None, reviews: Path = REVIEWS) -> FindingScores:
    pack = pack or load_pack()
    labels_file = reviews / "findings.yaml"
    verdicts = yaml.safe_load(labels_file.read_text(encoding="utf-8")) if labels_file.exists() else {}
    out = FindingScores()
    for review_file in sorted(reviews.glob("*.yaml")):
        if review_file.name == "findings.yaml":
            continue
        review = yaml.safe_load(review_file.read_text(encoding="utf-8"))
        path = ROOT / review["report"]
        text = path.read_text(encoding="utf-8", errors="replace") if path.suffix == ".txt" else ""
        result = check_document(document_from_text(text, path.name), pack)
        findings = result.findings
        # a finding is at its span, or at each item it groups; one place answers one located problem
        spots = [(i, j, span) for i, f in enumerate(findings)
                 for j, span in enumerate([item.span for item in f.items] or ([f.span] if f.span else []))]
        used, taken = set(), set()
        for problem in review["problems"] or []:
            pattern = CATEGORY_RULES.get(problem["category"])
            if pattern is None:
                continue
            out.problems += 1
            places = [m.start() for m in re.finditer(re.escape(problem["quote"]), text)]
            if problem["category"] in LOCATED:   # the nearest free place of a finding of the category
                near = [(min(_distance(span, at) for at in places), (i, j)) for i, j, span in spots
                        if (i, j) not in taken and re.fullmatch(pattern, findings[i].rule) and places]
                spot = min(near)[1] if near and min(near)[0] <= NEAR else None
                taken.update([spot] if spot else [])
                hits = [spot[0]] if spot else []
            else:
                hits = [i for i, f in enumerate(findings) if re.fullmatch(pattern, f.rule)]
            if hits:
                out.found += 1
                used.update(hits)
            else:
                out.missed.append(f"{review_file.stem} {problem['category']} 「{problem['quote']}」")
        for i, f in enumerate(findings):
            if i in used:   # a grouped finding makes one right statement for each problem it answers
                out.right += max(1, sum(1 for spot in taken if spot[0] == i))
                continue
            if not review["complete"] and OPENING_BLIND.fullmatch(f.rule):
                continue   # not judged on a text that stops before the report does
            key = finding_key(review_file.stem, f)
            verdict = (verdicts or {}).get(key)
            if verdict is None:
                out.unlabelled.append(f"{key} | {f.message[:60]}")
            elif str(verdict).startswith("correct"):
                out.right += 1
            else:
                out.wrong += 1
                out.wrong_findings.append(f"{key} — {verdict}")
    return out


def _distance(span: tuple[int, int], at: int) -> int:
    """Characters between a quote's start and a finding's span (0 inside it)."""
    start, end = span
    return 0 if start <= at <= end else min(abs(at - start), abs(at - end))


def render_findings(scores: FindingScores, quiet: bool = False) -> str:
    lines = [f"\nfindings on the reviewed sample: recall {scores.found}/{scores.problems} = {scores.recall:.1%}, "
             f"precision {scores.right}/{scores.right + scores.wrong} = {scores.precision:.1%}, "
             f"unlabelled {len(scores.unlabelled)}"]
    if not quiet:
        lines += listing((("missed", scores.missed), ("wrong", scores.wrong_findings), ("unlabelled", scores.unlabelled)))
    return "\n".join(lines)


def listing(groups: Iterable[tuple[str, list[str]]], indent: str = "  ", before: str = "") -> list[str]:
    """Each group of disagreements as its title and count, then its items one a line."""
    out = []
    for title, items in groups:
        out.append(f"{before}{indent}{title}: {len(items)}")
        out.extend(f"{indent}  {item}" for item in items)
    return out


def render(scores: Scores, quiet: bool = False) -> str:
    lines = [f"corpus: {scores.reports} reports"]
    lines.append(f"{'part':<18} {'present/absent':<22} {'own/merged':<22}")
    for part in PARTS:
        lines.append(f"{part:<18} {str(scores.presence[part]):<22} {str(scores.placement[part]):<22}")
    lines.append(f"{'all parts':<18} {str(scores.presence_all):<22} {str(scores.placement_all):<22}")
    lines.append(f"year   {scores.year}")
    lines.append(f"title  {scores.title}")
    lines.append(f"issuer {scores.issuer}")
    if not quiet:
        unexplained = [d for d in scores.disagreements if not d.explanation]
        lines.append(f"\ndisagreements: {len(scores.disagreements)} ({len(unexplained)} unexplained)")
        for d in scores.disagreements:
            note = f"  — {d.explanation}" if d.explanation else "  — UNEXPLAINED"
            lines.append(f"  {d.key:<28} label={d.label!s:<30} got={d.got!s}{note}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--quiet", action="store_true", help="figures only")
    args = parser.parse_args()
    print(render(evaluate(args.corpus), args.quiet))
    print(render_findings(evaluate_findings(), args.quiet))


if __name__ == "__main__":
    main()
