"""The seams of the package: no module reads another object's private attributes; functions stay short."""

import ast
import pathlib

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "compmech"


def _modules():
    return sorted(PACKAGE.rglob("*.py"))


def cross_module_private_reads():
    """``obj._name`` where ``obj`` is not self/cls and ``_name`` is not defined in the same module."""
    hits = []
    for path in _modules():
        tree = ast.parse(path.read_text())
        defined = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                defined.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                defined.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                defined.add(node.id)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")):
                continue
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                continue
            if node.attr not in defined:
                hits.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {ast.unparse(node)}")
    return hits


def test_no_module_reads_another_objects_private_attributes():
    assert cross_module_private_reads() == []


def test_the_check_can_fail(tmp_path, monkeypatch):
    (tmp_path / "compmech").mkdir()
    (tmp_path / "compmech" / "bad.py").write_text("def f(hmm):\n    return hmm._kmats\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", tmp_path / "compmech")
    assert cross_module_private_reads() == ["compmech/bad.py:2: hmm._kmats"]


def long_functions(limit=80):
    """Functions with more than ``limit`` lines of code (the docstring, examples included, does not count)."""
    out = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                first = node.body[0]
                if isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant):
                    length -= first.end_lineno - first.lineno + 1
                if length > limit:
                    out.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {node.name} ({length} lines)")
    return out


def test_no_function_is_longer_than_80_lines():
    assert long_functions() == []
