"""The JSON contract (checker/data/result.schema.json, format_version 1; `report-check schema` prints it)."""
from __future__ import annotations

import json
from typing import Optional

from .. import __version__
from ..contract import Envelope, FindingDict, Meta, ReportDict, ResultDocument, SectionDict
from ..model import CheckedReport, Finding, ReportResult, SectionResult
from ..normalize import visible_length
from ..pack.model import Pack

FORMAT_VERSION = 1


def report_dict(result: ReportResult, pack: Pack, with_text: bool = False) -> ReportDict:
    """One report as in the contract; `with_text` adds the extracted text the spans index."""
    rules = pack.rules_by_id
    out: ReportDict = {
        "path": result.path,
        "status": result.status,
        "error": result.error,
        "meta": _meta(result),
        "score": result.score,
        "grade": result.grade,
        "score_caps": result.caps,
        "sections": [_section(s) for s in result.sections],
        "extra_parts": [{"heading": e.heading, "line": e.line, "column": e.column, "taken_as": e.taken_as}
                        for e in result.extra_parts],
        "findings": [_finding(f, pack) for f in result.findings],
    }
    if result.since is not None:
        out["since"] = result.since.as_dict()
    out["indicators"] = result.indicators
    out["coverage"] = {rule_id: {"title": rules[rule_id].table_name, "areas": areas}
                       for rule_id, areas in result.coverage.items()}
    out["suppressed"] = result.suppressed
    if with_text:
        out["text"] = result.document.text if isinstance(result, CheckedReport) else ""
    return out


def _meta(result: ReportResult) -> Meta:
    if not isinstance(result, CheckedReport):
        return {"title": None, "issuer": None, "year": None, "year_from": [], "signed_date": None, "chars": 0,
                "addressee": None, "source_format": None, "line_unit": None, "notices": []}
    outline, doc = result.outline, result.document
    return {"title": outline.title, "issuer": outline.issuer, "year": outline.year,
            "year_from": list(outline.year_from),
            "signed_date": outline.signature.date if outline.signature else None,
            "chars": visible_length(doc.text), "addressee": outline.addressee, "source_format": doc.source_format,
            "line_unit": doc.line_unit, "notices": list(doc.notices)}


def _section(s: SectionResult) -> SectionDict:
    return {"id": s.id, "name": s.name, "required": s.required, "status": s.status,
            "heading": s.heading, "line": s.line, "column": s.column, "span": list(s.span) if s.span else None,
            "heading_span": list(s.heading_span) if s.heading_span else None,
            "chars": s.chars, "found_by": s.found_by, "where": s.where, "themes": s.themes}


def _finding(f: Finding, pack: Pack) -> FindingDict:
    rule = pack.rules_by_id[f.rule]
    out: FindingDict = {"rule": f.rule, "level": f.level, "message": f.message, "section": f.section,
                        "line": f.line, "column": f.column, "excerpt": f.excerpt, "deduction": f.deduction,
                        "span": list(f.span) if f.span else None}
    if f.items:
        out["items"] = [{"line": i.line, "column": i.column, "excerpt": i.excerpt, "span": list(i.span),
                         "subject": i.subject} for i in f.items]
    out["basis"] = rule.basis
    out["certainty"] = f.certainty
    if f.certainty == "judgment":
        out["looked_for"] = rule.get("judgment")
    if f.suggestion:
        out["suggestion"] = {"span": list(f.suggestion.span), "text": f.suggestion.text}
    if f.round:
        out["round"] = f.round
    return out


def envelope(pack: Pack) -> Envelope:
    """What every JSON result opens with, `check`'s and `audit`'s alike: format, tool, pack."""
    return {"format_version": FORMAT_VERSION, "tool": {"name": "report-check", "version": __version__},
            "rule_pack": {"id": pack.id, "version": pack.version, "path": pack.shown_path, "title": pack.title}}


def document_dict(results: list[ReportResult], pack: Pack, with_text: bool = False) -> ResultDocument:
    return {**envelope(pack), "reports": [report_dict(r, pack, with_text) for r in results]}


def render(results: list[ReportResult], pack: Pack, color: Optional[bool] = None) -> str:
    return json.dumps(document_dict(results, pack), ensure_ascii=False, indent=2) + "\n"
