"""Section statuses survive what happens to real reports on their way to us: a part
deleted (then it must be reported missing), lines reflowed, punctuation width switched,
CRLF, GBK bytes, a BOM, web-page furniture."""
from __future__ import annotations

import re

import pytest

from checker.documents import read_document
from checker.engine import check_document, check_path
from checker.normalize import fold

from .conftest import SEEDS, check_text, statuses

_TO_FULL = {c: chr(ord(c) + 0xFEE0) for c in ",:;()%!?"}


def seed_text(path) -> str:
    return path.read_text("utf-8")


@pytest.fixture(scope="module")
def baseline(pack):
    return {p.name: statuses(check_path(str(p), pack)) for p in SEEDS}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_reflowed_onto_one_line(seed, pack, baseline):
    one_line = " ".join(line.strip() for line in seed_text(seed).splitlines() if line.strip())
    assert statuses(check_text(one_line, pack)) == baseline[seed.name]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_full_width_punctuation(seed, pack, baseline):
    full = seed_text(seed).translate(str.maketrans(_TO_FULL))
    assert full != seed_text(seed)
    assert statuses(check_text(full, pack)) == baseline[seed.name]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_half_width_punctuation(seed, pack, baseline):
    assert statuses(check_text(fold(seed_text(seed)), pack)) == baseline[seed.name]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_crlf_gbk_and_bom(seed, pack, baseline, tmp_path):
    text = seed_text(seed).replace("\n", "\r\n")
    for name, data in (("gbk.txt", text.encode("gb18030")), ("bom.txt", b"\xef\xbb\xbf" + text.encode("utf-8"))):
        path = tmp_path / name
        path.write_bytes(data)
        assert statuses(check_document(read_document(str(path)), pack)) == baseline[seed.name], name


FURNITURE_HEAD = ("索引号：11310115MB2F12345X/2025-00123　　主题分类：综合政务\n"
                  "发布机构：某某街道办事处　　发文日期：2025-03-20\n"
                  "【字体：大 中 小】　打印本页　关闭窗口\n")
FURNITURE_TAIL = "\n分享到：\n【打印】【关闭】\n相关链接：\n"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_web_page_furniture(seed, pack, baseline):
    result = check_text(FURNITURE_HEAD + seed_text(seed) + FURNITURE_TAIL, pack)
    assert statuses(result) == baseline[seed.name]
    for f in result.findings:
        assert not re.search("索引号|发布机构|打印本页|分享到", (f.excerpt or "") + f.message)


def _delete_section(text: str, heading: str, next_heading: str | None) -> str:
    start = text.index(heading)
    end = text.index(next_heading, start + len(heading)) if next_heading else len(text)
    return text[:start] + text[end:]


def _parts(result):
    """(section id, heading text, following top-level heading text) for each own part."""
    doc = result.document
    roots = result.outline.roots
    out = []
    for s in result.sections:
        if s.status in ("ok", "weak"):
            node = next(n for n in roots if n.start == s.span[0])
            i = roots.index(node)
            nxt = doc.text[roots[i + 1].start:roots[i + 1].title_span[1]] if i + 1 < len(roots) else None
            out.append((s.id, doc.text[node.start:node.title_span[1]], nxt))
    return out


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_deleting_a_part_makes_it_missing(seed, pack):
    text = seed_text(seed)
    original = check_text(text, pack)
    parts = _parts(original)
    assert parts
    for section_id, heading, next_heading in parts:
        if next_heading is None and original.outline.signature:
            next_heading = original.document.text[original.outline.signature.span[0]:][:12]
        result = check_text(_delete_section(text, heading, next_heading), pack)
        expected = "missing" if pack.section(section_id).required else "absent"
        assert statuses(result)[section_id] == expected, (seed.name, section_id)


def test_folding_and_dropping_invisibles_are_exactly_a_per_character_mapping():
    """The fast fold and invisible-character filter (scanned in C) give exactly what mapping
    every character through the tables gives, on text mixing every mapped character with
    ordinary and random ones: offsets into the folded text must stay offsets into the original."""
    import random

    from checker import normalize
    rnd = random.Random(3)
    pool = [chr(c) for c in [*normalize._FOLD, *normalize.INVISIBLE]] + list("ab 中文，。、\n\t") + \
        [chr(rnd.randrange(0, 0x30000)) for _ in range(300)]
    for _ in range(5000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randrange(0, 40)))
        assert fold(text) == text.translate(normalize._FOLD)
        assert len(fold(text)) == len(text)
        assert normalize.drop_invisible(text) == text.translate(normalize.INVISIBLE)
