"""Rule packs: a broken pack is refused with its file, line and what is wrong; extends,
overrides and switches work; ids stay strings."""
from __future__ import annotations

import re
import textwrap

import pytest

from checker.errors import PackError
from checker.kinds import KINDS
from checker.pack import load_pack
from checker.pack.schema import schema

from .conftest import SEEDS, check_text, rule_ids


def write(tmp_path, name: str, body: str):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return str(path)


def refused(path: str) -> str:
    with pytest.raises(PackError) as e:
        load_pack(path)
    return str(e.value)


def test_schema_kinds_are_the_registered_kinds():
    assert set(schema()["$defs"]["rule"]["properties"]["kind"]["enum"]) == set(KINDS)


def test_default_pack_loads_and_every_rule_cites_a_basis(pack):
    assert pack.id == "fazhi-annual-report" and len(pack.rules) >= 30
    for rule in pack.rules:
        assert rule.basis["text"] and (rule.basis.get("title") or rule.basis.get("level") == "实务建议"), rule.id


@pytest.mark.parametrize("name", ["fazhi-annual-report", "fazhi-department", "fazhi-township"])
def test_every_shipped_rule_has_a_short_title_of_its_own(name):
    titles = [rule.get("title") for rule in load_pack(name).rules]
    assert all(titles) and len(set(titles)) == len(titles)


def test_a_rule_without_a_title_is_named_by_its_message_without_placeholders(tmp_path):
    child = load_pack(write(tmp_path, "child.yaml", CHILD))
    assert child.rule("LOCAL-DIGITAL").title == "请报告“一网通办”推进情况"
    assert child.rule("TITLE-MISSING").title == "没有报告标题"          # inherited with its title
    pack = load_pack(write(tmp_path, "p.yaml", """\
        id: x
        version: '1'
        title: t
        rules:
          - {id: A, kind: phrase, patterns: [a], level: info, message: "主送机关“{match}”不是党委：请改。", basis: {text: b}}
          - {id: B, kind: phrase, patterns: [a], level: info, message: "{detail}", basis: {text: b}}
        """))
    assert pack.rule("A").title == "主送机关…不是党委" and pack.rule("B").title == "B"
    refused_title = refused(write(tmp_path, "q.yaml", """\
        id: x
        version: '1'
        title: t
        rules:
          - {id: A, title: "缺少{match}", kind: phrase, patterns: [a], level: info, message: m, basis: {text: b}}
        """))
    assert "第5行" in refused_title and "title" in refused_title


CHILD = """\
    id: my-office
    version: "2.0"
    title: 某某区依法治区办规则
    extends: fazhi-annual-report
    overrides:
      STRUCT-OTHER-ABSENT: {enabled: false}
      TITLE-MISSING: {level: error, weight: 10}
    rules:
      - id: LOCAL-DIGITAL
        kind: phrase
        patterns: ["一网通办"]
        level: warning
        weight: 2
        message: 请报告“一网通办”推进情况。
        basis: {text: 本区年度工作要点}
    """


def test_extends_overrides_and_new_rule(tmp_path, pack):
    child = load_pack(write(tmp_path, "child.yaml", CHILD))
    assert child.id == "my-office" and len(child.rules) == len(pack.rules) + 1
    result = check_text(SEEDS[2].read_text("utf-8"), child)
    ids = rule_ids(result)
    assert "STRUCT-OTHER-ABSENT" not in ids and "LOCAL-DIGITAL" in ids
    title = next(f for f in result.findings if f.rule == "TITLE-MISSING")
    assert title.level == "error" and title.deduction == 10
    assert pack.rule("TITLE-MISSING").level == "warning"  # the base pack is untouched


@pytest.mark.parametrize("body, words", [
    ("id: x\nversion: '1'\ntitle: t\nrules:\n  - id: A\n    kind: phras\n    level: error\n    message: m\n    basis: {text: b}\n",
     ["第6行", "phras"]),
    ("id: x\nversion: '1'\ntitle: t\nrules:\n  - id: A\n    kind: phrase\n    patterns: ['(']\n    level: error\n    message: m\n    basis: {text: b}\n",
     ["第5行", "正则表达式", "写法有误"]),
    ("id: x\nversion: 1.10\ntitle: t\n", ["第2行", "加引号"]),
    ("id: x\nversion: '1'\ntitle: t\nrulez: []\n", ["不认识的字段", "rulez"]),
    ("id: x\nversion: '1'\ntitle: t\nrules:\n  - id: A\n    kind: phrase\n    patterns: [a]\n    level: error\n    message: m\n    basis: {text: b}\n    weigth: 2\n",
     ["第11行", "weigth"]),
    ("id: x\nversion: '1'\ntitle: t\nrules:\n  - {id: A, kind: order, level: info, message: m, basis: {text: b}}\n  - {id: A, kind: order, level: info, message: m, basis: {text: b}}\n",
     ["第6行", "重复"]),
    ("id: x\nversion: '1'\ntitle: t\nid: y\n", ["第4行", "重复出现"]),
    ("id: x\nversion: '1'\ntitle: [unclosed\n", ["YAML 格式错误"]),
    ("id: x\nversion: '1'\ntitle: t\nrules:\n  - {id: A, kind: section, section: nowhere, statuses: [missing], level: info, message: m, basis: {text: b}}\n",
     ["nowhere", "未定义"]),
    ("id: x\nversion: '1'\ntitle: t\nextends: fazhi-annual-report\nrules:\n  - {id: STRUCT-CAUSES, kind: order, level: info, message: m, basis: {text: b}}\n",
     ["STRUCT-CAUSES", "overrides"]),
    ("id: x\nversion: '1'\ntitle: t\nextends: fazhi-annual-report\noverrides:\n  NO-SUCH: {enabled: false}\n", ["NO-SUCH", "不存在"]),
    ("id: x\nversion: '1'\ntitle: t\nrules:\n  - {id: A, kind: relation, patterns: ['(?P<a>\\\\d+)'], level: info, message: m, basis: {text: b}}\n",
     ["whole", "part"]),
    ("id: x\nversion: '1'\ntitle: t\nrules:\n  - {id: A, kind: figures, patterns: ['(?P<label>\\\\w+)(?P<value>\\\\d+)'], level: info, message: m, basis: {text: b}}\n",
     ["figures", "(?P<unit>…)"]),
    ("", ["空文件"]),
])
def test_broken_packs_are_refused_with_line_and_reason(tmp_path, body, words):
    message = refused(write(tmp_path, "bad.yaml", body))
    assert "bad.yaml" in message
    for word in words:
        assert word in message


def test_extends_cycle(tmp_path):
    write(tmp_path, "a.yaml", "id: a\nversion: '1'\ntitle: a\nextends: b.yaml\n")
    write(tmp_path, "b.yaml", "id: b\nversion: '1'\ntitle: b\nextends: a.yaml\n")
    message = refused(str(tmp_path / "a.yaml"))
    assert "循环" in message and "b.yaml: 第4行" in message and "a.yaml → b.yaml → a.yaml" in message
    assert "请删去其中一个规则包的 extends" in message


def test_unknown_pack_reference():
    with pytest.raises(PackError, match="找不到规则包"):
        load_pack("no-such-pack")


def test_error_messages_suggest_the_fix(tmp_path):
    typo = refused(write(tmp_path, "a.yaml", "id: x\nversion: '1'\ntitle: t\nrules:\n  - id: A\n    kind: phrase\n"
                                             "    patterns: [a]\n    level: error\n    message: m\n    basis: {text: b}\n"
                                             "    weigth: 2\n"))
    assert "第11行（rules/0）：不认识的字段“weigth”，是不是要写“weight”？" in typo
    kind = refused(write(tmp_path, "b.yaml", "id: x\nversion: '1'\ntitle: t\nrules:\n  - id: A\n    kind: phras\n"
                                             "    level: error\n    message: m\n    basis: {text: b}\n"))
    assert "是不是要写“phrase”？" in kind
    regex = refused(write(tmp_path, "c.yaml", "id: x\nversion: '1'\ntitle: t\nrules:\n  - id: A\n    kind: phrase\n"
                                              "    patterns: ['(未闭合']\n    level: error\n    message: m\n"
                                              "    basis: {text: b}\n"))
    assert "括号、方括号须成对" in regex


def test_pack_from_an_installed_python_package(tmp_path):
    import subprocess
    import sys
    site = tmp_path / "site"
    package = site / "province_packs"
    package.mkdir(parents=True)
    (package / "zhejiang.yaml").write_text(
        "id: zhejiang-2025\nversion: '2025.1'\ntitle: 浙江省规则包\nextends: fazhi-annual-report\n"
        "changelog:\n  - {version: '2025.1', date: '2025-01-10', changes: [增加数字政府要求]}\n"
        "overrides:\n  STRUCT-OTHER-ABSENT: {enabled: false}\n", encoding="utf-8")
    (package / "__init__.py").write_text("import os\nPACK = os.path.join(os.path.dirname(__file__), 'zhejiang.yaml')\n",
                                         encoding="utf-8")
    info = site / "province_packs-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: province-packs\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[report_check.packs]\nzhejiang-2025 = province_packs:PACK\n",
                                           encoding="utf-8")
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    listing = subprocess.run([sys.executable, "-m", "checker", "rules", "list-packs"], capture_output=True,
                             text=True, env=env)
    assert "zhejiang-2025" in listing.stdout and "2025.1" in listing.stdout and "增加数字政府要求" in listing.stdout
    check = subprocess.run([sys.executable, "-m", "checker", "check", str(SEEDS[2]), "--rules", "zhejiang-2025",
                            "--format", "json"], capture_output=True, text=True, env=env)
    import json
    data = json.loads(check.stdout)
    assert data["rule_pack"]["id"] == "zhejiang-2025" and data["rule_pack"]["version"] == "2025.1"
    assert "STRUCT-OTHER-ABSENT" not in {f["rule"] for f in data["reports"][0]["findings"]}


def test_user_facing_text_cites_official_documents_not_our_notes():
    """Messages and bases are shown to users: they name the official document, never our notes."""
    from checker.pack import builtin_packs
    for ref in builtin_packs():
        pack = load_pack(ref)
        for rule in pack.rules:
            for text in (rule.message, rule.basis.get("text", "")):
                for internal in ("domain.md", "unverified", "种子", "seed"):
                    assert internal not in text, (pack.id, rule.id, text)


def test_a_misspelt_top_level_key_is_reported_at_its_own_line(tmp_path):
    """Architecture review: `rulez:` on line 5 was reported at line 1 (the top level), with the
    hint `你是不是想写："rulez"应为"rules"？`."""
    message = refused(write(tmp_path, "a.yaml", "id: x\nversion: '1'\ntitle: t\ndescription: d\nrulez:\n  - id: A\n"))
    assert "第5行（顶层）：不认识的字段“rulez”，是不是要写“rules”？" in message
    assert "第1行" not in message


def test_a_renamed_rule_keeps_its_old_id_working_through_an_alias(tmp_path):
    """Rule-id aliases (as sqlfluff has): renaming a rule must not break the configurations,
    overrides, caps and baselines that name it by its old id."""
    import json
    import subprocess
    import sys

    from checker.baseline import fingerprint
    write(tmp_path, "base.yaml", "id: base\nversion: '1'\ntitle: t\nsections:\n"
                                        "  - {id: other, name: 其他, required: false, headings: ['其他']}\n"
                                        "rules:\n  - id: NEW-NAME\n    aliases: [OLD-NAME]\n    kind: phrase\n"
                                        "    mode: forbid\n    patterns: ['不详']\n    level: warning\n    weight: 5\n"
                                        "    message: 写了不详\n    basis: {text: b}\n")
    child = load_pack(write(tmp_path, "child.yaml", "id: child\nversion: '1'\ntitle: t\nextends: base.yaml\n"
                                                    "overrides:\n  OLD-NAME: {level: error}\n"
                                                    "caps:\n  - {rules: [OLD-NAME], max: 50, reason: r}\n"))
    assert child.rule("OLD-NAME") is child.rule("NEW-NAME") and child.rule("NEW-NAME").level == "error"
    report = tmp_path / "报告.txt"
    report.write_text("某局2024年报告\n其他\n情况不详。\n", encoding="utf-8")
    (tmp_path / ".report-check.yaml").write_text("extends: child.yaml\nrules:\n  OLD-NAME: info\n", encoding="utf-8")

    def check(*extra: str) -> dict:
        proc = subprocess.run([sys.executable, "-m", "checker", "check", str(report), "--format", "json", *extra],
                              capture_output=True, text=True, cwd=tmp_path)
        assert proc.returncode in (0, 1), proc.stderr
        return json.loads(proc.stdout)["reports"][0]
    checked = check()
    assert [(f["rule"], f["level"]) for f in checked["findings"]] == [("NEW-NAME", "info")]
    assert checked["score"] <= 50
    written_before_the_rename = "OLD-NAME:" + fingerprint("OLD-NAME", checked["findings"][0]["excerpt"])
    old_baseline = {"version": 1, "tool": "report-check", "reports": {"报告.txt": [written_before_the_rename]}}
    (tmp_path / "old-baseline.json").write_text(json.dumps(old_baseline), encoding="utf-8")
    assert check("--baseline", "old-baseline.json")["findings"] == []
    with pytest.raises(PackError, match="OLD-NAME.*重复"):
        load_pack(write(tmp_path, "clash.yaml", "id: c\nversion: '1'\ntitle: t\nextends: base.yaml\nrules:\n"
                                                "  - {id: OLD-NAME, kind: order, level: info, message: m, basis: {text: b}}\n"))


@pytest.mark.parametrize("name", ["fazhi-annual-report", "fazhi-department", "fazhi-township"])
def test_shipped_patterns_run_unbounded_and_skip_only_stretches_they_cannot_match(name):
    """The shipped packs' patterns run without a per-search time bound (it costs two system
    calls a search), and skip a stretch that lacks a literal every match holds: on every
    sentence and every whole text of the seeds and corpus, they find exactly what the plain
    engine finds. Any pattern that is not word for word one of theirs stays bounded and
    unshortened, also when its pack extends a shipped one."""
    import regex

    from checker import patterns, spans
    from checker.documents import read_document
    from checker.pattern_needs import needs
    corpus = sorted((SEEDS[0].parents[1] / "tests" / "corpus").glob("*.txt"))
    assert corpus
    pack = load_pack(name)
    texts = [read_document(str(p), 10 ** 7).norm for p in [*SEEDS, *corpus[::4]]]
    stretches = [(t, (0, len(t))) for t in texts] + [(t, s) for t in texts for s in spans.sentences(t, (0, len(t)))]
    shortened = 0
    for source in sorted(pack.pattern_sources()):
        fast = patterns.compiled(source, 2024)
        assert fast._bound == {}, source
        plain = regex.compile(patterns.fill(source, 2024), regex.VERSION0)
        for text, (start, end) in stretches:
            assert [(m.span(), m.groups()) for m in fast.finditer(text, start, end)] == \
                [(m.span(), m.groups()) for m in plain.finditer(text, start, end)], source
        shortened += bool(fast._needs)   # worked out after its first searches
    assert shortened > len(pack.pattern_sources()) / 2
    assert patterns.compiled("(法|法法)+！我们自己的", 2024)._bound
    other = patterns.compiled(next(iter(pack.pattern_sources())) + "(?:)", 2024)
    for text, (start, end) in stretches[:20]:
        other.search(text, start, end)
    assert other._bound and not other._needs

    def shown(pattern: str) -> list[str]:
        return [n if isinstance(n, str) else n.pattern for n in needs(pattern)]
    assert shown("(?=[一-龥]{2,20}公司)[一-龥]{2,20}(有限公司|公司)") == ["公司"]   # 公司 answers the choice
    assert shown("还?不够完善|不足") == ["不够完善|不足"] and shown("(?i)abc") == [] and shown("a?|b") == []
    assert shown("(?<=审查)x") == ["x"] and shown("a(?:审查)?b") == ["a"] and shown("[^。]{2}") == []
    assert shown("(?:讲座|培训)[^,]{0,4}?(?P<v>\\d+)(?:场|人次)") == ["培训|讲座", "人次|场", "[\\d]"]


def test_a_pattern_is_named_by_where_it_sits_in_the_pack():
    """A pattern that runs away is reported with its place: a section's field, a rule's field
    (areas' patterns under areas), or nothing for a pattern the pack does not hold."""
    pack = load_pack()
    unless = next(r for r in pack.rules if r.get("unless"))
    areas = next(r for r in pack.rules if r.get("areas"))
    assert pack.field_of(unless.get("unless")[0]) == f"规则 {unless.id} 的 unless "
    assert pack.field_of(areas.get("areas")[0]["patterns"][0]) == f"规则 {areas.id} 的 areas "
    assert pack.field_of(pack.section("measures").headings[0]) == "部分“measures”的 headings "
    assert pack.field_of("规则包里没有的正则") == ""
    held = {p for r in pack.rules for field in r.patterns().values() for p in field}
    assert held and held <= pack.pattern_sources()


OFFICIAL_HOSTS = (".gov.cn", "gov.cn", "samr.gov.cn", "npc.gov.cn")


@pytest.mark.parametrize("pack_id", ["fazhi-annual-report", "fazhi-township", "fazhi-department"])
def test_every_shipped_rule_has_a_basis_an_office_can_forward(pack_id):
    """#37: the document by its full title (and 文号 where it has one), a source level from the
    fixed list, links only to official publications, no single unit's report as a basis, and a
    rule resting only on research or practice is a suggestion."""
    from urllib.parse import urlsplit

    from checker.labels import SUGGESTION_ONLY
    levels = ("法律法规", "党内法规", "国家标准", "规范性文件", "地方工作指引", "研究文献", "实务建议")
    for rule in load_pack(pack_id).rules:
        basis = rule.basis
        assert basis.get("level") in levels, rule.id
        if basis["level"] != "实务建议":
            assert basis.get("title", "").startswith("《") and basis["title"].endswith("》"), rule.id
        if basis["level"] == "地方工作指引":
            assert basis.get("issuer"), rule.id
        if basis.get("url"):
            host = urlsplit(basis["url"]).hostname or ""
            assert host.endswith(OFFICIAL_HOSTS), (rule.id, host)
        told = " ".join(str(v) for v in basis.values())
        assert not re.search(r"[县区市镇乡]\d{4}年[^，。]{0,8}报告|如\S{2,6}(县|区|市)\d{4}", told), rule.id
        assert "明天《" not in told, rule.id   # the author's name read as "tomorrow": the issuer field names him
        if basis["level"] in SUGGESTION_ONLY:
            assert rule.level != "error" and (rule.level == "warning" or rule.weight <= 1), rule.id


def test_a_pack_cannot_make_a_rule_on_research_alone_an_error_even_by_override(tmp_path):
    pack = tmp_path / "p.yaml"
    pack.write_text("id: p\nversion: '1'\ntitle: t\nextends: fazhi-annual-report\n"
                    "overrides:\n  PLAN-RESPONSIVE: {level: error}\n", encoding="utf-8")
    with pytest.raises(PackError, match="依据只是研究文献，规则不能是“错误”"):
        load_pack(str(pack))
    own = tmp_path / "q.yaml"
    own.write_text("id: q\nversion: '1'\ntitle: t\nextends: fazhi-annual-report\nrules:\n"
                   "  - {id: X-1, title: t, kind: phrase, patterns: ['法'], level: info, weight: 2, message: m,"
                   " basis: {level: 实务建议, text: b}}\n", encoding="utf-8")
    with pytest.raises(PackError, match="每条扣分不超过 1 分"):
        load_pack(str(own))
