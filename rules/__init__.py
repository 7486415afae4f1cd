"""Built-in rule packs (installed from the top-level rules/ folder)."""
