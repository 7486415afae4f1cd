"""SARIF 2.1.0, for code-scanning dashboards: every rule of the pack with its basis as
helpUri, every finding with its file, line and excerpt; unreadable files as notifications."""
from __future__ import annotations

import json
import os
from typing import Optional, Sequence
from urllib.parse import quote

from .. import __version__
from ..labels import citation
from ..model import Finding, FindingItem, ReportResult
from ..pack.model import Pack

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    """The file's own bytes, percent-encoded: a name that is not UTF-8 still points at its file."""
    return quote(os.fsencode(path.replace(os.sep, "/")))


def document(results: list[ReportResult], pack: Pack) -> dict:
    rules = pack.enabled_rules
    index = {r.id: i for i, r in enumerate(rules)}
    sarif_rules = []
    for rule in rules:
        entry = {"id": rule.id, "name": rule.id.replace("-", " ").title().replace(" ", ""),
                 "shortDescription": {"text": rule.title},
                 "fullDescription": {"text": rule.message},
                 "help": {"text": "依据：" + citation(rule.basis)},
                 "defaultConfiguration": {"level": _LEVEL[rule.level]},
                 "properties": {"kind": rule.kind, "weight": rule.weight,
                                "section": rule.section or "whole", "pack": f"{pack.id} {pack.version}",
                                "basis_level": rule.basis.get("level", "未注明")}}
        if rule.basis.get("url"):
            entry["helpUri"] = rule.basis["url"]
        sarif_rules.append(entry)
    results_out, notifications = [], []
    for report in results:
        if report.status != "checked":
            notifications.append({"level": "error", "message": {"text": f"{report.path}：{report.error}"},
                                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(report.path)}}}]})
            continue
        for f in report.findings:
            places: Sequence[Finding | FindingItem] = f.items or [f]   # a grouped finding is at each item it names
            locations = [{"physicalLocation": _physical(report.path, p.line, p.column, p.excerpt)} for p in places]
            results_out.append({"ruleId": f.rule, "ruleIndex": index[f.rule], "level": _LEVEL[f.level],
                                "message": {"text": f.message}, "locations": locations,
                                "partialFingerprints": {"reportCheck/v1": _fingerprint(f)},
                                "properties": {"section": f.section or "whole", "deduction": f.deduction,
                                               "certainty": f.certainty}})
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "report-check", "version": __version__,
                                          "informationUri": "https://pypi.org/project/report-check/",
                                          "rules": sarif_rules}},
                      "invocations": [{"executionSuccessful": not notifications,
                                       "toolExecutionNotifications": notifications}],
                      "results": results_out}]}


def _physical(path: str, line: Optional[int], column: Optional[int], excerpt: Optional[str]) -> dict:
    physical: dict = {"artifactLocation": {"uri": _uri(path)}}
    if line:
        region: dict = {"startLine": line, **({"startColumn": column} if column else {})}
        if excerpt:
            region["snippet"] = {"text": excerpt}
        physical["region"] = region
    return physical


def _fingerprint(finding) -> str:
    from ..baseline import fingerprint
    return fingerprint(finding.rule, finding.excerpt or finding.message)


def render(results: list[ReportResult], pack: Pack, color: Optional[bool] = None) -> str:
    return json.dumps(document(results, pack), ensure_ascii=False, indent=2) + "\n"
