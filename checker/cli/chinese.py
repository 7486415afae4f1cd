"""click's own words in Chinese. click marks every word it shows for gettext (`_` and
`ngettext`, imported into each of its modules); giving those names a Chinese catalogue makes
usage lines, help pages and errors read in one language, whatever the machine's locale."""
from __future__ import annotations

import re
import unicodedata

import click

CATALOGUE = {
    "Options": "选项",
    "Commands": "命令",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看用法。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令“{name}”。",
    "No such option {name!r}.": "没有选项“{name}”。",
    "Option {name!r} does not take a value.": "选项“{name}”后面不用写值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "Argument {name!r} takes {nargs} values.": "参数“{name}”需要 {nargs} 个值。",
    "Aborted!": "已中止。",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "{value} is not in the range {range}.": "{value} 不在允许的范围（{range}）内。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是数字。",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是文件夹，这里要的是文件。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是文件，这里要的是文件夹。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”无法读取（没有权限）。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”无法写入（没有权限）。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不能执行。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是是/否值，可用：{states}",
    "%(prog)s, version %(version)s": "%(prog)s %(version)s",
}
PLURALS = {   # ngettext: the singular and the plural msgid each have their Chinese
    "Got unexpected extra argument ({args})": "多出了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多出了参数（{args}）",
    "Did you mean {possibility}?": "你是不是要写 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（你是不是要写其中之一：{possibilities}？）",
    "Option {name!r} requires an argument.": "选项“{name}”后面要写一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项“{name}”后面要写 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "{value!r} is not {choice}.": "“{value}”不对，应为 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不对，应为以下之一：{choices}。",
    "{value!r} does not match the format {format}.": "“{value}”的格式不对，应为 {format}。",
    "{value!r} does not match the formats {formats}.": "“{value}”的格式不对，应为以下之一：{formats}。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，给了 {len_value} 个。",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个值，给了 {len_value} 个。",
}


def translate(message: str) -> str:
    return CATALOGUE.get(message, message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    message = singular if n == 1 else plural
    return PLURALS.get(message, message)


def usage_message(error: click.exceptions.UsageError) -> str:
    """click's message with its ASCII full stops (hard-coded after "Missing option '--x'") made Chinese."""
    message = error.format_message()
    message = re.sub(r"'([^'\s]+)'", r"“\1”", message)
    message = re.sub(r"\.(\s+|$)", "。", message).replace("”, “", "”、“")
    return re.sub(r"。\s*（", "（", message).rstrip("。")


def install() -> None:
    """Give click's modules the Chinese catalogue (once, at import of the command line)."""
    import importlib
    for module in map(importlib.import_module, ("click.core", "click.decorators", "click.exceptions", "click.formatting",
                                                 "click.parser", "click.termui", "click.types", "click.utils")):
        for name, replacement in (("_", translate), ("ngettext", translate_plural)):
            if hasattr(module, name):
                setattr(module, name, replacement)


_BREAK_AFTER = set("，。；：、！？")   # a Chinese line may end after these, and at a space
_BREAK_BEFORE = set("（“「")   # … and before these
_OPENING, _CLOSING = set("[“「『"), set("]”」』")
_NOT_FIRST = _BREAK_AFTER | set("）”」』")


def columns(text: str) -> int:
    """How many terminal columns a text takes: a Chinese character or punctuation mark takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns, broken after Chinese punctuation (or at a space), never
    inside a phrase unless the phrase is longer than a line. click's own wrapping breaks only at
    spaces and counts a Chinese character as one column: 批注版 Word|中，… and lines twice too long."""
    lines, rest = [], " ".join(text.split())
    while columns(rest) > width:
        cut = _cut(rest, width)
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*lines, rest] if rest else lines


def _cut(text: str, width: int) -> int:
    """Where the first line of `text` ends: after the last ，。； that fits, else before the last
    （“ (unless that leaves the line short), else at the last space, else as much as fits."""
    fit, used, depth, inner, punct, before, space = 0, 0, 0, 0, 0, 0, 0
    for i, c in enumerate(text):
        used += columns(c)
        if used > width:
            break
        if c in _BREAK_BEFORE and not depth and i:
            before = i
        depth += (c in _OPENING) - (c in _CLOSING)      # a quoted phrase and click's [默认：…] stay whole
        inner += (c == "（") - (c == "）")               # (.xlsx .csv .txt) too, but for its punctuation
        fit = i + 1
        if depth:
            continue
        if c in _BREAK_AFTER and text[i + 1:i + 2] not in _BREAK_AFTER | {""}:
            punct = i + 1
        elif c == " " and not inner:
            space = i
    if fit < len(text) and text[fit] == " " and not depth and not inner:
        space = fit
    best = next((b for b in (punct, before) if b * 3 >= fit), max(punct, before, space))
    if best:
        return best
    while fit > 1 and text[fit] in _NOT_FIRST:   # a line never starts with ，。 or a closing mark
        fit -= 1
    return max(fit, 1)


class HelpFormatter(click.HelpFormatter):
    """click's help with Chinese measured and wrapped as Chinese (see `wrap`)."""

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for n, paragraph in enumerate(re.split(r"\n\s*\n", text)):
            if n:
                self.write("\n")
            if paragraph.lstrip(" ").startswith("\b"):   # click's mark for a block kept as written
                self.write("".join(f"{indent}{line}\n" for line in paragraph.splitlines()[1:]))
            else:
                self.write("".join(f"{indent}{line}\n" for line in wrap(paragraph, self.width - self.current_indent)))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        col_max = min(col_max, self.width // 3)   # a narrow terminal keeps room for the Chinese
        first_col = min(max((columns(first) for first, _ in rows), default=0), col_max) + col_spacing
        lead = " " * (self.current_indent + first_col)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if columns(first) <= first_col - col_spacing:
                self.write(" " * (first_col - columns(first)))
            else:
                self.write("\n" + lead)
            lines = wrap(second, max(self.width - self.current_indent - first_col, 20)) or [""]
            self.write(lines[0] + "\n" + "".join(f"{lead}{line}\n" for line in lines[1:]))

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：")


class Context(click.Context):
    formatter_class = HelpFormatter


def first_sentence(help: str | None) -> str:
    """A command's line in its group's list: its first sentence whole (click cuts it at 45
    characters, mid-phrase, counting a Chinese character as one column); `wrap` lays it out."""
    text = " ".join((help or "").partition("\f")[0].split())
    return re.split(r"(?<=。)", text, maxsplit=1)[0]


class Command(click.Command):
    """A command whose usage line reads 用法：report-check check [选项] 报告文件…"""
    context_class = Context

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.short_help or first_sentence(self.help)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)
        for param in self.params:   # INTEGER RANGE, TEXT … in the help: name the kind of value in Chinese
            if isinstance(param, click.Option) and param.metavar is None and not param.is_flag \
                    and not isinstance(param.type, click.Choice):
                param.metavar = _VALUE_KIND.get(type(param.type), "值")


_VALUE_KIND = {click.types.IntParamType: "整数", click.IntRange: "整数", click.types.FloatParamType: "数",
               click.FloatRange: "数", click.types.StringParamType: "文字", click.Path: "路径",
               click.DateTime: "日期"}


class Group(click.Group):
    context_class = Context
    command_class = Command
    group_class = type

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]…")
        super().__init__(*args, **kwargs)

    get_short_help_str = Command.get_short_help_str
