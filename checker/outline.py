"""The report's outline: its heading tree (headings.py) and its frame (frame/: title, addressee,
signature, issuer and year).

Works on `Document.norm` only, so full- and half-width punctuation read alike and
page furniture is invisible.
"""
from __future__ import annotations

import re

from .frame import decide_year, find_addressee, find_issuer, find_signature, find_title
from .frame import year_sources as find_year_sources
from .headings import build_tree
from .model import Document, Outline
from .pack.model import ANY_REPORT, ReportFrame
from .privacy import mask_pii


def build_outline(doc: Document, frame: ReportFrame = ANY_REPORT) -> Outline:
    """`frame`: how the pack's reports name themselves (its title words and subject)."""
    norm = doc.norm
    title, title_span = find_title(doc, frame)
    head_end = title_span[1] if title_span else 0
    if title:
        repeat = re.match(r"[\s|]*" + re.escape(title), norm[head_end:])
        if repeat:
            head_end += repeat.end()
    addressee, addressee_span = find_addressee(norm, head_end)
    if addressee_span:
        head_end = addressee_span[1]
    signature = find_signature(norm, head_end)
    body_end = signature.span[0] if signature else len(norm.rstrip())
    nodes, roots = build_tree(doc, head_end, body_end)
    preamble_span = (head_end, roots[0].start if roots else body_end)
    year_sources = find_year_sources(norm, title, preamble_span, roots, signature, frame)
    year, year_from = decide_year(year_sources)
    issuer = find_issuer(doc, title, signature, preamble_span, frame)
    return Outline(document=doc, title=mask_pii(title), title_span=title_span, addressee=mask_pii(addressee),
                   addressee_span=addressee_span, signature=signature, year=year, issuer=mask_pii(issuer),
                   preamble_span=preamble_span, body_end=body_end, nodes=nodes, roots=roots,
                   year_sources=year_sources, year_from=year_from)
