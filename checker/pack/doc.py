"""The reference part of rules/README.md, generated from rules/pack.schema.json, so the
guide for pack authors cannot drift from what the loader accepts.

    python -m checker.pack.doc rules/README.md     # rewrite the generated part in place (pack.generate does this too)
"""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from .schema import schema as pack_schema

if TYPE_CHECKING:
    from .model import Rule

BEGIN = "<!-- 以下由 python -m checker.pack.doc 根据 pack.schema.json 生成，请勿手改 -->"
END = "<!-- 生成部分结束 -->"
_TYPES = {"string": "文字", "number": "数字", "integer": "整数", "boolean": "true/false", "array": "列表",
          "object": "键值对"}


def _type(spec: dict, defs: dict) -> str:
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        target = defs[name]
        return {"ident": "编号", "level": "级别", "regex": "正则", "regexes": "正则列表", "section": "部分",
                "rule": "规则"}.get(name, _type(target, defs))
    if "enum" in spec:
        return " / ".join(f"`{v}`" for v in spec["enum"])
    if spec.get("type") == "array":
        return f"{_type(spec.get('items', {}), defs)}的列表"
    return _TYPES.get(spec.get("type", ""), spec.get("type", "—"))


def _table(properties: dict, required: list, defs: dict) -> list[str]:
    rows = ["| 字段 | 类型 | 必填 | 说明 |", "|---|---|---|---|"]
    for name, spec in properties.items():
        description = spec.get("description", "")
        if not description and "$ref" in spec:
            description = defs[spec["$ref"].rsplit("/", 1)[-1]].get("description", "")
        rows.append(f"| `{name}` | {_type(spec, defs)} | {'是' if name in required else ''} | {description} |")
    return rows


_CORE = {"id", "kind", "level", "message", "weight", "basis", "section", "max_deduction", "title"}


def described_params(rule: "Rule", raw: bool = False) -> list[str]:
    """A rule's own fields, each under its Chinese description from the schema (what `rules
    show` prints): regular expressions counted unless `raw`, word lists joined."""
    defs = pack_schema()["$defs"]
    specs = {**defs["rule"]["properties"], **defs.get(f"kind_{rule.kind}", {}).get("properties", {})}
    lines = []
    for key, value in rule.params.items():
        if key in _CORE:
            continue
        spec = specs.get(key, {})
        label = _label(spec.get("description", "")) or key
        regex = spec.get("$ref", "").endswith(("/regex", "/regexes")) or \
            spec.get("items", {}).get("$ref", "").endswith("/regex")
        if regex and raw:
            patterns = value if isinstance(value, list) else [value]
            lines.append(f"{label}（{len(patterns)} 个正则表达式）：")
            lines.extend(f"  {pattern}" for pattern in patterns)
            continue
        lines.append(f"{label}：{_shown(value, regex)}")
    return lines


def _label(description: str) -> str:
    """The description's first phrase: up to its first bracket, colon or full stop."""
    for stop in ("（", "：", "。", "；", "，"):
        description = description.split(stop, 1)[0]
    return description.strip()


def _shown(value: object, count_regexes: bool) -> str:
    if count_regexes:
        patterns = value if isinstance(value, list) else [value]
        return f"{len(patterns)} 个正则表达式（加 --raw 显示原文）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "；".join(_shown(v, False) for v in value) if any(isinstance(v, (list, dict)) for v in value) \
            else "、".join(map(str, value))
    if isinstance(value, dict):
        return "，".join(f"{k}：{_shown(v, False)}" for k, v in value.items())
    return str(value)


def reference_markdown() -> str:
    schema = pack_schema()
    defs = schema["$defs"]
    lines = [BEGIN, "", "### 规则包的顶层字段", ""]
    lines += _table(schema["properties"], schema["required"], defs)
    lines += ["", "### 部分（sections 中的每一项）", ""]
    lines += _table(defs["section"]["properties"], defs["section"]["required"], defs)
    lines += ["", "### 每条规则都有的字段", ""]
    lines += _table(defs["rule"]["properties"], defs["rule"]["required"], defs)
    lines += ["", "### 各种规则（kind）特有的字段", ""]
    for kind in defs["rule"]["properties"]["kind"]["enum"]:
        spec = defs[f"kind_{kind}"]
        lines += [f"#### `{kind}`：{spec.get('description', '')}", ""]
        if spec.get("properties"):
            lines += _table(spec["properties"], spec.get("required", []), defs)
        else:
            lines.append("（没有特有字段）")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def update(path: str) -> bool:
    """Rewrite the generated part of a Markdown file; True if it changed."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    new = head + reference_markdown() + tail
    if new != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)
    return new != text


if __name__ == "__main__":
    for target in sys.argv[1:] or ["rules/README.md"]:
        print(f"{target}: {'已更新' if update(target) else '无变化'}")
