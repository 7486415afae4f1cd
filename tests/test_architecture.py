"""Structure the architecture review asked for, held so it stays: small modules, an engine
that names no kind, checks that reach only the pattern runtime (not the pack loader)."""
from __future__ import annotations

import ast
import subprocess
import sys

from checker.kinds import KINDS

from .conftest import ROOT

CHECKER = ROOT / "checker"


def test_no_module_is_over_400_lines():
    sizes = {str(p.relative_to(ROOT)): len(p.read_text("utf-8").splitlines()) for p in CHECKER.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 400} == {}


def test_the_engine_names_no_kind():
    """A kind's extra outputs (the coverage table, the indicators) are declared by the kind."""
    tree = ast.parse((CHECKER / "engine.py").read_text("utf-8"))
    strings = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    assert strings & set(KINDS) == set()


def test_checking_a_report_imports_no_pack_loader():
    """A check reaches the pattern runtime and the pack's model, never the loader, the YAML
    reader or the schema validator."""
    code = ("import sys, checker.engine, checker.kinds\n"
            "print(sorted(m for m in ('checker.pack.load', 'checker.support.safe_yaml', 'checker.pack.schema', 'yaml', 'jsonschema')"
            " if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert proc.stdout.strip() == "[]"


def test_every_package_of_the_tool_is_installed():
    """checker.annotate was missing from pyproject's package list: an installed (not editable)
    tool failed on `--format docx` and in the web page. Every folder with an __init__.py ships."""
    import tomllib
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in CHECKER.rglob("__init__.py")
             if "__pycache__" not in p.parts}
    assert found - listed == set()


def test_every_library_the_tool_imports_is_a_dependency():
    """numpy came in only with the test extras (through datasketch): on a plain `pip install`
    every audit stopped with an internal error. Each third-party module the tool imports
    must belong to a distribution pyproject names."""
    import re
    import tomllib
    from importlib.metadata import packages_distributions
    declared = {re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0].lower().replace("_", "-")
                for d in tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]}
    imported = set()
    for path in CHECKER.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                imported.add(node.module.split(".")[0])
    owners = packages_distributions()
    third_party = {name for name in imported if name not in sys.stdlib_module_names and name != "checker"}
    missing = {name: owners.get(name) for name in third_party
               if not {d.lower().replace("_", "-") for d in owners.get(name, [])} & declared}
    assert missing == {}


def _named(node: ast.AST, names: set[str]) -> bool:
    """`x.kind`, `x["kind"]`, `x.section` …: the operand reads one of these fields."""
    return any((isinstance(n, ast.Attribute) and n.attr in names)
               or (isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Constant) and n.slice.value in names)
               for n in ast.walk(node))


def test_no_module_outside_the_kinds_compares_a_kind_or_a_section_id_with_a_literal():
    """The audit asks the kinds for what it needs (kinds.feeding) and the parts by their role,
    so another pack's kinds and section ids work as the default pack's do."""
    from checker.pack import load_pack
    section_ids = {s.id for s in load_pack().sections}
    found = []
    for path in CHECKER.rglob("*.py"):
        if "kinds" in path.relative_to(CHECKER).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Compare):
                continue
            operands = [node.left, *node.comparators]
            literals = {n.value for o in operands for n in ast.walk(o)
                        if isinstance(n, ast.Constant) and isinstance(n.value, str)}
            if (literals & set(KINDS) and any(_named(o, {"kind"}) for o in operands)) or \
                    (literals & section_ids and any(_named(o, {"section", "section_id", "id"}) for o in operands)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
