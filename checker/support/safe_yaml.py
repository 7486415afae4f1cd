"""YAML the tool reads from users (rule packs, project configuration, fixture sidecars),
under limits: size, nesting and alias expansion are checked before anything walks the
data, and the YAML library's English errors come out in Chinese with the line. The YAML
library is imported on first use: a check with a shipped pack reads its cached form
(pack.cache) and needs no YAML at all."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..errors import CheckerError, PackError
from .bounded_read import read_bytes

MAX_PACK_BYTES = 1024 * 1024      # a real pack is tens of kilobytes
MAX_NESTING = 64                  # a real pack nests five or six levels
MAX_NODES = 200_000               # after expanding YAML aliases

if TYPE_CHECKING:
    import yaml


def read_text(path: str) -> str:
    try:
        return read_bytes(path, MAX_PACK_BYTES, "规则包").decode("utf-8")
    except UnicodeDecodeError:
        raise PackError("规则包须为 UTF-8 编码的 YAML 文件", path) from None
    except CheckerError as e:
        raise PackError(e.message, path) from None


def read_yaml_safely(path: str, what: str) -> Any:
    """Any other YAML the tool reads (a project's configuration, a fixture's sidecar), under the
    pack's limits (size, nesting, alias expansion), with errors that name what the file is."""
    try:
        text = read_text(path)
        return parse(text, path, mapping=False)[0] if text.strip() else None
    except PackError as e:
        raise CheckerError(e.message.replace("规则包", what), path) from None


def parse(text: str, path: str, inspect: bool = True, mapping: bool = True) -> tuple[Any, yaml.Node]:
    import yaml
    if inspect and _nesting(text) > MAX_NESTING:   # before the parser: libyaml overflows its stack on deep nesting
        raise PackError(f"规则包嵌套层次过深（超过 {MAX_NESTING} 层），不是正常的规则包", path)
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)   # libyaml when PyYAML has it: 5× faster
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
        lead = re.match(r"(?:-[ \t]+)*", stripped)   # always matches, perhaps empty
        dashes = lead.group(0).count("-") if lead else 0
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
    import yaml
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
    import yaml
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def node_at(root: yaml.Node, at: list) -> yaml.Node:
    """The node at a path of keys and indexes, or the deepest one that exists."""
    import yaml
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
    return node


def line_of(root: yaml.Node, at: list) -> int:
    return node_at(root, at).start_mark.line + 1


def key_line(root: yaml.Node, at: list, name: str) -> int:
    """The line of the key `name` in the mapping at `at` (where a misspelt field is)."""
    import yaml
    node = node_at(root, at)
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == name:
                return key.start_mark.line + 1
    return node.start_mark.line + 1
