"""Data files shipped with report-check (see make_compact_dict.py)."""
