"""Which files an audit covers: files as given, folders searched recursively for every
supported format, in a stable order; nothing silently skipped."""
from __future__ import annotations

import os

from ..documents import supported_extensions


def collect(paths: list[str]) -> tuple[list[str], list[str]]:
    """(report files, paths that do not exist)."""
    wanted = set(supported_extensions())
    files, missing = [], []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if os.path.splitext(name)[1].lower() in wanted and not name.startswith(("~$", ".")):
                        files.append(os.path.join(root, name))
        elif os.path.exists(path):
            files.append(path)
        else:
            missing.append(path)
    seen = set()
    return [f for f in files if not (f in seen or seen.add(f))], missing
