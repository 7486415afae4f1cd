"""One report through the pipeline: read → outline → match → rules → score."""
from __future__ import annotations

from typing import Any

from .context import Context
from .contract import SectionStatus, Theme
from .documents import DEFAULT_MAX_BYTES, read_document
from .errors import CheckerError, UnreadableDocument
from .grouping import group
from .kinds import KINDS, OUTPUT_FIELDS, WORD_KINDS
from .match import extra_roots, place_sections
from .model import CheckedReport, Document, ExtraPart, Finding, ReportResult, SectionResult
from .normalize import visible_length
from .outline import build_outline
from .pack.model import Pack, Rule
from .patterns import RegexTimeout
from .scoring import LEVEL_ORDER, apply_caps, apply_deductions, grade_for


def check_path(path: str, pack: Pack, max_bytes: int = DEFAULT_MAX_BYTES) -> ReportResult:
    try:
        doc = read_document(path, max_bytes)
    except UnreadableDocument as e:
        return ReportResult(path=path, status="unreadable", error=e.message)
    try:
        return check_document(doc, pack)
    except RuleTimeout as e:
        return ReportResult(path=path, status="unreadable", error=e.message)


_SAMPLE = ("某区司法局2024年法治政府建设年度报告\n一、主要举措和成效\n（一）推进依法行政。全年办理行政复议案件12件，"
           "同比增长20%。\n二、存在的不足和原因\n一是法治宣传不够深入，原因是投入不足。\n"
           "三、党政主要负责人履行推进法治建设第一责任人职责情况\n主要负责人召开专题会议3次。\n"
           "四、2025年工作安排\n加强法治宣传。\n某区司法局\n2025年1月10日\n")


def prepare(pack: Pack, warm: bool = False) -> None:
    """Load what every check with this pack needs once, here, before children are forked
    (each child would otherwise load it again). `warm` also checks a small sample, which
    fills the caches a check builds on first use (jieba's model, compiled patterns);
    worth it when many reports follow. A single check loads no words here: its word rule
    fetches the few it needs, and only if the report has both parts it compares."""
    from . import normalize
    from .documents import document_from_text
    normalize.load()
    if warm and any(rule.kind in WORD_KINDS for rule in pack.enabled_rules):
        from . import segment
        segment.load()   # many reports follow: the whole dictionary, once, before forking
        segment.add_words(pack.dictionary)
    if warm:
        try:
            check_document(document_from_text(_SAMPLE, "预热样例"), pack)
        except CheckerError:   # a pack pattern that runs away: each report will say so
            pass


def check_path_bounded(path: str, pack: Pack, max_bytes: int = DEFAULT_MAX_BYTES) -> ReportResult:
    """check_path in a child process under the sandbox's time and memory limits: a report
    that makes a reader or a rule run away costs a row that says so, not the run."""
    from . import sandbox
    from .documents import load_reader
    load_reader(path)
    try:
        return sandbox.run_bounded(check_path, (path, pack, max_bytes), path)
    except UnreadableDocument as e:
        return ReportResult(path=path, status="unreadable", error=e.message)


class RuleTimeout(CheckerError):
    """A rule could not finish on this report; the report is not judged on half its rules."""


def check_document(doc: Document, pack: Pack) -> CheckedReport:
    """A pack pattern that runs away anywhere (a rule, a section's headings)
    makes this report unreadable with a message naming the pack field; the batch goes on."""
    try:
        return _check(doc, pack)
    except RegexTimeout as e:
        raise RuleTimeout(f"无法完成检查：规则包 {pack.id} 中{pack.field_of(e.pattern)}的{e.message}") from None


def _check(doc: Document, pack: Pack) -> CheckedReport:
    outline = build_outline(doc, pack.frame)
    ctx = Context(doc, outline, place_sections(pack, outline), pack)
    findings: list[Finding] = []
    outputs: dict[str, Any] = {name: {} for name in OUTPUT_FIELDS}   # what kinds add beside findings
    for rule in pack.enabled_rules:
        kind = KINDS[rule.kind]
        applies = _applies(rule, ctx)
        if kind.output and kind.output_field and (applies or kind.output_always):
            value = kind.output(rule, ctx)
            if value is not None:
                outputs[kind.output_field][rule.id] = value
        if not applies:
            continue
        produced = list(kind.check(rule, ctx))
        findings.extend(produced[:rule.get("limit")] if rule.get("limit") else produced)
    findings.sort(key=lambda f: (f.span[0] if f.span else -1, LEVEL_ORDER[f.level]))
    score, caps = apply_caps(apply_deductions(findings, pack), findings, pack)
    findings = group(findings, pack, doc.line_unit)
    findings.sort(key=lambda f: (LEVEL_ORDER[f.level], f.span[0] if f.span else -1, f.rule))
    return CheckedReport(path=doc.path, document=doc, outline=outline,
                         sections=_section_results(ctx, findings), findings=findings, **outputs,
                         score=round(score, 1), grade=grade_for(score, pack), extra_parts=_extra_parts(ctx), caps=caps)


def _heading_text(ctx: Context, node) -> str:
    return " ".join(ctx.document.text[node.start:node.title_span[1]].split())


def _extra_parts(ctx: Context) -> list[ExtraPart]:
    return [ExtraPart(_heading_text(ctx, node), node.line, taken, ctx.document.column_of(node.start))
            for node, taken in extra_roots(ctx.pack, ctx.outline, ctx.placements)]


def _applies(rule: Rule, ctx: Context) -> bool:
    year = ctx.year
    if year is not None:
        if rule.get("min_year") is not None and year < rule.get("min_year"):
            return False
        if rule.get("max_year") is not None and year > rule.get("max_year"):
            return False
    if rule.get("unless_heading") and rule.section:
        node = ctx.section_node(rule.section)
        if node is not None and ctx.pattern(rule.get("unless_heading")).search(node.title):
            return False
    return True


def _section_results(ctx: Context, findings: list[Finding]) -> list[SectionResult]:
    weak = {f.section for f in findings if f.weakens}
    results = []
    for section in ctx.pack.sections:
        placement = ctx.placements[section.id]
        node = placement.node
        status: SectionStatus
        if placement.found in ("own_part", "themes"):
            status = "weak" if section.id in weak else "ok"
        elif placement.found == "nested":
            status = "misplaced"
        else:
            status = "missing" if section.required else "absent"
        theme_nodes = node.children if placement.found == "themes" and node else []
        themes: list[Theme] = [{"heading": _heading_text(ctx, n), "line": n.line,
                                 "column": ctx.document.column_of(n.start)} for n in theme_nodes]
        heading = "；".join(_heading_text(ctx, n) for n in theme_nodes) if themes else \
            (_heading_text(ctx, node) if node and node.title else None)
        if node and not node.title and not themes:
            heading = ctx.document.excerpt((node.start, node.end), 40)
        chars = visible_length(ctx.text(node.body_span)) if node else 0
        results.append(SectionResult(id=section.id, name=section.name, required=section.required,
                                     status=status, heading=heading, line=node.line if node else None,
                                     column=ctx.document.column_of(node.start) if node else None,
                                     span=node.span if node else None, chars=chars,
                                     heading_span=(node.start, node.title_span[1]) if node else None,
                                     found_by=placement.by if node else None, where=list(placement.where),
                                     themes=themes, node=node))
    return results
