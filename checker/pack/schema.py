"""Is a pack well formed? The JSON schema, the checks a schema cannot express (finite numbers,
message templates, section references, regular expressions that compile and cannot run away),
and every problem said in Chinese at its line."""
from __future__ import annotations

import functools
import json
import math
import re
import string
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Callable

from ..errors import PackError
from ..labels import SUGGESTION_ONLY
from ..patterns import fill
from ..support.safe_yaml import key_line, line_of
from .model import Rule

if TYPE_CHECKING:
    import yaml


@functools.lru_cache(maxsize=None)
def _schema_text() -> str:
    return files("checker.packs").joinpath("pack.schema.json").read_text("utf-8")


def schema() -> dict:
    return json.loads(_schema_text())


def reread() -> None:
    """Forget the schema read so far: it has just been written anew (pack.generate)."""
    _schema_text.cache_clear()


_TYPE_CN = {"string": "文字（字符串）", "number": "数字", "integer": "整数", "boolean": "true 或 false",
            "array": "列表", "object": "键值对"}


def _explain(error) -> str:
    v = error.validator
    if v == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        return f"缺少必填字段“{missing[0] if missing else error.message}”"
    if v == "type":
        expected = error.validator_value
        expected = [expected] if isinstance(expected, str) else expected
        hint = ""
        if "string" in expected and not isinstance(error.instance, str):
            hint = "（YAML 会把 1.10、no、2024-01-01 等读成数字、布尔值或日期，请加引号）"
        return f"应为{'或'.join(_TYPE_CN.get(t, t) for t in expected)}，实际是 {error.instance!r}{hint}"
    if v == "enum":
        import difflib  # only for a broken pack's message
        close = difflib.get_close_matches(str(error.instance), [str(x) for x in error.validator_value], n=1)
        hint = f"，是不是要写“{close[0]}”？" if close else ""
        return f"取值 {error.instance!r} 不对，应为 {'、'.join(map(str, error.validator_value))} 之一{hint}"
    if v == "const":
        return f"取值应为 {error.validator_value!r}"
    if v == "pattern":
        what = error.schema.get("description")
        return f"格式不对：{error.instance!r}" + (f"。此处应为：{what}" if what else f" 应匹配 {error.validator_value}")
    if v in ("minimum", "maximum"):
        word = "不小于" if v == "minimum" else "不大于"
        shown = repr(error.instance)
        return f"数值 {shown if len(shown) <= 20 else shown[:12] + f'…（{len(shown)} 位）'} 应{word} {error.validator_value}"
    if v in ("minItems", "minLength", "minProperties"):
        return "不能为空"
    return error.message


def _known_fields(error) -> list[str]:
    """Field names the schema allows where an unknown one was found."""
    names = set(error.schema.get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    if "kind" in instance and error.validator == "unevaluatedProperties":
        kind = schema()["$defs"].get(f"kind_{instance['kind']}", {})
        names |= set(kind.get("properties", {})) | set(schema()["$defs"]["rule"]["properties"])
    return sorted(names)


def _unknown_field(name: str, error) -> str:
    import difflib
    close = difflib.get_close_matches(name, _known_fields(error), n=1, cutoff=0.6)
    hint = f"，是不是要写“{close[0]}”？" if close else "。"
    return f"不认识的字段“{name}”{hint}（可用字段见 rules/README.md）"


def _problems(error, root: yaml.Node) -> list[tuple[int, str, str]]:
    """(line, where, what) for one schema error: an unknown field at its own line, each
    unknown field of a mapping on its own."""
    at = list(error.absolute_path)
    where = "/".join(map(str, at)) or "顶层"
    if error.validator in ("additionalProperties", "unevaluatedProperties"):
        names = re.findall(r"'([^']+)'", error.message)
        return [(key_line(root, at, name), where, _unknown_field(name, error)) for name in names]
    return [(line_of(root, at), where, _explain(error))]


def validate(data: dict, root: yaml.Node, path: str) -> None:
    import jsonschema
    validator = jsonschema.Draft202012Validator(schema())
    problems = sorted(p for e in validator.iter_errors(data) for p in _problems(e, root))
    if problems:
        lines = [f"第{line}行（{where}）：{what}" for line, where, what in problems[:10]]
        more = f"\n  …另有 {len(problems) - 10} 处" if len(problems) > 10 else ""
        raise PackError("规则包不符合格式要求：\n  " + "\n  ".join(lines) + more, path)


def finite(value: Any, line: Callable[[list], int], path: str, at: list) -> None:
    """.inf and .nan are numbers to YAML and to the schema, and poison every score and JSON.
    `line` finds the line of a path of keys in the pack."""
    if isinstance(value, float) and not math.isfinite(value):
        raise PackError(f"第{line(at)}行：数值“{value}”不是有限的数", path)
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        finite(child, line, path, at + [key])


def check_message(template: str, key: str, where: str, path: str) -> None:
    """A message is a template of plain {name} placeholders: nothing str.format would choke on or
    spend minutes on."""
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(template) if name is not None]
    except ValueError:
        raise PackError(f"{where}：{key} 中的花括号不成对。要显示花括号本身请写成 {{{{ 或 }}}}", path) from None
    for name, spec, conversion in fields:
        if not re.fullmatch(r"[A-Za-z_]\w*", name) or spec or conversion:
            raise PackError(f"{where}：{key} 中的占位符“{{{name}{'!' + conversion if conversion else ''}"
                            f"{':' + spec if spec else ''}}}”不合规：只能写 {{名称}}，如 {{year}}、{{match}}", path)


def check_rule(rule: Rule, section_ids: set[str], path: str, check_patterns: bool = True) -> None:
    where = f"第{rule.line}行（规则 {rule.id}）" if rule.line else f"规则 {rule.id}"
    for key, template in [("message", rule.message)] + [(k, v) for k, v in rule.params.items()
                                                          if k.endswith("_message") and isinstance(v, str)]:
        check_message(template, key, where, path)
    check_level_against_basis(rule, where, path)
    for key in ("section", "target"):
        ref = rule.get(key)
        if ref is not None and ref not in section_ids:
            raise PackError(f"{where}：{key} 引用的部分“{ref}”未定义（已定义：{'、'.join(sorted(section_ids))}）", path)
    if not check_patterns:
        return
    sources = [p for field in rule.patterns().values() for p in field]
    from ..kinds import KINDS  # a kind declares the named groups its patterns need
    groups = KINDS[rule.kind].groups
    for src in sources:
        compiled = check_regex(src, where, path)
        if groups and src in rule.get("patterns", []) and not set(groups) <= set(compiled.groupindex):
            named = "、".join(f"(?P<{g}>…)" for g in groups)
            raise PackError(f"{where}：{rule.kind} 的正则须含命名分组 {named}：{src}", path)


def check_level_against_basis(rule: Rule, where: str, path: str) -> None:
    """A rule resting only on research or practice is never an error, and as a suggestion
    deducts at most 1 point: wherever its level is set (the pack, its overrides, a configuration)."""
    level = rule.basis.get("level")
    if level in SUGGESTION_ONLY and (rule.level == "error" or (rule.level == "info" and rule.weight > 1)):
        raise PackError(f"{where}：依据只是{level}，规则不能是“错误”（用 warning 或 info；作为提示时每条扣分不超过 1 分）；"
                        f"或写明更有力的依据（法律法规、党内法规、国家标准、规范性文件、地方工作指引）", path)


def check_regex(src: str, where: str, path: str) -> "re.Pattern":
    try:
        compiled = re.compile(fill(src, 2000))
    except (re.error, KeyError, IndexError, ValueError) as e:
        raise PackError(f"{where}：正则表达式“{src}”写法有误（{e}）。括号、方括号须成对；"
                        f"要匹配括号本身请写成 \\( \\) 或 [(]", path) from None
    if _repeat_count(fill(src, 2000)) > MAX_REPEAT_COUNT:
        raise PackError(f"{where}：正则表达式“{src}”中的重复次数过大（如 法{{1000000000}}，或重复里再套重复，"
                        f"次数相乘超过 {MAX_REPEAT_COUNT}），会耗尽内存。请把次数改小，如 {{1,200}}", path)
    if _nested_quantifier(fill(src, 2000)):
        raise PackError(f"{where}：正则表达式“{src}”中有“重复的内容里又有不限次数的重复”（如 (a+)+），"
                        f"遇到某些文字会运行极慢。请去掉外层或内层的 + / *，或改为有上限的 {{1,20}}", path)
    return compiled


MAX_REPEAT_COUNT = 10_000   # a counted repeat (x{n,m}), times the counts of the repeats around it


def _repeat_count(source: str) -> int:
    """The largest written count of a repeat, multiplied through the repeats it sits in
    (法{1000000000}, (法{1000}){1000}); an open end (+, *, {3,}) counts its lower bound."""
    from re import _parser as parser  # type: ignore[attr-defined]

    def walk(items, outer: int) -> int:
        most = 0
        for op, arg in items:
            if op in (parser.MAX_REPEAT, parser.MIN_REPEAT, parser.POSSESSIVE_REPEAT):
                low, high, sub = arg
                count = outer * max(low, 1 if high == parser.MAXREPEAT else high)
                most = max(most, count, walk(sub, count))
            elif op == parser.SUBPATTERN:
                most = max(most, walk(arg[-1], outer))
            elif op == parser.ATOMIC_GROUP:
                most = max(most, walk(arg, outer))
            elif op == parser.BRANCH:
                most = max([most] + [walk(branch, outer) for branch in arg[1]])
            elif op in (parser.ASSERT, parser.ASSERT_NOT):
                most = max(most, walk(arg[1], outer))
        return most
    try:
        return walk(parser.parse(source), 1)
    except Exception:
        return 0


def _nested_quantifier(source: str) -> bool:
    """True for a group repeated without bound that itself holds a repeat without bound,
    like (a+)+ or (\\d*[，,])*: the shape that backtracks catastrophically."""
    from re import _parser as parser  # type: ignore[attr-defined]  # the standard library's own regex parser
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
