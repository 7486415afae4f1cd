"""rules/README.md cannot drift: its reference part is what the schema generates, its
example blocks are the example files, and following it end to end works."""
from __future__ import annotations

import json
import re
import shutil

from checker.kinds import KINDS
from checker.pack.doc import BEGIN, END, reference_markdown
from checker.pack.generate import pack_schema, schema_text

from .conftest import ROOT
from .test_cli import run

GUIDE = (ROOT / "rules" / "README.md").read_text("utf-8")
EXAMPLES = ROOT / "rules" / "examples"


def test_the_schema_is_what_the_kinds_declare():
    """A kind's fields are written once, in its module (SCHEMA); the pack schema is made from them."""
    assert (ROOT / "rules" / "pack.schema.json").read_text("utf-8") == schema_text(), \
        "run: python -m checker.pack.generate"
    assert [name[5:] for name in pack_schema()["$defs"] if name.startswith("kind_")] == list(KINDS)


def test_reference_part_is_generated_from_the_schema():
    generated = GUIDE[GUIDE.index(BEGIN):GUIDE.index(END) + len(END)]
    assert generated == reference_markdown(), "run: python -m checker.pack.generate"
    for kind in KINDS:
        assert f"#### `{kind}`" in generated                                   # each kind in the reference
    for kind in set(KINDS) - {"arithmetic"}:
        assert f"**{kind}" in GUIDE                                            # and a worked example


def test_example_blocks_are_the_example_files():
    blocks = re.findall(r"<!-- 示例文件：(\S+) -->\n```yaml\n(.*?)```", GUIDE, re.S)
    assert len(blocks) == 3
    for path, content in blocks:
        assert (ROOT / path).read_text("utf-8") == content, path


def test_a_newcomer_following_the_guide(tmp_path):
    """Step one to five of the guide, with its example files, in a fresh folder."""
    shutil.copy(EXAMPLES / "某区规则包.yaml", tmp_path / "某区规则包.yaml")
    shutil.copytree(EXAMPLES / "fixtures", tmp_path / "fixtures")
    pack = str(tmp_path / "某区规则包.yaml")
    assert "通过" in run("rules", "validate", pack).stdout                      # step two
    tested = run("rules", "test", pack)                                         # step four
    assert tested.returncode == 0 and "共 2 个用例：通过 2 个，不通过 0 个" in tested.stdout
    without = tmp_path / "fixtures" / "mou-qu" / "没有一网统管.txt"
    with_it = tmp_path / "fixtures" / "mou-qu" / "有一网统管.txt"
    checked = json.loads(run("check", str(without), str(with_it), "--rules", pack, "--format", "json").stdout)
    assert checked["rule_pack"] == {"id": "mou-qu", "version": "1.0.0", "path": pack,
                                    "title": "某区法治政府建设年度报告规则（区依法治区办）"}
    rules = [{f["rule"] for f in r["findings"]} for r in checked["reports"]]
    assert "LOCAL-DIGITAL" in rules[0] and "LOCAL-DIGITAL" not in rules[1]      # the new rule works
    assert "STRUCT-OTHER-ABSENT" not in rules[1]                               # the switched-off one is off
    default = json.loads(run("check", str(with_it), "--format", "json").stdout)["reports"][0]
    assert "STRUCT-OTHER-ABSENT" in {f["rule"] for f in default["findings"]}   # … and would fire otherwise
    out = tmp_path / "审查结果.json"
    assert run("audit", str(tmp_path / "fixtures"), "-o", str(out), "--rules", pack, "--no-cache").returncode == 0
    audited = json.loads(out.read_text("utf-8"))
    assert audited["rule_pack"]["id"] == "mou-qu"
    assert sorted("LOCAL-DIGITAL" in {f["rule"] for f in r["findings"]} for r in audited["reports"]) == [False, True]
