"""Helpers the pipeline stands on and does not name as a stage: atomic writes, bounded reads,
file names, the cache and scratch folders, stopping on signals, checksums, lazy patterns, safe YAML."""
