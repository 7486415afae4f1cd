"""The values that flow down the pipeline: Document → Outline → Placement → Finding → Result."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional, Sequence

from .contract import Certainty, FoundBy, Level, ReportStatus, RoundMark, SectionStatus, Theme

if TYPE_CHECKING:
    from .rounds import Round

Span = tuple[int, int]


@dataclass(frozen=True)
class Extracted:
    """What a reader gives back: text with one line per paragraph, and what the format
    knows beyond the text (Word's heading styles, by line index)."""

    text: str
    line_unit: str = "行"
    heading_levels: dict[int, int] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)   # what the reader noticed and did about it, in Chinese
    margins: list[tuple[str, str]] = field(default_factory=list)   # (where, text) outside the body: 页眉, 页脚, 文本框


@dataclass(frozen=True)
class Document:
    """Text extracted from one input file.

    `norm` has exactly the length of `text`: full-width forms are folded to
    half-width and page furniture is blanked, so every offset found in `norm`
    points at the same place in `text`. `text`, the one that reaches outputs, has its
    personal data masked; `norm` keeps it for the rules that report it.
    """

    path: str
    text: str
    norm: str
    source_format: str
    line_starts: Sequence[int]      # a compact array: a long report has many lines
    line_unit: str = "行"
    heading_levels: dict[int, int] = field(default_factory=dict)   # line index → outline level
    hints: dict[str, str] = field(default_factory=dict)            # what page chrome says, e.g. issuer
    notices: list[str] = field(default_factory=list)                # from the reader, shown with the result
    margins: list[tuple[str, str]] = field(default_factory=list)    # (where, folded text) outside the body, PII masked

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def column_of(self, offset: int) -> int:
        """1-based character of `offset` within its line."""
        return offset - self.line_starts[self.line_of(offset) - 1] + 1

    def excerpt_around(self, span: Span, before: int = 12, after: int = 24) -> str:
        """The matched text with a little of what surrounds it, within its sentence."""
        start = max(span[0] - before, self.text.rfind("\n", 0, span[0]) + 1)
        end = min(span[1] + after, len(self.text))
        newline = self.text.find("\n", span[1], end)
        end = newline if newline >= 0 else end
        head = "…" if start > 0 and self.text[start - 1] != "\n" else ""
        tail = "…" if end < len(self.text) and self.text[end] != "\n" else ""
        return head + " ".join(self.text[start:end].split()) + tail

    def excerpt(self, span: Span, width: int = 60) -> str:
        """The span's text with its line breaks and runs of blanks as one space, cut at `width`
        characters of that (so a PDF's line ends and a .txt's read the same)."""
        start, end = span
        text = " ".join(self.text[start:min(end, start + 4 * width)].split())
        return text[:width] + "…" if len(text) > width else text


@dataclass
class Node:
    """One numbered heading or enumerated item of the outline."""

    marker: str          # marker type: part, cn, paren_cn, arabic, paren_arabic, circled, item, styled
    number: int
    start: int           # offset of the marker
    title_span: Span
    title: str           # normalized title text
    line: int
    inline: bool         # found inside running text rather than at a line start
    depth: int = 0
    end: int = 0         # end of everything the node governs
    parent: Optional["Node"] = None
    children: list["Node"] = field(default_factory=list)

    @property
    def span(self) -> Span:
        return (self.start, self.end)

    @property
    def body_span(self) -> Span:
        return (self.title_span[1], self.end)

    @property
    def is_item(self) -> bool:
        return self.marker == "item"


@dataclass(frozen=True)
class Signature:
    issuer: Optional[str]
    date: Optional[str]          # ISO yyyy-mm-dd
    span: Span


@dataclass
class Outline:
    document: Document
    title: Optional[str]
    title_span: Optional[Span]
    addressee: Optional[str]
    addressee_span: Optional[Span]
    signature: Optional[Signature]
    year: Optional[int]
    issuer: Optional[str]
    preamble_span: Span
    body_end: int
    nodes: list[Node]            # every node, in document order
    roots: list[Node]
    year_sources: dict[str, int] = field(default_factory=dict)   # place → the year it tells, most trusted first
    year_from: tuple[str, ...] = ()                               # the places that agree with `year`

    @property
    def headings(self) -> list[Node]:
        return [n for n in self.nodes if not n.is_item]

    @property
    def text_end(self) -> int:
        """Where the body's last words end: before the sign-off and the blank lines above it."""
        end, norm = self.body_end, self.document.norm
        while end and norm[end - 1].isspace():
            end -= 1
        return end


@dataclass
class Placement:
    """Where a pack section sits in one report."""

    section_id: str
    found: str                   # own_part | themes | nested | none
    node: Optional[Node] = None  # for themes: a group node whose children are the themes
    by: FoundBy = "heading"      # what placed it
    where: list[str] = field(default_factory=list)   # for nested: the headings it sits under, top down

    @property
    def placed(self) -> Node:
        """The node of a part that was found (every placement but `none` has one)."""
        if self.node is None:
            raise ValueError(f"part {self.section_id} was not found in the report")
        return self.node


@dataclass
class Suggestion:
    """A fix certain enough to offer as a tracked change: `text` replaces the span; an empty span
    puts `text` in a new paragraph after the one holding the character before it."""

    span: Span
    text: str


@dataclass
class FindingItem:
    """One place a grouped finding covers (一是……, 二是……): each stays locatable by itself."""
    span: Span
    line: Optional[int]
    column: Optional[int]
    excerpt: Optional[str]
    subject: Optional[str] = None


@dataclass
class Finding:
    rule: str
    level: Level
    message: str
    section: Optional[str]
    span: Optional[Span] = None
    line: Optional[int] = None
    excerpt: Optional[str] = None
    deduction: float = 0.0
    weakens: bool = False
    column: Optional[int] = None    # the character in the line, 1-based: a one-line report needs it
    suggestion: Optional[Suggestion] = None
    subject: Optional[str] = None   # what the finding is about, in the report's words (an item's title)
    certainty: Certainty = "proven"  # or "judgment": inferred (the rule's `judgment` says what it looked for)
    items: list[FindingItem] = field(default_factory=list)   # the places a grouped finding covers
    round: Optional[RoundMark] = None   # against the last round (--since)

    def where(self, unit: str = "行") -> str:
        return place(self.line, self.column, unit)


LONG_LINE = 80   # characters into a line beyond which the line number alone does not find the place


def place(line: Optional[int], column: Optional[int], unit: str = "行") -> str:
    """第3行, or 第2行第1234字 when the place sits deep in a long line (a report pasted as one line)."""
    if not line:
        return ""
    return f"第{line}{unit}" + (f"第{column}字" if column and column > LONG_LINE else "")


@dataclass
class SectionResult:
    id: str
    name: str
    required: bool
    status: SectionStatus
    heading: Optional[str]
    line: Optional[int]
    column: Optional[int]
    span: Optional[Span]
    chars: int
    heading_span: Optional[Span] = None
    found_by: Optional[FoundBy] = None
    where: list[str] = field(default_factory=list)          # misplaced: the headings it sits under
    themes: list[Theme] = field(default_factory=list)       # themes: each top-level heading
    # the outline node the rules read as this part (for a part made of theme headings, one node
    # spanning them all, which is not among the outline's own nodes)
    node: Optional[Node] = field(default=None, repr=False, compare=False)


@dataclass
class ExtraPart:
    """A top-level heading no part claims, and what it was counted in (None: in nothing)."""

    heading: str
    line: int
    taken_as: Optional[str]
    column: Optional[int] = None


@dataclass
class ReportResult:
    """A report as the checker left it: an unreadable one carries its `error` and nothing read."""

    path: str
    status: ReportStatus
    error: Optional[str] = None
    document: Optional[Document] = None
    outline: Optional[Outline] = None
    sections: list[SectionResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    indicators: dict[str, list[dict]] = field(default_factory=dict)
    coverage: dict[str, dict[str, bool]] = field(default_factory=dict)   # coverage rule id → area → mentioned
    extra_parts: list[ExtraPart] = field(default_factory=list)
    caps: list[dict] = field(default_factory=list)       # {max, reason} of each score cap that applied
    score: Optional[float] = None
    grade: Optional[str] = None
    suppressed: int = 0          # findings hidden by a baseline
    since: Optional[Round] = None   # what became of the last round's findings (--since)


@dataclass(kw_only=True)
class CheckedReport(ReportResult):
    """A report that was read: its document and outline are always there."""

    document: Document
    outline: Outline
    score: float
    grade: str
    status: ReportStatus = "checked"
