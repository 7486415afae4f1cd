"""What every command shares: its options, declared once (`--rules` was written seven times),
and how it reports a failure and writes a result file."""
from __future__ import annotations

import os
import sys
from typing import Callable, Iterable, NoReturn

import click

from .atomic import write_file_atomic
from .documents import DEFAULT_MAX_BYTES
from .errors import EXIT_ERROR, describe_oserror

FAIL_ON = ["error", "warning", "info", "never"]


def fail(message: str) -> None:
    click.echo(f"report-check：{message}", err=True)


def stop(message: str) -> NoReturn:
    """Say why the command cannot do its job, and end it with exit code 2."""
    fail(message)
    sys.exit(EXIT_ERROR)


def write(path: str, content: str | bytes) -> None:
    """A result file, whole or not at all; a file that cannot be written stops the command."""
    try:
        write_file_atomic(path, content)
    except OSError as e:
        stop(f"{path}: 无法写入结果文件（{describe_oserror(e)}），原有文件未改动")


def refuse_output_format(path: str, writable: Iterable[str], hint: str = "") -> NoReturn:
    """A result file whose extension names a format the command cannot write (结果.pdf): writing
    plain text under that name would give a file its program cannot open."""
    ext = os.path.splitext(path)[1].lower()
    stop(f"{path}: 不支持的结果格式“{ext or '无扩展名'}”，可写的格式：{'、'.join(writable)}{hint}；未写入任何文件")


def rules_option(help: str = "规则包（默认 fazhi-annual-report）") -> Callable:
    return click.option("--rules", "rules_ref", metavar="ID或路径", help=help)


def fail_on_option(help: str) -> Callable:
    return click.option("--fail-on", type=click.Choice(FAIL_ON), default=None, help=help)


def min_score_option(help: str) -> Callable:
    return click.option("--min-score", type=click.FloatRange(0, 100), default=None, metavar="分数", help=help)


def max_size_option(help: str = "单个文件大小上限（MB）") -> Callable:
    return click.option("--max-size", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_MAX_BYTES / 1048576,
                        show_default=True, metavar="MB", help=help)
