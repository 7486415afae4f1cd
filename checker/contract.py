"""The result contract as types: what `checker/data/result.schema.json` says, for the type checker.

The levels and statuses are spelled here once; `tests/test_contract.py` holds every type below equal to
the schema (the same keys, the same required keys, the same enums), so neither can drift alone.
"""
from typing import Literal, NotRequired, Optional, TypedDict, get_args

Level = Literal["error", "warning", "info"]
LEVELS: tuple[Level, ...] = get_args(Level)
ReportStatus = Literal["checked", "unreadable"]
SectionStatus = Literal["ok", "weak", "misplaced", "missing", "absent"]
FoundBy = Literal["heading", "themes", "content", "position"]
Certainty = Literal["proven", "judgment"]
RoundMark = Literal["unfixed", "new"]


class ToolInfo(TypedDict):
    name: str
    version: str


class PackInfo(TypedDict):
    id: str
    version: str
    path: NotRequired[Optional[str]]
    title: NotRequired[str]


class Meta(TypedDict):
    title: Optional[str]
    issuer: Optional[str]
    year: Optional[int]
    signed_date: Optional[str]
    chars: int
    year_from: NotRequired[list[str]]
    notices: NotRequired[list[str]]
    addressee: NotRequired[Optional[str]]
    source_format: NotRequired[Optional[str]]
    line_unit: NotRequired[Optional[str]]


class Theme(TypedDict):
    heading: str
    line: int
    column: NotRequired[Optional[int]]


class SectionDict(TypedDict):
    id: str
    name: str
    required: bool
    status: SectionStatus
    heading: Optional[str]
    line: Optional[int]
    column: NotRequired[Optional[int]]
    span: NotRequired[Optional[list[int]]]
    heading_span: NotRequired[Optional[list[int]]]
    chars: NotRequired[int]
    found_by: NotRequired[Optional[FoundBy]]
    where: NotRequired[list[str]]
    themes: NotRequired[list[Theme]]


class ItemDict(TypedDict):
    line: Optional[int]
    excerpt: Optional[str]
    span: list[int]
    column: NotRequired[Optional[int]]
    subject: NotRequired[Optional[str]]


class SuggestionDict(TypedDict):
    span: list[int]
    text: str


class FindingDict(TypedDict):
    rule: str
    level: Level
    message: str
    section: Optional[str]
    line: Optional[int]
    column: NotRequired[Optional[int]]
    excerpt: NotRequired[Optional[str]]
    deduction: NotRequired[Optional[float]]
    span: NotRequired[Optional[list[int]]]
    certainty: NotRequired[Certainty]
    looked_for: NotRequired[str]
    items: NotRequired[list[ItemDict]]
    suggestion: NotRequired[SuggestionDict]
    basis: NotRequired[dict]
    round: NotRequired[RoundMark]
    last_year: NotRequired[bool]


class ExtraPartDict(TypedDict):
    heading: str
    line: int
    taken_as: Optional[str]
    column: NotRequired[Optional[int]]


class ReportDict(TypedDict):
    path: str
    status: ReportStatus
    error: Optional[str]
    meta: Meta
    score: Optional[float]
    grade: Optional[str]
    sections: list[SectionDict]
    findings: list[FindingDict]
    extra_parts: NotRequired[list[ExtraPartDict]]
    score_caps: NotRequired[list[dict]]
    indicators: NotRequired[dict[str, list[dict]]]
    coverage: NotRequired[dict[str, dict]]
    suppressed: NotRequired[int]
    text: NotRequired[str]
    since: NotRequired[dict]
    copying: NotRequired[dict]
    round: NotRequired[dict]
    last_year: NotRequired[dict]


class Envelope(TypedDict):
    format_version: int
    tool: ToolInfo
    rule_pack: PackInfo


class ResultDocument(Envelope):
    reports: list[ReportDict]
    audit: NotRequired[dict]
