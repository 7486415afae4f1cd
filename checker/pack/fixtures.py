"""`report-check rules test`: a pack's fixtures, checked as Semgrep and Vale test rules.

A fixture is a report file with a sidecar `NAME.expect.yaml` beside it:

    report: 县街街道.txt          # optional; default: the file named NAME.* beside the sidecar
    must:                        # findings the report must produce
      - STRUCT-FIRSTRESP-MISSING
      - {rule: STRUCT-CAUSES, section: shortcomings}
    must_not:                    # findings it must not produce; "*" means no other finding at all
      - STRUCT-MEASURES-MISSING
    sections:                    # optional: the status each part must have
      first_responsible: missing
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Optional

from ..documents import supported_extensions
from ..engine import check_path
from ..errors import CheckerError
from ..model import Finding
from ..support.safe_yaml import read_yaml_safely
from .model import Pack

SUFFIX = ".expect.yaml"
_STATUSES = {"ok", "weak", "misplaced", "missing", "absent"}


@dataclass
class Expectation:
    rule: str
    section: Optional[str] = None

    def matches(self, finding: Finding) -> bool:
        return finding.rule == self.rule and (self.section is None or finding.section == self.section)

    def __str__(self) -> str:
        return f"{self.rule}（{self.section}）" if self.section else self.rule


@dataclass
class FixtureResult:
    name: str
    report: str
    missing: list[Expectation] = field(default_factory=list)      # must, but not produced
    unexpected: list[Finding] = field(default_factory=list)       # produced, but must not
    wrong_sections: list[str] = field(default_factory=list)
    error: Optional[str] = None

    @property
    def passed(self) -> bool:
        return not (self.missing or self.unexpected or self.wrong_sections or self.error)


def _expectation(entry, sidecar: str, pack: Pack) -> Expectation:
    if isinstance(entry, str):
        item = Expectation(entry)
    elif isinstance(entry, dict) and set(entry) <= {"rule", "section"} and "rule" in entry:
        item = Expectation(str(entry["rule"]), entry.get("section"))
    else:
        raise CheckerError(f"must/must_not 中的条目应为规则编号或 {{rule: 编号, section: 部分}}，实际是 {entry!r}", sidecar)
    if item.rule == "*":
        return item
    if item.rule not in pack.rules_by_id:
        raise CheckerError(f"规则“{item.rule}”不在规则包中（请检查拼写）", sidecar)
    return dataclasses.replace(item, rule=pack.canonical(item.rule))   # an old id means the rule as it is now named


def _report_for(sidecar: str, data: dict) -> str:
    folder = os.path.dirname(sidecar)
    if data.get("report"):
        return os.path.normpath(os.path.join(folder, str(data["report"])))
    stem = os.path.basename(sidecar)[: -len(SUFFIX)]
    for ext in supported_extensions():
        candidate = os.path.join(folder, stem + ext)
        if os.path.exists(candidate):
            return candidate
    raise CheckerError(f"找不到与之对应的报告文件（{stem}.txt / .docx / …），或在 report: 中写明", sidecar)


def load_fixture(sidecar: str, pack: Pack) -> tuple[str, list[Expectation], list[Expectation], dict]:
    data = read_yaml_safely(sidecar, "测试说明文件") or {}
    if not isinstance(data, dict) or set(data) - {"report", "must", "must_not", "sections", "note"}:
        raise CheckerError("测试说明文件只能有 report、must、must_not、sections、note 这几项", sidecar)
    must = [_expectation(e, sidecar, pack) for e in data.get("must") or []]
    must_not = [_expectation(e, sidecar, pack) for e in data.get("must_not") or []]
    sections = data.get("sections") or {}
    section_ids = {s.id for s in pack.sections}
    for sid, status in sections.items():
        if sid not in section_ids or status not in _STATUSES:
            raise CheckerError(f"sections 中的“{sid}: {status}”不对（部分：{'、'.join(sorted(section_ids))}；"
                               f"状态：{'、'.join(sorted(_STATUSES))}）", sidecar)
    return _report_for(sidecar, data), must, must_not, sections


def run_fixture(sidecar: str, pack: Pack) -> FixtureResult:
    name = os.path.basename(sidecar)[: -len(SUFFIX)]
    report, must, must_not, sections = load_fixture(sidecar, pack)
    outcome = FixtureResult(name=name, report=report)
    result = check_path(report, pack)
    if result.status != "checked":
        outcome.error = f"报告无法读取：{result.error}"
        return outcome
    outcome.missing = [e for e in must if not any(e.matches(f) for f in result.findings)]
    if any(e.rule == "*" for e in must_not):
        outcome.unexpected = [f for f in result.findings if not any(e.matches(f) for e in must)]
    else:
        outcome.unexpected = [f for f in result.findings if any(e.matches(f) for e in must_not)]
    got = {s.id: s.status for s in result.sections}
    outcome.wrong_sections = [f"{sid} 应为 {status}，实际为 {got[sid]}" for sid, status in sections.items()
                              if got[sid] != status]
    return outcome


def find_sidecars(folder: str) -> list[str]:
    if not os.path.isdir(folder):
        raise CheckerError("测试用例文件夹不存在", folder)
    found = sorted(os.path.join(root, name) for root, _, names in os.walk(folder)
                   for name in names if name.endswith(SUFFIX))
    if not found:
        raise CheckerError(f"文件夹中没有测试说明文件（*{SUFFIX}）", folder)
    return found


def default_fixtures(pack: Pack) -> Optional[str]:
    """`fixtures/<pack id>/` beside the pack file, if there is one."""
    if not pack.path:
        return None
    candidate = os.path.join(os.path.dirname(pack.path), "fixtures", pack.id)
    return candidate if os.path.isdir(candidate) else None


def untested_rules(pack: Pack, sidecars: list[str]) -> list[str]:
    """Enabled rules that no fixture requires to fire: a rule that is never seen firing may
    never fire at all. Rules taken unchanged from the pack this one extends are that pack's to test."""
    required = set()
    for sidecar in sidecars:
        _, must, _, _ = load_fixture(sidecar, pack)
        required |= {e.rule for e in must}
    return [r.id for r in pack.enabled_rules if r.id not in required and r.id not in pack.inherited]
