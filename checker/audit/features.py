"""What the audit keeps of each report beyond its verdict, for comparing reports with
each other and with last year's: sentences as MinHash signatures of jieba word 3-grams,
and the words of each shortcoming, plan item and the measures."""
from __future__ import annotations

import re

import numpy as np

from .. import segment
from ..model import Node, ReportResult

NUM_PERM = 64
SCHEME = "affine32"          # datasketch's hashing scheme; stored signatures are only comparable within one
MIN_SENTENCE = 30
_SENTENCES = re.compile(r"[^。!?;\n]+[。!?;]?")


def unit_name(result: ReportResult) -> str:
    issuer = result.outline.issuer if result.outline else None
    return re.sub(r"\s+", "", issuer) if issuer else ""


def _node_at(result: ReportResult, section_id: str) -> Node | None:
    section = next((s for s in result.sections if s.id == section_id), None)
    if not section or not section.span:
        return None
    return next((n for n in result.outline.nodes if n.start == section.span[0]), None)


def _item_words(result: ReportResult, section_id: str) -> list[dict]:
    node = _node_at(result, section_id)
    if node is None:
        return []
    spans = [c.span for c in node.children] or [node.body_span]
    norm = result.document.norm
    return [{"text": result.document.excerpt(s, 40), "words": sorted(set(segment.words(norm[s[0]:s[1]])))}
            for s in spans]


def extract(result: ReportResult) -> tuple[dict, bytes]:
    """(JSON-able features, signatures as bytes: one row of NUM_PERM uint64 per sentence)."""
    from datasketch import MinHash
    doc, outline = result.document, result.outline
    body = doc.norm[outline.preamble_span[0]:outline.body_end]
    sentences, shingles = [], []
    for m in _SENTENCES.finditer(body):
        text = m.group(0).strip()
        if sum(1 for c in text if not c.isspace()) < MIN_SENTENCE:
            continue
        words = segment.words(text)
        grams = {" ".join(words[i:i + 3]).encode() for i in range(max(1, len(words) - 2))}
        start = outline.preamble_span[0] + m.start()
        sentences.append({"line": doc.line_of(start), "excerpt": doc.excerpt((start, start + len(m.group(0))), 50)})
        shingles.append(list(grams))
    signatures = MinHash.bulk(shingles, num_perm=NUM_PERM, scheme=SCHEME) if shingles else []
    blob = np.array([m.hashvalues for m in signatures], dtype=np.uint64).tobytes() if signatures else b""
    measures = _node_at(result, "measures")
    features = {
        "unit": unit_name(result),
        "year": outline.year,
        "sentences": sentences,
        "shortcomings": _item_words(result, "shortcomings"),
        "plan": _item_words(result, "next_year"),
        "measures_words": sorted(set(segment.words(doc.norm[measures.body_span[0]:measures.body_span[1]])))
        if measures else [],
    }
    return features, blob


def signatures_of(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.uint64).reshape(-1, NUM_PERM) if blob else np.zeros((0, NUM_PERM), np.uint64)
