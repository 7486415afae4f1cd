"""The JSON contract (checker/data/result.schema.json, format_version 1; `report-check schema` prints it)."""
from __future__ import annotations

import json
from typing import Optional

from .. import __version__
from ..model import ReportResult
from ..normalize import visible_length
from ..pack.model import Pack

FORMAT_VERSION = 1


def report_dict(result: ReportResult, pack: Pack, with_text: bool = False) -> dict:
    """One report as in the contract; `with_text` adds the extracted text the spans index."""
    rules = pack.rules_by_id
    outline = result.outline
    meta = {"title": outline.title if outline else None,
            "issuer": outline.issuer if outline else None,
            "year": outline.year if outline else None,
            "year_from": list(outline.year_from) if outline else [],
            "signed_date": outline.signature.date if outline and outline.signature else None,
            "chars": visible_length(result.document.text) if result.document else 0,
            "addressee": outline.addressee if outline else None,
            "source_format": result.document.source_format if result.document else None,
            "line_unit": result.document.line_unit if result.document else None,
            "notices": list(result.document.notices) if result.document else []}
    return {
        "path": result.path,
        "status": result.status,
        "error": result.error,
        "meta": meta,
        "score": result.score,
        "grade": result.grade,
        "score_caps": result.caps,
        "sections": [{"id": s.id, "name": s.name, "required": s.required, "status": s.status,
                      "heading": s.heading, "line": s.line, "column": s.column, "span": list(s.span) if s.span else None,
                      "heading_span": list(s.heading_span) if s.heading_span else None,
                      "chars": s.chars, "found_by": s.found_by, "where": s.where, "themes": s.themes}
                     for s in result.sections],
        "extra_parts": [{"heading": e.heading, "line": e.line, "column": e.column, "taken_as": e.taken_as} for e in result.extra_parts],
        "findings": [{"rule": f.rule, "level": f.level, "message": f.message, "section": f.section,
                      "line": f.line, "column": f.column, "excerpt": f.excerpt, "deduction": f.deduction,
                      "span": list(f.span) if f.span else None,
                      **({"items": [{"line": i.line, "column": i.column, "excerpt": i.excerpt, "span": list(i.span),
                                     "subject": i.subject} for i in f.items]} if f.items else {}),
                      "basis": rules[f.rule].basis, "certainty": f.certainty,
                      **({"looked_for": rules[f.rule].get("judgment")} if f.certainty == "judgment" else {}),
                      **({"suggestion": {"span": list(f.suggestion.span), "text": f.suggestion.text}}
                         if f.suggestion else {}),
                      **({"round": f.round} if f.round else {})} for f in result.findings],
        **({"since": result.since.as_dict()} if result.since is not None else {}),
        "indicators": result.indicators,
        "coverage": {rule_id: {"title": rules[rule_id].get("table_title") or rules[rule_id].title, "areas": areas}
                     for rule_id, areas in result.coverage.items()},
        "suppressed": result.suppressed,
        **({"text": result.document.text if result.document else ""} if with_text else {}),
    }


def envelope(pack: Pack) -> dict:
    """What every JSON result opens with, `check`'s and `audit`'s alike: format, tool, pack."""
    return {"format_version": FORMAT_VERSION, "tool": {"name": "report-check", "version": __version__},
            "rule_pack": {"id": pack.id, "version": pack.version, "path": pack.shown_path, "title": pack.title}}


def document_dict(results: list[ReportResult], pack: Pack, with_text: bool = False) -> dict:
    return {**envelope(pack), "reports": [report_dict(r, pack, with_text) for r in results]}


def render(results: list[ReportResult], pack: Pack, color: Optional[bool] = None) -> str:
    return json.dumps(document_dict(results, pack), ensure_ascii=False, indent=2) + "\n"
