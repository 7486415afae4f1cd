"""The audit as one self-contained page: ranking table (sortable), score distribution and
most-broken rules as inline SVG, each report's findings one click away. No network."""
from __future__ import annotations

from importlib.resources import files

from ..labels import LEVEL_CN, STATUS_CN
from ..model import place
from .copies import copy_line
from .table import (
    LATE,
    UNSIGNED,
    AuditData,
    copy_mark,
    copying_change,
    history_mark,
    number_shown,
    ranked,
    round_rows,
    round_summary,
    rule_rows,
    similar_rows,
    skipped_rows,
    submission_rows,
    summary_line,
    summary_rows,
    unit_of,
)


def _histogram(scores: list[float]) -> list[dict]:
    bins = [(0, 60, "<60"), (60, 70, "60–69"), (70, 75, "70–74"), (75, 80, "75–79"), (80, 85, "80–84"),
            (85, 90, "85–89"), (90, 101, "90–100")]
    counts = [sum(1 for s in scores if lo <= s < hi) for lo, hi, _ in bins]
    top = max(counts) or 1
    return [{"label": label, "count": c, "height": round(c / top * 140)} for (_, _, label), c in zip(bins, counts)]


def render(data: AuditData) -> str:
    import jinja2
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             loader=jinja2.FunctionLoader(
                                 lambda name: files("checker.audit").joinpath("templates", name).read_text("utf-8")))
    header, rows = summary_rows(data)
    _, rules = rule_rows(data)
    _, similar = similar_rows(data)
    scores = [r["score"] for r in data.reports if r["score"] is not None]
    round_header, round_table = round_rows(data) if data.rounds else ([], [])
    return env.get_template("audit.html.j2").render(
        pack=data.pack, summary=summary_line(data), folder=data.base, header=header, rows=rows,
        reports=ranked(data), histogram=_histogram(scores), rules=rules[:12],
        top_rule=max((r[3] for r in rules), default=1) or 1, similar=similar, skipped=skipped_rows(data)[1],
        submissions=submission_rows(data)[1], missing=data.submissions.missing_named() if data.submissions else "",
        unit_of=unit_of, shown=data.shown, place=place, number_shown=number_shown, level_cn=LEVEL_CN,
        copy_mark=copy_mark, copy_line=lambda report: copy_line(report, data.shown),
        status_cn=STATUS_CN, overdue=(LATE, UNSIGNED), round_header=round_header, round_rows=round_table,
        round_line=round_summary(data.rounds) if data.rounds else "", history_mark=history_mark,
        copying_change=copying_change, mean=round(sum(scores) / len(scores), 1) if scores else None)
