"""The package is pure Python without float: no Django import, no float literal or ``float`` name."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1]
SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "tests" not in p.relative_to(PACKAGE).parts)
FORBIDDEN_IMPORTS = ("django", "ninja", "keqi.core", "keqi.accounts", "keqi.reference", "keqi.enterprises")


def _tree(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_sources_found():
    names = {p.name for p in SOURCES}
    assert {"__init__.py", "__main__.py", "numbers.py", "whatif.py", "batch.py", "tech_sme.py"} <= names


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_float_anywhere(path):
    """No float literal, no ``float`` name, no true division with an int literal (int / int -> float)."""
    problems = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Constant) and isinstance(node.value, float):
            problems.append(f"float literal {node.value!r} at line {node.lineno}")
        if isinstance(node, ast.Name) and node.id == "float":
            problems.append(f"float name at line {node.lineno}")
        if isinstance(node, ast.Attribute) and node.attr in ("from_float", "fromhex"):
            problems.append(f"{node.attr} at line {node.lineno}")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            for side in (node.left, node.right):
                if isinstance(side, ast.Constant) and isinstance(side.value, int):
                    problems.append(f"true division by an int literal at line {node.lineno}")
                if isinstance(side, ast.Call) and getattr(side.func, "id", None) in ("len", "sum", "int", "round"):
                    problems.append(f"true division of an int-valued call at line {node.lineno}")
    assert problems == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_django_or_app_imports(path):
    imported = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.append(node.module)
    bad = [name for name in imported if name.startswith(FORBIDDEN_IMPORTS)]
    assert bad == []


def test_importing_the_package_loads_no_django():
    code = "import sys, keqi.policy, keqi.policy.batch, keqi.policy.__main__; print(any(m.split('.')[0] in ('django', 'ninja') for m in sys.modules))"
    root = PACKAGE.parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True, timeout=60)
    assert out.stdout.strip() == "False"


def test_float_mixing_is_trapped_at_run_time():
    from decimal import Decimal, FloatOperation

    from keqi.policy.numbers import exact

    with exact(), pytest.raises(FloatOperation):
        Decimal(1) < 0.5  # noqa: B015
