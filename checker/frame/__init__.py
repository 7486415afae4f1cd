"""The frame of a report around its parts: title (title.py), addressee and sign-off (signoff.py),
year (year.py) and reporting unit (issuer.py), each found by its own module."""
from __future__ import annotations

from .issuer import find_issuer
from .signoff import find_addressee, find_signature
from .title import find_title
from .units import UNIT_ENDING
from .year import decide_year, year_sources

__all__ = ["find_title", "find_addressee", "find_signature", "find_issuer", "year_sources", "decide_year",
           "UNIT_ENDING"]
