"""`report-check audit`, finding what is shared: copies of one text (MinHash/LSH over sentence
signatures, boilerplate set aside), and this year against last year's reports."""
from __future__ import annotations

import json
import os
import re
import shutil

import pytest

from checker.audit import run_audit
from checker.engine import check_path

from .conftest import ROOT, SEEDS


def _planted(tmp_path):
    """Two units; the second pastes a paragraph of the first into its measures."""
    root = tmp_path / "今年"
    root.mkdir()
    first = SEEDS[4].read_text("utf-8")
    paragraph = first.splitlines()[13]   # 三是深化矛盾排查化解。… (several sentences)
    second = SEEDS[2].read_text("utf-8").replace("(四)强化应急法治服务保障", paragraph + "\n(四)强化应急法治服务保障")
    (root / "县街街道.txt").write_text(first, encoding="utf-8")
    (root / "新市街道.txt").write_text(second, encoding="utf-8")
    for seed in (SEEDS[0], SEEDS[1], SEEDS[3]):
        shutil.copy(seed, root / seed.name)
    return root, paragraph


def test_planted_copy_is_found_and_unrelated_reports_are_not_paired(tmp_path, pack):
    root, paragraph = _planted(tmp_path)
    data = run_audit([str(root)], pack, 1, None, 10 ** 8)
    copies = [s for s in data.similar if s["kind"] == "copied"]
    assert len(copies) == 1
    assert {os.path.basename(copies[0]["a"]), os.path.basename(copies[0]["b"])} == {"县街街道.txt", "新市街道.txt"}
    assert copies[0]["count"] >= 2 and copies[0]["excerpt"][:10] in paragraph.replace(" ", "")


def test_boilerplate_is_told_by_what_the_text_is(tmp_path, pack):
    """Sentences holding the pack's boilerplate (上级文件原话) are not evidence of copying; the
    same pasted paragraph without it is."""
    from dataclasses import replace
    root, paragraph = _planted(tmp_path)
    words = [part.strip()[2:10] for part in re.split(r"[。!?;；]", paragraph) if len(part.strip()) >= 12]
    marked = replace(pack, boilerplate=pack.boilerplate + words)   # words of each pasted sentence
    assert not [s for s in run_audit([str(root)], marked, 1, None, 10 ** 8).similar if s["kind"] == "copied"]
    assert [s for s in run_audit([str(root)], pack, 1, None, 10 ** 8).similar if s["kind"] == "copied"]


def test_mass_copying_is_one_group_and_real_reports_stay_unpaired(tmp_path, pack):
    """Audit trust: 13 reports identical but for the unit's name took places 1–8 with 100 and
    were not flagged (a sentence in many units counted as template text); nine near-copies
    showed as a few pairs. Now each is one group, listed once with every member, among the
    219 real report openings of the corpus, none of which is paired with another. Light
    rewrites (other figures, reworded phrases) are a group too: copy detection must survive
    the change from word to character 3-grams and any later one."""
    import random
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from audit_bench import renamed
    from copy_quality import reworded

    from checker.audit.table import similar_rows, summary_rows

    from .test_corpus import CORPUS
    folder = tmp_path / "全市"
    folder.mkdir()
    model, near = SEEDS[1].read_text("utf-8"), SEEDS[2].read_text("utf-8")
    for i in range(13):
        (folder / f"抄{i:02d}.txt").write_text(model.replace("川沙新镇", f"第{i}号镇").replace("川沙", f"第{i}号"),
                                              encoding="utf-8")
    for i in range(9):   # light paraphrase: about a third of the sentences rewritten, differently in each
        rnd = random.Random(i)
        parts = re.split("(。)", near.replace("新市街道", f"第{i}号社区街道").replace("新市", f"第{i}号社区"))
        (folder / f"近{i:02d}.txt").write_text("".join(p[::-1] if p != "。" and rnd.random() < 0.35 else p
                                                      for p in parts), encoding="utf-8")
    rewritten = SEEDS[3].read_text("utf-8")
    for i in range(9):   # light rewrites (bench/copy_quality.py's): figures and phrases changed in a third
        (folder / f"改{i:02d}.txt").write_text(reworded(renamed(rewritten, f"第{i}号乡"), random.Random(i),
                                                        0.35), encoding="utf-8")
    real = sorted(CORPUS.glob("*.txt"))
    for path in real:
        (folder / path.name).write_text(path.read_text("utf-8"), encoding="utf-8")
    data = run_audit([str(folder)], pack, 2, None, 10 ** 8)
    groups = [s for s in data.similar if s.get("members")]
    named = sorted(sorted(os.path.basename(p) for p in g["members"]) for g in groups)
    assert named == [[f"抄{i:02d}.txt" for i in range(13)], [f"改{i:02d}.txt" for i in range(9)],
                     [f"近{i:02d}.txt" for i in range(9)]]
    assert all(g["kind"] == "copied" and g["share"] >= 0.4 and g["count"] >= 2 for g in groups)
    corpus = {p.name for p in real}
    assert not [s for s in data.similar if {os.path.basename(s["a"]), os.path.basename(s["b"])} & corpus]
    assert sum(1 for row in similar_rows(data)[1] if row[0].startswith("内容基本相同：以下 13 份")) == 1
    header, rows = summary_rows(data)
    column = header.index("雷同")
    marks = {os.path.basename(row[2]): row[column] for row in rows}
    assert all(marks[f"抄{i:02d}.txt"].startswith("与另 12 份报告内容基本相同") for i in range(13))
    assert not any(marks[name] for name in corpus)


def _renamed_parts_pack(folder) -> str:
    """The default pack with its parts under other ids (their roles kept)."""
    import yaml

    from checker.pack import resolve
    text = open(resolve(None), encoding="utf-8").read()
    for old, new in (("measures", "ju_cuo"), ("shortcomings", "bu_zu"), ("next_year", "an_pai")):
        text = re.sub(rf"(?<!role: )\b{old}\b(?!_)", new, text)
    data = yaml.safe_load(text)
    data["id"] = "renamed-parts"
    assert {"ju_cuo", "bu_zu", "an_pai"} <= {s["id"] for s in data["sections"]}
    path = folder / "renamed.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("renamed", [False, True], ids=["default-pack", "parts-under-other-ids"])
def test_last_year_repeats_and_dropped_plans(tmp_path, pack, renamed):
    """Architecture review: the audit named the parts by id, so a pack with other ids silently
    lost the year-over-year analysis. It now finds them by their `role`."""
    if renamed:
        from checker.pack import load_pack
        pack = load_pack(_renamed_parts_pack(tmp_path))
    this_year = tmp_path / "2021"
    last_year = tmp_path / "2020"
    this_year.mkdir()
    last_year.mkdir()
    report = SEEDS[4].read_text("utf-8")
    (this_year / "县街街道.txt").write_text(report, encoding="utf-8")
    old = (report.replace("2022年", "2021年").replace("2021年", "2020年", 3)
           .replace("三是完善制度机制。", "四是建设智慧法务平台。年底前建成电子卷宗和远程庭审系统,实现无纸化办案全覆盖。\n三是完善制度机制。"))
    (last_year / "县街街道2020.txt").write_text(old, encoding="utf-8")
    data = run_audit([str(this_year)], pack, 1, None, 10 ** 8, previous=[str(last_year)])
    kinds = {(s["kind"], s["excerpt"][:6]) for s in data.similar}
    assert ("repeated_from_last_year", "一是法治意识") in kinds
    assert any(k == "plan_not_followed" and "智慧法务" in e for k, e in
               ((s["kind"], s["excerpt"]) for s in data.similar))
    assert not any(s["kind"] == "plan_not_followed" and "提升能力素质" in s["excerpt"] for s in data.similar)


def test_similarity_from_cache_equals_a_fresh_computation(tmp_path, pack):
    root, _ = _planted(tmp_path)
    cache = str(tmp_path / "c.db")
    fresh = run_audit([str(root)], pack, 1, cache, 10 ** 8)
    warm = run_audit([str(root)], pack, 1, cache, 10 ** 8)
    assert warm.cached == 5 and warm.similar == fresh.similar and len(fresh.similar) == 1
    (root / "新市街道.txt").write_text(SEEDS[2].read_text("utf-8"), encoding="utf-8")   # copy removed
    assert run_audit([str(root)], pack, 1, cache, 10 ** 8).similar == []


def test_lsh_links_are_exactly_the_close_rows_that_share_a_band(monkeypatch):
    """Grouping by sorting (n log n), all in whole arrays, gives the links the definition gives:
    per band, every set of two or more sentences whose band values are equal links its first
    sentence to each other one whose signature agrees on at least THRESHOLD of its values."""
    import numpy as np

    from checker.audit import signature_store, similarity
    from checker.audit.features import NUM_PERM
    from checker.audit.similarity import BANDS, ROWS, THRESHOLD, _links, _Ranks
    rng = np.random.default_rng(7)
    signatures = rng.integers(0, 2 ** 32, size=(3000, NUM_PERM), dtype=np.uint32)
    signatures[rng.integers(0, 3000, 200)] = signatures[rng.integers(0, 3000, 200)]        # whole copies
    signatures[:50, :ROWS] = signatures[50:100, :ROWS]                                       # one band shared
    near = rng.integers(0, 3000, 100)
    signatures[near, :40] = signatures[rng.integers(0, 3000, 100), :40]                      # 40 of 64 values: not close
    signatures[near[:50], 40:56] = signatures[rng.integers(0, 3000, 50), 40:56]
    # one sentence copied into many reports, one copied 40 times that also shares a band with an
    # earlier row (which then anchors that band's bucket), and a near copy of it
    signatures[rng.integers(200, 3000, 80)] = signatures[150]
    signatures[2400:2440] = signatures[2300]
    signatures[120, :ROWS] = signatures[2300, :ROWS]
    signatures[130] = signatures[2300]
    signatures[130, :8] = rng.integers(0, 2 ** 32, 8, dtype=np.uint32)
    signatures[2900:2903] = signatures[2899] ^ np.uint32(1)   # three alike, unlike the rest
    expected = set()
    for band in range(BANDS):
        buckets: dict[bytes, list[int]] = {}
        for i, row in enumerate(signatures[:, band * ROWS:(band + 1) * ROWS]):
            buckets.setdefault(row.tobytes(), []).append(i)
        for rows in buckets.values():
            expected |= {(rows[0], i) for i in rows[1:]
                         if (signatures[rows[0]] == signatures[i]).mean() >= THRESHOLD}
    cuts = sorted(rng.integers(0, 3000, 40).tolist() + [1500, 1500])   # reports of any size, one empty
    blocks = np.split(signatures, cuts)
    monkeypatch.setattr(signature_store, "PAGE_ROWS", 256)   # reports across pages, keyed a page at a time,
    monkeypatch.setattr(similarity, "_SCAN", 7)              # buckets spanning the scan's steps,
    monkeypatch.setattr(similarity, "_CHUNK", 50)            # compared a few pairs at a time
    store = signature_store.SignatureStore()
    for i in rng.permutation(len(blocks)).tolist():           # answers arrive in any order: ranks follow paths
        store.add(f"{i:03d}.txt", "", blocks[i].tobytes())
    for threads in (1, 4):
        anchors, members = _links(store, _Ranks(store), threads)
        found = list(zip(anchors.tolist(), members.tolist()))
        assert found == sorted(expected) and len(found) > 300


def test_the_store_gives_back_each_rows_signature_and_its_pages_hold_them_in_planes(monkeypatch):
    """Rows added report by report across pages come back whole from take (in any order), and
    each page's plane p holds values p·PLANE … of its rows: what keying reads."""
    import numpy as np

    from checker.audit import signature_store
    from checker.audit.features import NUM_PERM
    monkeypatch.setattr(signature_store, "PAGE_ROWS", 64)
    rng = np.random.default_rng(3)
    signatures = rng.integers(0, 2 ** 32, size=(500, NUM_PERM), dtype=np.uint32)
    store = signature_store.SignatureStore()
    for i, block in enumerate(np.split(signatures, [0, 3, 70, 70, 200, 330, 333])):
        store.add(f"{i}.txt", "", block.tobytes())
    rows = rng.permutation(500)
    assert (store.take(rows) == signatures[rows]).all()
    plane = signature_store.PLANE
    for first, planes in store.pages():
        for p in range(NUM_PERM // plane):
            assert (planes[p] == signatures[first:first + planes.shape[1], p * plane:(p + 1) * plane]).all()
    assert sum(planes.shape[1] for _, planes in store.pages()) == 500


def test_every_copy_planted_in_a_store_of_several_pages_is_found(monkeypatch):
    """The scale benchmark's batch (copies of earlier reports, a fifth of them reworded, and
    phrases many units share) in a store of many pages: every planted copy is found."""
    from pathlib import Path

    from checker.audit import signature_store
    monkeypatch.setattr(signature_store, "PAGE_ROWS", 4096)
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "bench"))
    import scale
    found = scale.similarity_stage(1500, [20, 66, 90])
    assert found["sentences"] > 10 * 4096 and found["planted"] > 15 and found["missed"] == 0


def test_similarity_uses_no_more_threads_than_the_audit_was_given(folder, pack, monkeypatch):
    """-j 1 is how an office keeps an audit to one core; finding copies took four threads anyway."""
    from checker.audit import similarity
    widths = []

    class Pool(similarity.ThreadPoolExecutor):
        def __init__(self, workers):
            widths.append(workers)
            super().__init__(workers)
    monkeypatch.setattr(similarity, "ThreadPoolExecutor", Pool)
    run_audit([str(folder)], pack, 1, None, 10 ** 8)
    run_audit([str(folder)], pack, 8, None, 10 ** 8)
    assert widths == [1, similarity.MOST_THREADS]


def test_shared_texts_are_the_links_grouped_in_order_of_first_appearance():
    """The links of a mass copy are grouped in arrays: the result is exactly the pair-by-pair
    reading of the links in order (pairs as they first appear, each pair's distinct texts as
    they first appear), with sentences of equal text counted once; pairs linked by fewer
    sentences than a pair needs are left out before any sentence is looked up."""
    from collections import defaultdict

    import numpy as np

    from checker.audit.similarity import MIN_SHARED, _shared_texts
    rng = np.random.default_rng(5)
    dropped = 0
    for _ in range(50):
        n = int(rng.integers(1, 400))
        row = np.sort(rng.integers(0, 60, n))
        member = rng.integers(0, 300, n)
        links = sorted(set(zip(row.tolist(), member.tolist())))
        row, member = np.array([r for r, _ in links]), np.array([m for _, m in links])
        a, b = row // 10, member // 10 + 7
        text = {r: f"句{r % 17}" for r in range(60)}             # some sentences share a text
        expected: dict = defaultdict(list)
        rows: dict = defaultdict(set)
        for r, ra, rb in zip(row.tolist(), a.tolist(), b.tolist()):
            expected[(ra, rb)].append(text[r])
            rows[(ra, rb)].add(r)
        expected = {pair: list(dict.fromkeys(texts)) for pair, texts in expected.items()
                    if len(rows[pair]) >= MIN_SHARED}      # linked by one sentence: no pair, nothing looked up
        looked_up: list[int] = []

        def excerpt(r: int, looked_up: list = looked_up, text: dict = text) -> str:
            looked_up.append(r)
            return text[r]
        found = _shared_texts(a, b, row, excerpt)
        assert list(found.items()) == list(expected.items())
        assert set(looked_up) == {r for pair in expected for r in rows[pair]}
        dropped += len(rows) - len(expected)
    assert dropped > 100


def test_sentence_signatures_are_datasketchs_minhash_of_their_3_grams():
    """The signatures are computed for a whole report in a few array operations; they must be
    exactly what datasketch's MinHash (affine32, its own permutations) gives for each sentence's
    3-gram hashes, also when a long report is taken in several batches."""
    import random

    import numpy as np
    from datasketch import MinHash

    from checker.audit import features
    rnd = random.Random(7)
    sentences = ["".join(chr(rnd.randrange(0x4E00, 0x4E60)) for _ in range(rnd.randrange(30, 90))) + " 年 12 月。"
                 for _ in range(60)]
    expected = []
    for sentence in sentences:
        minhash = MinHash(num_perm=features.NUM_PERM, scheme=features.SCHEME, hashfunc=int)
        minhash.update_batch([int(h) for h in features.shingle_hashes(re.sub(r"\s+", "", sentence))])
        expected.append(minhash.hashvalues)
    assert np.array_equal(features._signatures(sentences), np.array(expected, dtype=np.uint32))
    original = features._BATCH
    try:
        features._BATCH = 500
        assert np.array_equal(features._signatures(sentences), np.array(expected, dtype=np.uint32))
    finally:
        features._BATCH = original


def test_the_audit_compares_the_whole_part_the_rules_read_also_when_it_is_made_of_themes(pack):
    """A measures part made of theme headings is all of them (the node the rules read), not its
    first theme: last year's plan is looked for in all this year's measures."""
    from pathlib import Path

    from checker.audit import features
    themed = 0
    for path in sorted((Path(__file__).parent / "corpus").glob("*.txt")):
        result = check_path(str(path), pack)
        measures = next((s for s in result.sections if s.id == "measures"), None)
        if result.status != "checked" or measures is None or measures.found_by != "themes":
            continue
        themed += 1
        node = features._part(result, pack, "measures")
        assert (node.start, node.end) == measures.span, path.name
        extracted, _ = features.extract(result, pack)
        body = result.document.norm[slice(*node.body_span)]
        assert extracted["measures_text"] == features._NOT_HAN.sub(" ", body)
    assert themed > 20


def test_excerpts_are_read_from_the_features_text_alone_as_a_full_parse_reads_them(pack):
    from checker.audit import features
    from checker.documents import read_document
    from checker.engine import check_document
    result = check_document(read_document(str(SEEDS[0])), pack)
    found, blob = features.extract(result, pack)
    text = json.dumps(found, ensure_ascii=False)
    assert len(found["excerpts"]) == len(features.signatures_of(blob)) > 10
    assert features.excerpts_of(text) == found["excerpts"]
    assert features.excerpts_of(json.dumps(found, separators=(",", ":"))) == found["excerpts"]
