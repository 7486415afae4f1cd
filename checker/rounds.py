"""整改闭环: a revised report checked against the findings of the round before it.

Each finding of this round is 未整改 (the same problem is still there) or 新问题, and each
finding of the last round that none of this round's answers is 已整改. A finding is the same
problem when its rule is the same (or a former id of it) and the words it quotes are close:
line numbers move when paragraphs are added or removed, and a drafter who rewords the quoted
sentence without fixing it still has the problem. A rule that fires once in a part (a part
missing, too short, without causes) is the same problem in that part whatever it quotes.
"""
from __future__ import annotations

import functools
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

from .contract import ReportDict, RoundMark
from .errors import CheckerError
from .model import ReportResult
from .pack.model import Pack
from .support.bounded_read import read_bytes

CLOSE = 0.5           # share of the quoted words' character pairs two findings must share
MAX_SINCE_BYTES = 50 * 1024 * 1024
FIXED = "fixed"
UNFIXED: RoundMark = "unfixed"
NEW: RoundMark = "new"
ROUND_CN = {FIXED: "已整改", UNFIXED: "未整改", NEW: "新问题"}


@dataclass
class Earlier:
    """One finding of the last round, as its JSON result gives it."""
    rule: str
    section: Optional[str]
    quote: str
    message: str


@dataclass
class Previous:
    """The last round of one report: its findings and, from a JSON result, what it was of."""
    findings: list[Earlier]
    title: Optional[str] = None
    issuer: Optional[str] = None
    pack: Optional[str] = None        # "id version" of the pack that made it


@dataclass
class Round:
    """What became of the last round's findings in one report."""
    previous: int
    fixed: list[Earlier] = field(default_factory=list)
    unfixed: int = 0
    new: int = 0
    note: Optional[str] = None        # another report, another pack: the comparison may not hold

    def as_dict(self) -> dict:
        return {"previous": self.previous, "fixed": [{"rule": e.rule, "section": e.section, "excerpt": e.quote,
                                                     "message": e.message} for e in self.fixed],
                "unfixed": self.unfixed, "new": self.new, **({"note": self.note} if self.note else {})}

    def summary(self) -> str:
        return (f"与上次相比：上次 {self.previous} 条，已整改 {len(self.fixed)} 条，未整改 {self.unfixed} 条，"
                f"新问题 {self.new} 条" + (f"（注意：{self.note}）" if self.note else ""))


def load_since(path: str) -> list[Previous]:
    """The findings of each report in an earlier JSON result (`check --format json`), or of
    the one report in an annotated Word file (`check -o 报告-检查意见.docx`), edited or not."""
    if path.lower().endswith(".docx"):
        return [Previous(_from_word(read_bytes(path, MAX_SINCE_BYTES, "上次的批注版 Word"), path))]
    try:
        data = json.loads(read_bytes(path, MAX_SINCE_BYTES, "上次的检查结果"))
        pack = data.get("rule_pack") or {}
        made_by = f"{pack.get('id')} {pack.get('version')}" if pack.get("id") else None
        return [Previous(earlier_of(r), (r.get("meta") or {}).get("title"), (r.get("meta") or {}).get("issuer"), made_by)
                for r in data["reports"] if r.get("status") == "checked"]
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise CheckerError("不是 report-check 的 JSON 检查结果（用 check --format json -o 结果.json 生成）", path) from None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _from_word(data: bytes, path: str) -> list[Earlier]:
    """The findings an annotated copy carries: each comment of ours names its rule by title on its
    first line (after 此处之前应有… for a missing part) and quotes the words it is anchored on;
    the summary comment lists those with no place. Word and WPS keep both when the file is edited
    and saved; a comment the drafter deleted is a finding no longer carried, checked again anyway."""
    import zipfile

    from docx.oxml.parser import parse_xml

    from .annotate.notes import COMMENT_HEAD
    from .annotate.word import AUTHOR
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = {name: z.getinfo(name) for name in ("word/comments.xml", "word/document.xml")}
            if any(info.file_size > MAX_SINCE_BYTES for info in parts.values()):
                raise ValueError("unpacks too large")
            comments, body = (parse_xml(z.read(name)) for name in parts)
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError):   # lxml's XMLSyntaxError is a SyntaxError
        raise CheckerError("不是带 report-check 批注的 Word 文件（批注版由 check -o 报告-检查意见.docx 生成）", path) from None
    anchored: dict[str, list[str]] = {}
    open_ids: set[str] = set()
    for element in body.iter(f"{_W}commentRangeStart", f"{_W}commentRangeEnd", f"{_W}t"):
        cid = element.get(f"{_W}id")
        if element.tag == f"{_W}commentRangeStart":
            open_ids.add(cid)
            anchored.setdefault(cid, [])
        elif element.tag == f"{_W}commentRangeEnd":
            open_ids.discard(cid)
        else:
            for cid in open_ids:
                anchored[cid].append(element.text or "")
    found = []
    for comment in comments.iter(f"{_W}comment"):
        if comment.get(f"{_W}author") != AUTHOR:
            continue   # a colleague's own comment
        lines = ["".join(t.text or "" for t in p.iter(f"{_W}t")) for p in comment.iter(f"{_W}p")]
        quote = "".join(anchored.get(comment.get(f"{_W}id"), []))
        if lines and lines[0].startswith("report-check 检查结果"):
            found += [Earlier(m.group("title"), None, "", re.sub(r"^\d+\. ", "", line))
                      for line in lines if (m := COMMENT_HEAD.match(line))]
            continue
        head = next((m for line in lines[:2] if (m := COMMENT_HEAD.match(line))), None)
        if head:
            found.append(Earlier(head.group("title"), None, quote, "\n".join(lines)))
    if not found and not any(c.get(f"{_W}author") == AUTHOR for c in comments.iter(f"{_W}comment")):
        raise CheckerError("这个 Word 文件里没有 report-check 的批注（批注版由 check -o 报告-检查意见.docx 生成）", path)
    return found


def earlier_of(report: ReportDict) -> list[Earlier]:
    """A report's findings as its JSON result gives them (check's or audit's): a grouped
    finding's quote is its items' subjects."""
    return [Earlier(f["rule"], f.get("section"),
                    _quote((i.get("subject") or i.get("excerpt") for i in f.get("items") or []), f.get("excerpt")),
                    f.get("message", "")) for f in report.get("findings", [])]


def _quote(items: Iterable[Optional[str]], excerpt: Optional[str]) -> str:
    """The words a finding is about: its items' (a grouped finding), else its excerpt."""
    return "；".join(item or "" for item in items) or excerpt or ""


@functools.lru_cache(maxsize=65536)   # the same quote comes back in both rounds, unit after unit
def _pairs(text: str) -> frozenset[str]:
    text = "".join(ch for ch in text if ch.isalnum())
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def closeness(a: str, b: str) -> float:
    """Dice over character pairs: robust to a reworded clause, blind to line numbers."""
    pa, pb = _pairs(a), _pairs(b)
    return 2 * len(pa & pb) / (len(pa) + len(pb)) if pa and pb else float(a == b)


def rule_names(pack: Pack) -> dict[str, str]:
    """Every name a finding of the last round may give its rule by: id, former ids, title."""
    return {name: r.id for r in pack.rules for name in (r.id, *r.aliases, r.get("title") or r.id)}


def match(now: list[Earlier], earlier: list[Earlier], names: dict[str, str]) -> tuple[list[RoundMark], Round]:
    """Each finding of this round's round (未整改 / 新问题), and what became of the last round's.
    Each part's count of a rule is worked out once (and each quote's pairs, by _pairs' cache): an
    office's second round matches thousands of reports."""
    before_rules = [names.get(e.rule, e.rule) for e in earlier]
    in_part_now = Counter((f.rule, f.section) for f in now)
    in_part_before = Counter((rule, e.section) for rule, e in zip(before_rules, earlier))
    candidates = []
    for i, f in enumerate(now):
        for j, e in enumerate(earlier):
            if before_rules[j] != f.rule:
                continue
            score = closeness(f.quote, e.quote)
            same_part = e.section is None or e.section == f.section   # a Word comment does not say its part
            once = same_part and in_part_now[(f.rule, f.section)] == 1 and \
                in_part_before[(f.rule, f.section)] + (in_part_before[(f.rule, None)] if f.section else 0) == 1
            if score >= CLOSE or once:
                candidates.append((score, i, j))
    matched_now, matched_before = set(), set()
    for _, i, j in sorted(candidates, reverse=True):
        if i not in matched_now and j not in matched_before:
            matched_now.add(i)
            matched_before.add(j)
    fixed = [Earlier(before_rules[j], e.section, e.quote, e.message)   # a Word comment names its rule by title
             for j, e in enumerate(earlier) if j not in matched_before]
    return ([UNFIXED if i in matched_now else NEW for i in range(len(now))],
            Round(previous=len(earlier), fixed=fixed, unfixed=len(matched_now), new=len(now) - len(matched_now)))


def compare(result: ReportResult, earlier: list[Earlier], pack: Pack) -> Round:
    """Mark each finding of `result` 未整改 or 新问题 (Finding.round) and say what was fixed."""
    now = [Earlier(f.rule, f.section, _quote((i.subject or i.excerpt for i in f.items), f.excerpt), f.message)
           for f in result.findings]
    marks, found = match(now, earlier, rule_names(pack))
    for f, mark in zip(result.findings, marks):
        f.round = mark
    return found


def apply(results: list[ReportResult], since: list[Previous], pack: Pack) -> None:
    """Pair this round's reports with the last round's in order (one report: the usual case)."""
    checked = [r for r in results if r.status == "checked"]
    if len(checked) != len(since):
        raise CheckerError(f"上次的检查结果有 {len(since)} 份报告，这次有 {len(checked)} 份：请逐份对照（一份报告对一份结果）")
    for result, previous in zip(checked, since):
        result.since = compare(result, previous.findings, pack)
        result.since.note = _note(result, previous, pack)


def _note(result: ReportResult, previous: Previous, pack: Pack) -> Optional[str]:
    """What may make the comparison wrong, said rather than shown as 'all new': the last result
    is of another report (another unit), or another pack made it."""
    notes = []
    unit = result.outline.issuer if result.outline else None
    if previous.issuer and unit and previous.issuer not in unit and unit not in previous.issuer:
        named = f"《{previous.title}》" if previous.title else previous.issuer
        notes.append(f"上次的结果是另一份报告（{named}）的，请确认对照的是同一份报告的上一稿")
    if previous.pack and previous.pack != f"{pack.id} {pack.version}":
        notes.append(f"上次的结果由规则包 {previous.pack} 生成，这次用的是 {pack.id} {pack.version}，改动过的规则按这次的判断")
    return "；".join(notes) or None


__all__ = ["load_since", "apply", "compare", "match", "rule_names", "earlier_of", "closeness", "Round", "Previous",
           "ROUND_CN"]
