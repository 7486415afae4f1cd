"""click's own words in Chinese. click marks every word it shows for gettext (`_` and
`ngettext`, imported into each of its modules); giving those names a Chinese catalogue makes
usage lines, help pages and errors read in one language, whatever the machine's locale."""
from __future__ import annotations

import re

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
        if hasattr(module, "_"):
            module._ = translate
        if hasattr(module, "ngettext"):
            module.ngettext = translate_plural


class HelpFormatter(click.HelpFormatter):
    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：")


class Context(click.Context):
    formatter_class = HelpFormatter


class Command(click.Command):
    """A command whose usage line reads 用法：report-check check [选项] 报告文件…"""
    context_class = Context

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
