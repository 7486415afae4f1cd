"""Write comments and tracked changes into a Word document, and nothing else.

Takes the document's bytes (the original .docx, or one made from the checked text), the
checked text and the notes (what to say where, in offsets of that text); returns the new
bytes. Runs are cut only where a comment or a change begins or ends; every other part of
the package (styles, numbering, headers, footers) is written back as python-docx read it.
"""
from __future__ import annotations

import copy
import io
import re
from datetime import datetime, timezone
from typing import Optional

from ..documents.docx import body_lines
from ..model import Suggestion
from .anchor import Cutter, SourceMap, W
from .notes import Note, Notes

AUTHOR, INITIALS = "report-check", "RC"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """Characters XML cannot hold (U+FFFE, C0 controls) as U+FFFD, one for one, so offsets hold."""
    return _NOT_XML.sub("\ufffd", text)
_CONTAINERS = {f"{W}hyperlink", f"{W}ins", f"{W}fldSimple", f"{W}smartTag", f"{W}sdtContent", f"{W}customXml",
               f"{W}moveTo"}


def annotate(data: bytes, text: str, notes: Notes, when: Optional[datetime] = None) -> bytes:
    import docx
    document = docx.Document(io.BytesIO(data))
    source = SourceMap(list(body_lines(document)), text)
    stamp = (when or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    placed = [(note, _range_of(source, note)) for note in notes.comments]
    summary = source.line_range(notes.summary_line) if notes.summary_line is not None else None
    changes = [(change, source.typed_range(change.span)) for change in notes.changes if change.span[1] > change.span[0]]
    inserts = [change for change in notes.changes if change.span[1] == change.span[0]]
    ranges = [where for _, where in placed + changes if where] + ([summary] if summary else [])
    cutter = Cutter()
    cutter.cut_all({end for (t1, i1), (t2, i2) in ranges for end in ((t1, i1), (t2, i2 + 1))})
    revisions = _Revisions(document.element.body, stamp)
    for change, where in changes:   # changes first: a comment may span a changed word, never the reverse
        if where and _plain_runs(cutter.run_of(*where[0]), cutter.run_of(*where[1])):
            revisions.replace(cutter.run_of(*where[0]), cutter.run_of(*where[1]), change.text)
    for change in inserts:
        revisions.insert_paragraph(source, change)
    comments = _Comments(document, stamp)
    if summary:
        comments.add(cutter.run_of(*summary[0]), cutter.run_of(*summary[1]),
                     notes.summary_text([note.text for note, where in placed if not where]))
    for note, where in placed:
        if where:
            comments.add(cutter.run_of(*where[0]), cutter.run_of(*where[1]), note.text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _range_of(source: SourceMap, note: Note):
    """The note's words; failing that (a span inside a numbering label), its whole paragraph."""
    if note.span is None:
        return source.line_range(note.line) if note.line is not None else None
    found = source.typed_range(note.span)
    if found:
        return found
    at = source.source_offset(note.span[0])
    return source.line_range(source.line_at(at)[0]) if at is not None else None


class _Comments:
    """Comments written straight into the comments part, numbered after the document's own:
    python-docx's add_comment searches every earlier comment for a free id, which made 5,000
    comments take minutes."""

    def __init__(self, document, stamp: str) -> None:
        self.part = document.comments._comments_elm   # made if the document has none
        self.stamp = stamp
        used = {int(v) for v in self.part.xpath("./w:comment/@w:id") if v.isdigit()}
        self._ids = free_ids(used, max(used, default=-1) + 1)

    def add(self, first_run, last_run, text: str) -> None:
        from docx.oxml.ns import qn
        from docx.oxml.parser import OxmlElement
        cid = str(next(self._ids))
        self.part.append(self._element(cid, xml_safe(text).split("\n")))
        first_run.addprevious(OxmlElement("w:commentRangeStart", attrs={qn("w:id"): cid}))
        end = OxmlElement("w:commentRangeEnd", attrs={qn("w:id"): cid})
        last_run.addnext(end)
        reference = OxmlElement("w:r")
        props = OxmlElement("w:rPr")
        props.append(OxmlElement("w:rStyle", attrs={qn("w:val"): "CommentReference"}))
        reference.append(props)
        reference.append(OxmlElement("w:commentReference", attrs={qn("w:id"): cid}))
        holder = end
        while holder.getparent().tag in _CONTAINERS:   # the mark itself goes outside links, fields, insertions
            holder = holder.getparent()
        holder.addnext(reference)

    def _element(self, cid: str, paragraphs: list[str]):
        from xml.sax.saxutils import escape, quoteattr

        from docx.oxml.ns import nsdecls
        from docx.oxml.parser import parse_xml
        style = '<w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
        mark = '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
        body = "".join(f'<w:p>{style}{mark if i == 0 else ""}<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
                       for i, line in enumerate(paragraphs))
        return parse_xml(f'<w:comment {nsdecls("w")} w:id="{cid}" w:author={quoteattr(AUTHOR)} '
                         f'w:initials={quoteattr(INITIALS)} w:date="{self.stamp}">{body}</w:comment>')


def _plain_runs(first_run, last_run) -> bool:
    """A change is written only over runs that sit directly in one paragraph (no link, field,
    earlier revision): there the result is certain."""
    parent = first_run.getparent()
    if parent.tag != f"{W}p" or last_run.getparent() is not parent:
        return False
    runs = list(parent)[parent.index(first_run):parent.index(last_run) + 1]
    return all(r.tag == f"{W}r" for r in runs) and not any(
        r.find(f"{W}fldChar") is not None or r.find(f"{W}instrText") is not None for r in runs)


WORD_ID_MAX = 2**31 - 1   # w:id is a 32-bit signed number: Word calls a file with a larger one damaged


def free_ids(used: set[int], start: int):
    """Ids from `start` on, or, past Word's largest, the smallest ones the document does not use
    (a file whose own ids reach 2**31 - 1 got ids Word refuses)."""
    candidate = start if start <= WORD_ID_MAX else 0
    while True:
        while candidate in used:
            candidate += 1
        if candidate > WORD_ID_MAX:
            candidate = 0
            continue
        used.add(candidate)
        yield candidate
        candidate += 1


class _Revisions:
    """Tracked changes by report-check, numbered after the document's own ids."""

    def __init__(self, body, stamp: str) -> None:
        used = {int(v) for e in body.iter() for k, v in e.attrib.items() if k == f"{W}id" and v.isdigit()}
        self._ids = free_ids(used, max(used, default=0) + 1000)
        self._stamp = stamp

    def _mark(self, tag: str):
        from docx.oxml.ns import qn
        from docx.oxml.parser import OxmlElement
        return OxmlElement(tag, attrs={qn("w:id"): str(next(self._ids)), qn("w:author"): AUTHOR,
                                       qn("w:date"): self._stamp})

    def replace(self, first_run, last_run, text: str) -> None:
        parent = first_run.getparent()
        runs = [r for r in list(parent)[parent.index(first_run):parent.index(last_run) + 1] if r.tag == f"{W}r"]
        deleted = self._mark("w:del")
        first_run.addprevious(deleted)
        for run in runs:
            for t in run.findall(f"{W}t"):
                t.tag = f"{W}delText"
            deleted.append(run)
        inserted = self._mark("w:ins")
        deleted.addnext(inserted)
        inserted.append(_run_like(runs[0], text))

    def insert_paragraph(self, source: SourceMap, change: Suggestion) -> None:
        """A new paragraph after the one that holds the character before the change's place."""
        offset = source.source_offset(max(change.span[0] - 1, 0))
        if offset is None:
            return
        line = source.lines[source.line_at(offset)[0]]
        after = line.element
        if after.tag != f"{W}p":
            return
        new = after.makeelement(after.tag, {})
        props = after.find(f"{W}pPr")
        props = copy.deepcopy(props) if props is not None else new.makeelement(f"{W}pPr", {})
        for numbering in props.findall(f"{W}numPr"):
            props.remove(numbering)
        for old in props.findall(f"{W}rPr"):
            props.remove(old)
        mark = props.makeelement(f"{W}rPr", {})
        mark.append(self._mark("w:ins"))
        props.append(mark)
        new.append(props)
        inserted = self._mark("w:ins")
        template = after.find(f".//{W}r")
        inserted.append(_run_like(template, change.text))
        new.append(inserted)
        after.addnext(new)


def _run_like(template, text: str):
    """A run with `template`'s character properties holding `text`."""
    from docx.oxml.parser import OxmlElement
    run = OxmlElement("w:r")
    props = template.find(f"{W}rPr") if template is not None else None
    if props is not None:
        run.append(copy.deepcopy(props))
    t = OxmlElement("w:t")
    t.text = xml_safe(text)
    run.append(t)
    return run
