"""A module's regular expression compiled when it is first used, not when the module loads.

The standard engine compiles a class of Han characters ([一-鿿]) one character at a
time, about a millisecond each; a pattern most reports never reach should not cost
every single check that. Used like the compiled pattern it stands for (its methods and
attributes), not passed where a compiled pattern is expected.
"""
from __future__ import annotations

import re


class LazyPattern:
    def __init__(self, pattern: str, flags: int = 0):
        self._args = (pattern, flags)

    def __getattr__(self, name: str):
        """First use of `name`: compile, and keep the attribute so later uses find it directly."""
        value = getattr(re.compile(*self._args), name)
        setattr(self, name, value)
        return value
