"""What the audit keeps of each report beyond its verdict, for comparing reports with
each other and with last year's: sentences as MinHash signatures of character 3-grams,
the words of each shortcoming and plan item, and the Chinese text of the measures.

Copy detection needs no words: character n-grams are the standard for Chinese
near-duplicates and cost a fraction of segmenting. jieba segments only the shortcomings
and the plan, whose items are compared word by word with last year's."""
from __future__ import annotations

import functools
import json
import re

import numpy as np

from .. import segment, spans
from ..model import CheckedReport, Node, ReportResult
from ..normalize import visible_length
from ..pack.model import Pack

NUM_PERM = 64
SCHEME = "affine32"          # datasketch's hashing scheme: values below 2**32, stored as uint32
SHINGLE = 3              # characters per shingle; shingle_hashes packs 21 bits per character, so at most 3
MIN_SENTENCE = 30
_SENTENCES = re.compile(r"[^。!?;\n]+[。!?;]?")
_BLANKS = re.compile(r"\s+")
_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")   # plan words are Han only; figures (and phone numbers) are dropped


def unit_name(result: ReportResult) -> str:
    issuer = result.outline.issuer if result.outline else None
    return re.sub(r"\s+", "", issuer) if issuer else ""


def _part(result: ReportResult, pack: Pack, role: str) -> Node | None:
    """The node of the part that plays `role` in this pack (None if absent): the node the
    rules read, so a part made of theme headings is all of them, not its first."""
    section = pack.section_with_role(role)
    return next((s.node for s in result.sections if section and s.id == section.id), None)


def _items(result: CheckedReport, pack: Pack, role: str) -> list[dict]:
    node = _part(result, pack, role)
    if node is None:
        return []
    doc = result.document
    return [{"text": doc.excerpt(s, 40), "words": sorted(set(segment.words(doc.norm[s[0]:s[1]])))}
            for s in spans.items(doc.norm, node)]


SEED = 1                 # datasketch's default


def _permutations(seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations h → a·h + b (a odd), drawn as datasketch draws them.
    Made here because importing datasketch pulls in scipy, 0.46 s in every worker, for these
    128 numbers; a test holds them and the signatures equal to datasketch's own."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


_A, _B = _permutations()


def _fmix(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, datasketch's pre-mix of every input hash."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


_FOLD = np.uint64(0x9E3779B97F4A7C15)   # a shingle's 63-bit code, multiplied, keeps its top 32 bits
_BATCH = 50_000                          # characters per array pass: memory stays bounded on a huge report


def shingle_hashes(chars: str) -> np.ndarray:
    """The 32-bit input hash of each character 3-gram of `chars` (no blanks), in order."""
    codes = np.frombuffer(chars.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - SHINGLE + 1
    keys = np.zeros(max(n, 0), dtype=np.uint64)
    for j in range(SHINGLE):   # 21 bits per code point: injective for up to 3 characters
        keys |= codes[j:j + n] << np.uint64(21 * (SHINGLE - 1 - j))
    return ((keys * _FOLD) >> np.uint64(32)).astype(np.uint32)


def _signatures(sentences: list[str]) -> np.ndarray:
    """datasketch's affine32 MinHash of each sentence's 3-grams (fmix, then a·h+b, minimum),
    for many sentences in one array pass: datasketch itself hashes each 3-gram in Python,
    which cost more than checking the report."""
    rows, batch, size = [], [], 0
    for sentence in sentences:
        batch.append(_BLANKS.sub("", sentence))
        size += len(batch[-1])
        if size >= _BATCH:
            rows.append(_batch_signatures(batch))
            batch, size = [], 0
    if batch:
        rows.append(_batch_signatures(batch))
    return np.concatenate(rows) if rows else np.zeros((0, NUM_PERM), np.uint32)


_scratch = np.zeros((NUM_PERM, 0), np.uint32)


def _batch_signatures(chars: list[str]) -> np.ndarray:
    """The signature of each sentence in `chars`: every 3-gram's value under every permutation,
    held a permutation to a row, so each sentence's minimum reads consecutive memory (2.4
    times faster than a 3-gram to a row). The values go into one scratch array the process
    keeps: a fresh one for each report (a megabyte) cost more in page faults than the arithmetic."""
    global _scratch
    lengths = np.array([len(c) for c in chars])
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    hashes = _fmix(shingle_hashes("".join(chars)))
    if _scratch.shape[1] < len(hashes):
        _scratch = np.empty((NUM_PERM, len(hashes)), np.uint32)
    values = np.multiply.outer(_A, hashes, out=_scratch[:, :len(hashes)])
    values += _B[:, None]
    straddling = np.add.outer(starts + lengths - SHINGLE + 1, np.arange(SHINGLE - 1)).ravel()
    values[:, straddling[straddling < len(hashes)]] = np.iinfo(np.uint32).max   # 3-grams across two sentences
    return np.minimum.reduceat(values, starts, axis=1).T


@functools.lru_cache(maxsize=16)
def _any_of(phrases: tuple[str, ...]) -> re.Pattern | None:
    """One search for a pack's boilerplate phrases instead of one `in` per phrase and sentence."""
    return re.compile("|".join(map(re.escape, phrases))) if phrases else None


def extract(result: CheckedReport, pack: Pack) -> tuple[dict, bytes]:
    """(JSON-able features, signatures as bytes: one row of NUM_PERM uint32 per long sentence
    that holds none of the pack's `boilerplate`, its excerpt at the same place in `excerpts`).
    The parts compared year to year are those the pack's sections name by `role`."""
    doc, outline = result.document, result.outline
    excerpts, texts = [], []
    boilerplate = _any_of(tuple(pack.boilerplate))
    for m in _SENTENCES.finditer(doc.norm, outline.preamble_span[0], outline.body_end):
        text = m.group(0).strip()
        if visible_length(text) >= MIN_SENTENCE and not (boilerplate and boilerplate.search(text)):
            excerpts.append(doc.excerpt(m.span(), 50))
            texts.append(text)
    blob = _signatures(texts).tobytes() if texts else b""
    measures = _part(result, pack, "measures")
    features = {
        "excerpts": excerpts,   # first: excerpts_of() reads only them
        "unit": unit_name(result),
        "year": outline.year,
        "shortcomings": _items(result, pack, "shortcomings"),
        "plan": _items(result, pack, "plan"),
        "measures_text": _NOT_HAN.sub(" ", doc.norm[slice(*measures.body_span)]) if measures else "",
    }
    return features, blob


_EXCERPTS = '{"excerpts": '
_DECODER = json.JSONDecoder()


def excerpts_of(features_json: str) -> list[str]:
    """The excerpts of a report's long sentences, from its features' JSON text without parsing
    the rest: similarity quotes a sentence of thousands of reports, and parsing each report's
    whole features was a fifth of the audit's last, single-core step."""
    if features_json.startswith(_EXCERPTS):
        return _DECODER.raw_decode(features_json, len(_EXCERPTS))[0]
    return json.loads(features_json)["excerpts"]


def signatures_of(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.uint32).reshape(-1, NUM_PERM) if blob else np.zeros((0, NUM_PERM), np.uint32)
