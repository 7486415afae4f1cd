"""Rule packs: what a loaded pack is (`model`, all a check reads) and, loaded only when asked
for, the loader (`load`: extends, overrides, the shipped packs), its schema checks (`schema`),
the parsed-pack cache (`cache`), the generated guide (`doc`) and the fixtures runner
(`fixtures`). Importing the package loads none of these: a check needs the model only."""
from __future__ import annotations

from typing import Any

_LOADER = ("load_pack", "builtin_packs", "resolve")


def __getattr__(name: str) -> Any:
    if name in _LOADER:
        from . import load
        return getattr(load, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
