"""What the audit keeps of each report beyond its verdict, for comparing reports with
each other and with last year's: sentences as MinHash signatures of jieba word 3-grams,
and the words of each shortcoming, plan item and the measures."""
from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash

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


def _words_within(sentences: list[tuple[int, int, list[str]]], span: tuple[int, int]) -> list[str]:
    return sorted({w for start, end, words in sentences if start >= span[0] and end <= span[1] for w in words})


def _items(result: ReportResult, section_id: str, sentences) -> list[dict]:
    node = _node_at(result, section_id)
    if node is None:
        return []
    spans = [c.span for c in node.children] or [node.body_span]
    return [{"text": result.document.excerpt(s, 40), "words": _words_within(sentences, s)} for s in spans]


def extract(result: ReportResult, boilerplate: list[str] = ()) -> tuple[dict, bytes]:
    """(JSON-able features, signatures as bytes: one row of NUM_PERM uint64 per long sentence
    that holds none of the pack's `boilerplate`). Each sentence of the body is segmented
    once; items and parts take the words of the sentences they hold."""
    doc, outline = result.document, result.outline
    offset = outline.preamble_span[0]
    sentences, long_sentences, shingles = [], [], []
    for m in _SENTENCES.finditer(doc.norm, offset, outline.body_end):
        text = m.group(0).strip()
        if not text:
            continue
        words = segment.words(text)
        sentences.append((m.start(), m.end(), words))
        if sum(1 for c in text if not c.isspace()) >= MIN_SENTENCE and not any(b in text for b in boilerplate):
            long_sentences.append({"line": doc.line_of(m.start()), "excerpt": doc.excerpt(m.span(), 50)})
            shingles.append([" ".join(words[i:i + 3]).encode() for i in range(max(1, len(words) - 2))])
    signatures = MinHash.bulk(shingles, num_perm=NUM_PERM, scheme=SCHEME) if shingles else []
    blob = np.array([m.hashvalues for m in signatures], dtype=np.uint64).tobytes() if signatures else b""
    measures = _node_at(result, "measures")
    features = {
        "unit": unit_name(result),
        "year": outline.year,
        "sentences": long_sentences,
        "shortcomings": _items(result, "shortcomings", sentences),
        "plan": _items(result, "next_year", sentences),
        "measures_words": _words_within(sentences, measures.body_span) if measures else [],
    }
    return features, blob


def signatures_of(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.uint64).reshape(-1, NUM_PERM) if blob else np.zeros((0, NUM_PERM), np.uint64)
