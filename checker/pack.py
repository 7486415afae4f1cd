"""Load a rule pack: YAML → jsonschema validation → `extends` resolved → Pack.

A broken pack is refused with its file, the YAML line and what is wrong, in
Chinese; nothing in a pack is skipped silently.
"""
from __future__ import annotations

import difflib
import functools
import json
import math
import os
import re
import string
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any, Optional

import yaml

from .errors import CheckerError, PackError, describe_oserror

DEFAULT_PACK = "fazhi-annual-report"
MAX_PACK_BYTES = 1024 * 1024      # a real pack is tens of kilobytes
MAX_NESTING = 64                  # a real pack nests five or six levels
MAX_NODES = 200_000               # after expanding YAML aliases
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml when PyYAML has it: 5× faster
_REGEX_FIELDS = ("headings", "not_headings", "patterns", "unless", "mention", "internal", "external", "connectors",
                 "consequences", "effects_after")


@dataclass(frozen=True)
class Section:
    id: str
    name: str
    required: bool
    headings: tuple[str, ...]
    not_headings: tuple[str, ...] = ()
    not_inside: tuple[str, ...] = ()
    hint: str = ""
    template: str = ""
    nested_headings: Optional[tuple[str, ...]] = None  # for a heading below the top level (default: headings)
    themes_until: Optional[tuple[str, ...]] = None   # unclaimed top-level headings before these parts are this part
    evidence: Optional[dict] = None                  # how its content shows inside another part

    def patterns(self) -> dict[str, list[str]]:
        """Every regular expression the section holds, by field (for load checks and messages)."""
        evidence = self.evidence or {}
        return {"headings": list(self.headings), "not_headings": list(self.not_headings),
                "nested_headings": list(self.nested_headings or ()),
                "evidence": [p for p in [evidence.get("subject"), evidence.get("not_subject"),
                                         *evidence.get("signals", [])] if p]}


@dataclass
class Rule:
    id: str
    kind: str
    level: str
    message: str
    weight: float
    basis: dict
    params: dict = field(default_factory=dict)   # the whole rule mapping, kind fields included
    line: Optional[int] = None

    @property
    def section(self) -> Optional[str]:
        return self.params.get("section")

    @property
    def title(self) -> str:
        """A short Chinese name for tables and charts. A pack that gives none gets the message's
        first clause, without its placeholders: never a raw {match} in front of a reader."""
        if self.params.get("title"):
            return self.params["title"]
        first = re.split(r"[。；]", self.message, maxsplit=1)[0]
        first = re.sub(r"[“\"]?\{[^{}]*\}[”\"]?", "…", first)
        first = re.split(r"[：（(](?![^《]*》)|，请", first, maxsplit=1)[0].strip("，、 …") or self.id
        return first if len(first) <= 30 else first[:29] + "…"

    @property
    def max_deduction(self) -> float:
        return float(self.params.get("max_deduction", self.weight))

    def get(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)


@dataclass
class Pack:
    id: str
    version: str
    title: str
    path: Optional[str]
    sections: list[Section]
    rules: list[Rule]
    grades: list[dict]
    dictionary: list[str]
    caps: list[dict] = field(default_factory=list)      # a rule that fires caps the score, with the reason
    boilerplate: list[str] = field(default_factory=list)   # sentences holding these are not evidence of copying
    description: str = ""
    changelog: list = field(default_factory=list)

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise PackError(f"规则包 {self.id} 中没有规则“{rule_id}”")

    def field_of(self, pattern: str) -> str:
        """Where a pattern sits in the pack, said for a message: 部分“other”的 headings, 规则 X 的 unless."""
        for section in self.sections:
            for name, sources in section.patterns().items():
                if pattern in sources:
                    return f"部分“{section.id}”的 {name} "
        for rule in self.rules:
            for name, value in rule.params.items():
                values = value if isinstance(value, list) else [value]
                flat = [p for v in values for p in (v.get("patterns", []) if isinstance(v, dict) else [v])]
                if pattern in flat:
                    return f"规则 {rule.id} 的 {name} "
        return ""

    @property
    def shown_path(self) -> Optional[str]:
        """Where the pack came from, for a result file: nothing for a pack shipped with the tool
        (its id says which, and the install folder is nobody's business), else the path as given."""
        if self.path is None or os.path.realpath(self.path) in _shipped_reals():
            return None
        return self.path

    @property
    def enabled_rules(self) -> list[Rule]:
        return [r for r in self.rules if r.params.get("enabled", True)]


@functools.lru_cache(maxsize=None)
def _schema_text() -> str:
    return files("checker.packs").joinpath("pack.schema.json").read_text("utf-8")


def _schema() -> dict:
    return json.loads(_schema_text())


ENTRY_POINT_GROUP = "report_check.packs"


def _shipped_packs() -> dict[str, str]:
    root = files("checker.packs")
    return {p.name[:-5]: str(p) for p in root.iterdir() if p.name.endswith(".yaml")}


@functools.lru_cache(maxsize=1)
def _shipped_reals() -> frozenset[str]:
    return frozenset(os.path.realpath(p) for p in _shipped_packs().values())


@functools.lru_cache(maxsize=1)
def builtin_packs() -> dict[str, str]:
    """Installed pack id → file path: the packs shipped with report-check, and packs that
    other Python packages publish under the entry-point group `report_check.packs` (the
    entry point names a pack file path, or a function returning one)."""
    found = _shipped_packs()
    from importlib.metadata import entry_points   # scans every installed package: only when needed
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            target = entry.load()
            path = str(target() if callable(target) else target)
        except Exception as e:   # a broken third-party package must not break the tool
            raise PackError(f"已安装的规则包“{entry.name}”（{entry.value}）无法加载：{type(e).__name__}: {e}") from None
        found.setdefault(entry.name, path)
    return found


def resolve(ref: Optional[str], base_dir: Optional[str] = None) -> str:
    """A pack reference (installed id or path) → file path."""
    ref = ref or DEFAULT_PACK
    shipped = _shipped_packs()
    if ref in shipped and not os.path.exists(ref):
        return shipped[ref]
    path = os.path.join(base_dir, ref) if base_dir and not os.path.isabs(ref) else ref
    if os.path.isfile(path):
        return path
    builtin = builtin_packs()
    if ref in builtin:
        return builtin[ref]
    known = "、".join(sorted(builtin)) or "无"
    raise PackError(f"找不到规则包“{ref}”（既不是内置规则包，也不是存在的文件）。内置规则包：{known}")


def load_pack(ref: Optional[str] = None) -> Pack:
    return _load(resolve(ref), chain=())


def _load(path: str, chain: tuple[str, ...]) -> Pack:
    """Every pack is checked in full (size, nesting, aliases, schema, patterns) each time it
    loads, except the packs shipped inside the installed package: those are code, checked by
    the tests, and load fast. Nothing outside the package can vouch for a pack."""
    real = os.path.realpath(path)
    text = _read_text(path)
    trusted = real in _shipped_reals()
    data, root = _parse(text, path, inspect=not trusted)
    if not trusted:
        _validate(data, root, path)
    base: Optional[Pack] = None
    if "extends" in data:
        parent = resolve(data["extends"], os.path.dirname(path))
        if os.path.realpath(parent) in chain + (real,):
            cycle = " → ".join(os.path.basename(p) for p in chain + (real, os.path.realpath(parent)))
            raise PackError(f"第{_line_of(root, ['extends'])}行：规则包 extends 形成循环：{cycle}。"
                            f"请删去其中一个规则包的 extends", path)
        try:
            base = _load(parent, chain + (real,))
        except PackError as e:
            if e.path and os.path.realpath(e.path) != real and "extends" not in e.message:
                e.message += f"（由 {path} 的 extends 引用）"
            raise
    return _build(data, root, path, base, check_patterns=not trusted)


def _read_text(path: str) -> str:
    try:
        if os.path.getsize(path) > MAX_PACK_BYTES:
            raise PackError(f"规则包文件过大（超过 {MAX_PACK_BYTES // 1024} KB），不是正常的规则包", path)
        with open(path, encoding="utf-8") as f:
            return f.read()
    except UnicodeDecodeError:
        raise PackError("规则包须为 UTF-8 编码的 YAML 文件", path) from None
    except OSError as e:
        raise PackError(f"无法读取规则包（{describe_oserror(e)}）", path) from None


def read_yaml_safely(path: str, what: str) -> Any:
    """Any other YAML the tool reads (a project's configuration, a fixture's sidecar), under the
    pack's limits (size, nesting, alias expansion), with errors that name what the file is."""
    try:
        text = _read_text(path)
        return _parse(text, path, mapping=False)[0] if text.strip() else None
    except PackError as e:
        raise CheckerError(e.message.replace("规则包", what), path) from None


def _parse(text: str, path: str, inspect: bool = True, mapping: bool = True) -> tuple[Any, yaml.Node]:
    if inspect and _nesting(text) > MAX_NESTING:   # before the parser: libyaml overflows its stack on deep nesting
        raise PackError(f"规则包嵌套层次过深（超过 {MAX_NESTING} 层），不是正常的规则包", path)
    try:
        loader = _LOADER(text)
        try:
            root = loader.get_single_node()
            if root is None:
                raise PackError("规则包是空文件", path)
            if inspect:
                _inspect_nodes(root, path)
            data = loader.construct_document(root)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = f"第{mark.line + 1}行：" if mark else ""
        raise PackError(f"{line}YAML 格式错误（{_yaml_problem(e.problem or e.context or '')}）", path) from None
    except yaml.YAMLError as e:
        raise PackError(f"YAML 格式错误（{_yaml_problem(str(e))}）", path) from None
    if mapping and not isinstance(data, dict):
        raise PackError("规则包的顶层应是键值对（id、version、rules …）", path)
    return data, root


_YAML_PROBLEMS = (
    ("control characters are not allowed", "含有不允许的控制字符，可能不是文本文件"),
    ("could not determine a constructor", "使用了不允许的 YAML 标签（如 !!python/…）"),
    ("cannot start any token", "含有不能出现在这里的字符（如制表符），请改用空格缩进"),
    ("mapping values are not allowed", "此处不能有冒号：键值对的位置或缩进不对"),
    ("undefined alias", "引用了未定义的别名（*…）"),
    ("duplicate anchor", "锚点（&…）重复"),
    ("expected <block end>", "缩进不一致"),
    ("end of stream", "引号或括号没有闭合"),
    ("quoted scalar", "引号没有闭合"),
    ("expected ',' or ']'", "方括号没有闭合或缺少逗号"),
    ("expected ',' or '}'", "花括号没有闭合或缺少逗号"),
)


def _yaml_problem(problem: str) -> str:
    """The YAML library's English problem in Chinese (the common ones; the rest by position)."""
    return next((chinese for english, chinese in _YAML_PROBLEMS if english in problem), "格式不对，请检查这一行的缩进、引号和括号")


def _nesting(text: str) -> int:
    """How deep the text nests, over-estimated without parsing: open flow brackets outside
    quotes, plus indentation and leading dashes of block lines."""
    deepest = flow = 0
    quote = ""
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        dashes = len(re.match(r"(?:-[ \t]+)*", stripped).group(0).replace(" ", "").replace("\t", ""))
        deepest = max(deepest, flow + (len(line) - len(stripped)) // 2 + dashes)
        before = ""   # the last character that is not a blank: a quote opens a scalar only after [{,:- or at the start
        for i, ch in enumerate(line):
            if quote:
                if ch == quote and (quote == "'" or line[i - 1] != "\\"):
                    quote = ""
            elif ch in "'\"" and before in ("", "[", "{", ",", ":", "-"):
                quote = ch
            elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
                break
            elif ch in "[{":
                flow += 1
                deepest = max(deepest, flow)
            elif ch in "]}":
                flow = max(flow - 1, 0)
            if ch not in " \t":
                before = ch if not quote else before
        if quote == "'" or (quote == '"' and not line.endswith("\\")):
            quote = quote if flow else ""   # block scalars and plain text do not carry quotes across lines
    return deepest


def _inspect_nodes(root: yaml.Node, path: str) -> None:
    """Refuse what would blow up whoever walks the data later: alias bombs (a few lines
    that expand to millions of nodes), aliases that contain themselves, duplicate keys."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            children = _children(node)
            size[key] = 1 + sum(size[id(c)] for c in children)
            depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
            visiting.discard(key)
            if size[key] > MAX_NODES or depth[key] > MAX_NESTING:
                raise PackError(f"规则包展开后过大或嵌套过深（YAML 别名展开后超过 {MAX_NODES} 项或 {MAX_NESTING} 层），"
                                f"不是正常的规则包", path)
            continue
        if key in size:
            continue
        if key in visiting:
            raise PackError(f"第{node.start_mark.line + 1}行：YAML 别名引用了包含它自己的内容（循环引用）", path)
        visiting.add(key)
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for k, _ in node.value:
                if isinstance(k, yaml.ScalarNode):
                    if k.value in seen:
                        raise PackError(f"第{k.start_mark.line + 1}行：字段“{k.value}”重复出现", path)
                    seen.add(k.value)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in size)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _line_of(root: yaml.Node, at: list) -> int:
    node = root
    for key in at:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if k.value == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            nxt = node.value[key]
        else:
            nxt = None
        if nxt is None:
            break
        node = nxt
    return node.start_mark.line + 1


_TYPE_CN = {"string": "文字（字符串）", "number": "数字", "integer": "整数", "boolean": "true 或 false",
            "array": "列表", "object": "键值对"}


def _explain(error) -> str:
    v = error.validator
    if v == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        return f"缺少必填字段“{missing[0] if missing else error.message}”"
    if v in ("additionalProperties", "unevaluatedProperties"):
        names = re.findall(r"'([^']+)'", error.message)
        return f"不认识的字段“{'、'.join(names)}”{_suggest(names, error)}（可用字段见 rules/README.md）"
    if v == "type":
        expected = error.validator_value
        expected = [expected] if isinstance(expected, str) else expected
        hint = ""
        if "string" in expected and not isinstance(error.instance, str):
            hint = "（YAML 会把 1.10、no、2024-01-01 等读成数字、布尔值或日期，请加引号）"
        return f"应为{'或'.join(_TYPE_CN.get(t, t) for t in expected)}，实际是 {error.instance!r}{hint}"
    if v == "enum":
        close = difflib.get_close_matches(str(error.instance), [str(x) for x in error.validator_value], n=1)
        hint = f"。你是不是想写“{close[0]}”？" if close else ""
        return f"取值 {error.instance!r} 不对，应为 {'、'.join(map(str, error.validator_value))} 之一{hint}"
    if v == "const":
        return f"取值应为 {error.validator_value!r}"
    if v == "pattern":
        what = error.schema.get("description")
        return f"格式不对：{error.instance!r}" + (f"。此处应为：{what}" if what else f" 应匹配 {error.validator_value}")
    if v in ("minimum", "maximum"):
        word = "不小于" if v == "minimum" else "不大于"
        return f"数值 {error.instance!r} 应{word} {error.validator_value}"
    if v in ("minItems", "minLength", "minProperties"):
        return "不能为空"
    return error.message


def _known_fields(error) -> list[str]:
    """Field names the schema allows where an unknown one was found."""
    schema = error.schema
    names = set(schema.get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    if "kind" in instance and error.validator == "unevaluatedProperties":
        kind = _schema()["$defs"].get(f"kind_{instance['kind']}", {})
        names |= set(kind.get("properties", {})) | set(_schema()["$defs"]["rule"]["properties"])
    return sorted(names)


def _suggest(names: list[str], error) -> str:
    known = _known_fields(error)
    hints = []
    for name in names:
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        if close:
            hints.append(f"“{name}”应为“{close[0]}”？")
    return "。你是不是想写：" + " ".join(hints) if hints else ""


def _validate(data: dict, root: yaml.Node, path: str) -> None:
    import jsonschema
    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (_line_of(root, list(e.absolute_path)), e.message))
    if errors:
        lines = []
        for e in errors[:10]:
            where = "/".join(map(str, e.absolute_path)) or "顶层"
            lines.append(f"第{_line_of(root, list(e.absolute_path))}行（{where}）：{_explain(e)}")
        more = f"\n  …另有 {len(errors) - 10} 处" if len(errors) > 10 else ""
        raise PackError("规则包不符合格式要求：\n  " + "\n  ".join(lines) + more, path)


def _finite(value: Any, root: yaml.Node, path: str, at: list) -> None:
    """.inf and .nan are numbers to YAML and to the schema, and poison every score and JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        raise PackError(f"第{_line_of(root, at)}行：数值“{value}”不是有限的数", path)
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        _finite(child, root, path, at + [key])


def _build(data: dict, root: yaml.Node, path: str, base: Optional[Pack], check_patterns: bool = True) -> Pack:
    _finite(data, root, path, [])
    sections = list(base.sections) if base else []
    for i, raw in enumerate(data.get("sections", [])):
        known = next((s for s in sections if s.id == raw["id"]), None)
        merged = dict(known.__dict__) if known else {}
        merged.update({k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()})
        for key in ("name", "required", "headings"):
            if key not in merged:
                raise PackError(f"第{_line_of(root, ['sections', i])}行：部分“{raw['id']}”缺少“{key}”", path)
        section = Section(**merged)
        sections = [section if s.id == section.id else s for s in sections] if known else sections + [section]
    section_ids = {s.id for s in sections}
    for section in sections:
        for key in ("not_inside", "themes_until"):
            for ref in getattr(section, key) or ():
                if ref not in section_ids:
                    raise PackError(f"部分“{section.id}”的 {key} 引用了未定义的部分“{ref}”", path)
        if check_patterns:
            for name, sources in section.patterns().items():
                for src in sources:
                    _check_regex(src, f"部分“{section.id}”的 {name}", path)

    rules = [Rule(**{**r.__dict__, "params": dict(r.params)}) for r in base.rules] if base else []
    seen = {r.id for r in rules}
    for i, raw in enumerate(data.get("rules", [])):
        line = _line_of(root, ["rules", i])
        if raw["id"] in seen:
            where = "所继承的规则包中已有" if base and any(r.id == raw["id"] for r in base.rules) else "前面已有"
            raise PackError(f"第{line}行：规则编号“{raw['id']}”重复（{where}同名规则；要修改继承的规则请用 overrides）", path)
        seen.add(raw["id"])
        rules.append(Rule(id=raw["id"], kind=raw["kind"], level=raw["level"], message=raw["message"],
                          weight=float(raw.get("weight", 0)), basis=raw["basis"], params=raw, line=line))

    for rule_id, change in data.get("overrides", {}).items():
        target = next((r for r in rules if r.id == rule_id), None)
        if target is None:
            raise PackError(f"第{_line_of(root, ['overrides', rule_id])}行：overrides 中的规则“{rule_id}”不存在", path)
        target.params.update(change)
        for key in ("level", "message"):
            if key in change:
                setattr(target, key, change[key])
        if "weight" in change:
            target.weight = float(change["weight"])

    for rule in rules:
        _check_rule(rule, section_ids, path, check_patterns)
    grades = data.get("grades") or (base.grades if base else [{"name": "合格", "min": 60}, {"name": "不合格", "min": 0}])
    dictionary = (base.dictionary if base else []) + list(data.get("dictionary", []))
    caps = (base.caps if base else []) + list(data.get("caps", []))
    boilerplate = (base.boilerplate if base else []) + list(data.get("boilerplate", []))
    rule_ids = {r.id for r in rules}
    for i, cap in enumerate(data.get("caps", [])):
        unknown = [r for r in cap["rules"] if r not in rule_ids]
        if unknown:
            raise PackError(f"第{_line_of(root, ['caps', i])}行：caps 引用了不存在的规则“{'、'.join(unknown)}”", path)
    return Pack(id=data["id"], version=str(data["version"]), title=data["title"], path=path,
                sections=sections, rules=rules, grades=sorted(grades, key=lambda g: -g["min"]),
                dictionary=dictionary, caps=caps, boilerplate=boilerplate, description=data.get("description", ""),
                changelog=data.get("changelog", []))


def _check_message(rule: Rule, where: str, path: str) -> None:
    """A message is a template of plain {name} placeholders: nothing str.format would choke on or
    spend minutes on."""
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(rule.message) if name is not None]
    except ValueError:
        raise PackError(f"{where}：message 中的花括号不成对。要显示花括号本身请写成 {{{{ 或 }}}}", path) from None
    for name, spec, conversion in fields:
        if not re.fullmatch(r"[A-Za-z_]\w*", name) or spec or conversion:
            raise PackError(f"{where}：message 中的占位符“{{{name}{'!' + conversion if conversion else ''}"
                            f"{':' + spec if spec else ''}}}”不合规：只能写 {{名称}}，如 {{year}}、{{match}}", path)


def _check_rule(rule: Rule, section_ids: set[str], path: str, check_patterns: bool = True) -> None:
    where = f"第{rule.line}行（规则 {rule.id}）" if rule.line else f"规则 {rule.id}"
    _check_message(rule, where, path)
    for key in ("section", "target"):
        ref = rule.get(key)
        if ref is not None and ref not in section_ids:
            raise PackError(f"{where}：{key} 引用的部分“{ref}”未定义（已定义：{'、'.join(sorted(section_ids))}）", path)
    if not check_patterns:
        return
    sources = [p for f in _REGEX_FIELDS for p in rule.get(f, [])]
    sources += [p for area in rule.get("areas", []) for p in area["patterns"]]
    if rule.get("unless_heading"):
        sources.append(rule.get("unless_heading"))
    for src in sources:
        compiled = _check_regex(src, where, path)
        if rule.kind == "relation" and not {"whole", "part"} <= set(compiled.groupindex):
            raise PackError(f"{where}：relation 的正则须含命名分组 (?P<whole>…) 和 (?P<part>…)：{src}", path)
        if rule.kind == "indicator" and src in rule.get("patterns", []) and "value" not in compiled.groupindex:
            raise PackError(f"{where}：indicator 的正则须含命名分组 (?P<value>…)：{src}", path)


def _check_regex(src: str, where: str, path: str) -> "re.Pattern":
    try:
        compiled = re.compile(fill(src, 2000))
    except (re.error, KeyError, IndexError, ValueError) as e:
        raise PackError(f"{where}：正则表达式“{src}”写法有误（{e}）。括号、方括号须成对；"
                        f"要匹配括号本身请写成 \\( \\) 或 [(]", path) from None
    if _nested_quantifier(fill(src, 2000)):
        raise PackError(f"{where}：正则表达式“{src}”中有“重复的内容里又有不限次数的重复”（如 (a+)+），"
                        f"遇到某些文字会运行极慢。请去掉外层或内层的 + / *，或改为有上限的 {{1,20}}", path)
    return compiled


_PLACEHOLDER = re.compile(r"\{(year|next_year|prev_year)\}")
_OFFSET = {"year": 0, "next_year": 1, "prev_year": -1}


def fill(pattern: str, year: Optional[int]) -> str:
    """Put the report year into {year}/{next_year}/{prev_year}; with no year known a
    placeholder matches nothing. Other braces (regex quantifiers) are left alone."""
    return _PLACEHOLDER.sub(lambda m: "(?!)" if year is None else str(year + _OFFSET[m.group(1)]), pattern)


REGEX_SECONDS = 2.0     # per search over one report; a sane pattern needs milliseconds


class RegexTimeout(CheckerError):
    """A pack's pattern ran away on some text (catastrophic backtracking)."""

    def __init__(self, pattern: str):
        super().__init__(f"正则表达式“{pattern}”运行超过 {REGEX_SECONDS:g} 秒（回溯过多），请改写该正则")
        self.pattern = pattern


class BoundedPattern:
    """A pack pattern whose every search is bounded in time (the `regex` module's timeouts):
    a pattern from a third-party pack can be slow, never a hang."""

    def __init__(self, source: str, pattern):
        self.source, self._pattern = source, pattern
        self.groupindex = pattern.groupindex

    def search(self, string: str, pos: int = 0, endpos: Optional[int] = None):
        try:
            return self._pattern.search(string, pos, len(string) if endpos is None else endpos, timeout=REGEX_SECONDS)
        except TimeoutError:
            raise RegexTimeout(self.source) from None

    def finditer(self, string: str, pos: int = 0, endpos: Optional[int] = None):
        try:
            return list(self._pattern.finditer(string, pos, len(string) if endpos is None else endpos,
                                               timeout=REGEX_SECONDS))
        except TimeoutError:
            raise RegexTimeout(self.source) from None


@functools.lru_cache(maxsize=4096)
def compiled(pattern: str, year: Optional[int] = None) -> BoundedPattern:
    import regex
    return BoundedPattern(pattern, regex.compile(fill(pattern, year), regex.VERSION0))


def _nested_quantifier(source: str) -> bool:
    """True for a group repeated without bound that itself holds a repeat without bound,
    like (a+)+ or (\\d*[，,])*: the shape that backtracks catastrophically."""
    from re import _parser as parser   # the standard library's own regex parser
    unbounded = (parser.MAXREPEAT,)

    def walk(items, inside: bool) -> bool:
        for op, arg in items:
            if op in (parser.MAX_REPEAT, parser.MIN_REPEAT):
                low, high, sub = arg
                open_ended = high in unbounded
                if open_ended and inside:
                    return True
                if walk(sub, inside or open_ended):
                    return True
            elif op == parser.SUBPATTERN:
                if walk(arg[-1], inside):
                    return True
            elif op == parser.BRANCH:
                if any(walk(branch, inside) for branch in arg[1]):
                    return True
            elif op in (parser.ASSERT, parser.ASSERT_NOT):
                if walk(arg[1], inside):
                    return True
        return False
    try:
        return walk(parser.parse(source), False)
    except Exception:
        return False
