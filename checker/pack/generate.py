"""rules/pack.schema.json, made from what is written once: the pack's own fields
(checker/data/pack-base.schema.json) and each kind's fields, declared in its module
(`SCHEMA` in checker/kinds/<kind>.py, registered in KINDS). A kind is added in its module only.

    python -m checker.pack.generate            # rewrite rules/pack.schema.json and the guide in rules/README.md
"""
from __future__ import annotations

import json
import sys
from importlib.resources import files
from pathlib import Path


def pack_schema() -> dict:
    from ..kinds import KINDS
    schema = json.loads(files("checker.data").joinpath("pack-base.schema.json").read_text("utf-8"))
    rule = schema["$defs"]["rule"]   # its kind enum and per-kind if/then read "GENERATED" in the base
    rule["properties"]["kind"]["enum"] = list(KINDS)
    rule["allOf"] = [{"if": {"properties": {"kind": {"const": name}}}, "then": {"$ref": f"#/$defs/kind_{name}"}}
                     for name in KINDS]
    schema["$defs"].update({f"kind_{name}": kind.schema for name, kind in KINDS.items()})
    return schema


def schema_text() -> str:
    return json.dumps(pack_schema(), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    rules = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "rules"
    target = rules / "pack.schema.json"
    changed = not target.is_file() or target.read_text("utf-8") != schema_text()
    if changed:
        target.write_text(schema_text(), encoding="utf-8")
    print(f"{target}: {'已更新' if changed else '无变化'}")
    from . import doc, schema
    schema.reread()   # the guide is made from the schema just written
    guide = rules / "README.md"
    print(f"{guide}: {'已更新' if doc.update(str(guide)) else '无变化'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
