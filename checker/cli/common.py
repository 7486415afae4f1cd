"""What every command shares: its options, declared once (`--rules` was written seven times),
and how it reports a failure and writes a result file."""
from __future__ import annotations

import math
import os
import sys
from typing import Callable, Iterable, NoReturn, Optional

import click

from ..contract import LEVELS
from ..documents import DEFAULT_MAX_BYTES
from ..errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, describe_oserror
from ..scoring import LEVEL_ORDER
from ..support.atomic import write_file_atomic

FAIL_ON = [*LEVELS, "never"]


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


def exit_code(results: list, fail_on: str, min_score: Optional[float]) -> int:
    """1 when a report has a finding at or above `fail_on` or scores under `min_score`; 2 when one could not be read."""
    if any(r.status != "checked" for r in results):
        return EXIT_ERROR
    threshold = LEVEL_ORDER.get(fail_on)
    for r in results:
        if threshold is not None and any(LEVEL_ORDER[f.level] <= threshold for f in r.findings):
            return EXIT_FINDINGS
        if min_score is not None and r.score is not None and r.score < min_score:
            return EXIT_FINDINGS
    return EXIT_OK


def guard_output(path: str, inputs: Iterable[str], inside_folders: bool = True, what: str = "结果文件") -> None:
    """A result file never replaces what the command reads (a report, a roster, and with
    `inside_folders` any file in an audited folder, or a new one a later audit would read as a
    report) nor a read-only file: atomic writing would replace either without a word."""
    target = os.path.realpath(path)
    for given in inputs:
        real = os.path.realpath(given)
        inside = inside_folders and os.path.isdir(real) and os.path.commonpath([real, target]) == real
        if target == real:
            stop(f"{path}: {what}不能覆盖所读的文件（报告原件、名单等），请另起文件名；未写入任何文件")
        if inside and (os.path.exists(target) or _is_report_name(target)):
            stop(f"{path}: {what}不能写在所审查的文件夹“{given}”中——会覆盖报送的文件，"
                 f"或在下次审查时被当作报告；请另选位置；未写入任何文件")
    if os.path.isfile(target) and (not os.access(target, os.W_OK) or not os.stat(target).st_mode & 0o200):
        stop(f"{path}: 已有的结果文件是只读的，未改动；请换一个文件名，或先取消只读；未写入任何文件")


def _is_report_name(path: str) -> bool:
    from ..documents import supported_extensions
    return os.path.splitext(path)[1].lower() in supported_extensions()


def refuse_output_format(path: str, writable: Iterable[str], hint: str = "") -> NoReturn:
    """A result file whose extension names a format the command cannot write (结果.pdf): writing
    plain text under that name would give a file its program cannot open."""
    ext = os.path.splitext(path)[1].lower()
    stop(f"{path}: 不支持的结果格式“{ext or '无扩展名'}”，可写的格式：{'、'.join(writable)}{hint}；未写入任何文件")


class FiniteRange(click.FloatRange):
    """A number in a range that is a number: click's FloatRange lets nan through (it compares
    false with both bounds) and 1e309 (inf) past a bound that is open."""
    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value} 不是有限的数", param, ctx)
        return number


def rules_option(help: str = "规则包（默认 fazhi-annual-report）") -> Callable:
    return click.option("--rules", "rules_ref", metavar="ID或路径", help=help)


def fail_on_option(help: str) -> Callable:
    return click.option("--fail-on", type=click.Choice(FAIL_ON), default=None, help=help)


def min_score_option(help: str) -> Callable:
    return click.option("--min-score", type=FiniteRange(0, 100), default=None, metavar="分数", help=help)


def max_size_option(help: str = "单个文件大小上限（MB）") -> Callable:
    return click.option("--max-size", type=FiniteRange(min=0, max=100_000, min_open=True), default=DEFAULT_MAX_BYTES / 1048576,
                        show_default=True, metavar="MB", help=help)
