"""A safe reader of exact numbers and parameter expressions in text (no eval, no sympify).

Every piece of user text that becomes a number (HMM files, fixture files, the
command line, strings passed to the Python API) goes through
:func:`read_exact`.  It parses the text with Python's own parser into a
syntax tree and walks that tree with a whitelist: integer and decimal
literals, the declared parameter names, ``+ - * /``, and ``**`` with a small
integer literal exponent.  Nothing is evaluated by Python; the value is built
with sympy's constructors.  Limits on the text's length, the digits of one
literal, the exponent and the nesting depth make every input fail in
microseconds instead of exhausting memory.
"""

from __future__ import annotations

import ast
import re
from fractions import Fraction

import sympy

from ..errors import InvalidEntryError

__all__ = ["read_exact", "MAX_TEXT", "MAX_DIGITS", "MAX_EXPONENT", "MAX_DEPTH", "check_parameter_name"]

MAX_TEXT = 2_000  # characters of one entry
MAX_DIGITS = 400  # digits of one literal (a 400-digit denominator is far beyond any real model)
MAX_EXPONENT = 64  # |n| in x**n
MAX_DEPTH = 40  # nesting of the expression tree
_LITERAL = re.compile(r"(\d[\d_]*)?(?:\.(\d[\d_]*)?)?(?:[eE]([+-]?\d+))?")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,31}")
_RESERVED = {"I", "E", "S", "N", "O", "Q", "pi", "oo", "nan", "zoo"}  # sympy names that are not plain symbols


def check_parameter_name(name: object, where: str = "parameter") -> str:
    """Return ``name`` if it can name a parameter (a letter, then letters, digits, ``_``; at most 32)."""
    if not isinstance(name, str) or not _NAME.fullmatch(name) or name in _RESERVED:
        raise InvalidEntryError(
            f"{where}: {name!r} cannot name a parameter (a letter, then letters, digits or _, at most 32 "
            f"characters, not one of {', '.join(sorted(_RESERVED))})"
        )
    return name


def _literal(text: str, where: str) -> sympy.Rational:
    m = _LITERAL.fullmatch(text)
    if not m or not (m.group(1) or m.group(2)):
        raise InvalidEntryError(f"{where}: cannot read the number {text!r}")
    digits = len((m.group(1) or "").replace("_", "")) + len((m.group(2) or "").replace("_", ""))
    if digits > MAX_DIGITS:
        raise InvalidEntryError(f"{where}: a number with {digits} digits (at most {MAX_DIGITS})")
    exp = int(m.group(3) or 0)
    if abs(exp) > MAX_DIGITS:
        raise InvalidEntryError(f"{where}: exponent e{exp} of {text[:20]!r} is too large (at most {MAX_DIGITS})")
    value = Fraction(text.replace("_", ""))
    return sympy.Rational(value.numerator, value.denominator)


class _Reader:
    def __init__(self, text: str, where: str, symbols: dict):
        self.text, self.where, self.symbols = text, where, symbols

    def fail(self, what: str):
        raise InvalidEntryError(
            f"{self.where}: {what} in {self.text[:60]!r}; allowed: numbers such as 3/8 or 0.25"
            + (f", the parameters {', '.join(self.symbols)}" if self.symbols else "")
            + ", + - * / ( ) and ** with an integer exponent"
        )

    def visit(self, node, depth: int):
        if depth > MAX_DEPTH:
            self.fail(f"nesting deeper than {MAX_DEPTH}")
        if isinstance(node, ast.Expression):
            return self.visit(node.body, depth + 1)
        if isinstance(node, ast.Constant):
            if type(node.value) not in (int, float):  # bool, str, complex, bytes, None, Ellipsis
                self.fail(f"the constant {node.value!r}")
            return _literal(ast.get_source_segment(self.text, node) or "", self.where)
        if isinstance(node, ast.Name):
            if node.id not in self.symbols:
                self.fail(f"the name {node.id!r}" + ("" if self.symbols else " (no parameters are declared)"))
            return self.symbols[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
            v = self.visit(node.operand, depth + 1)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Pow):
                return self.power(node, depth)
            if not isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
                self.fail(f"the operator {type(node.op).__name__}")
            a, b = self.visit(node.left, depth + 1), self.visit(node.right, depth + 1)
            if isinstance(node.op, ast.Add):
                return a + b
            if isinstance(node.op, ast.Sub):
                return a - b
            if isinstance(node.op, ast.Mult):
                return a * b
            if b == 0:
                self.fail("a division by zero")
            return a / b
        self.fail(f"the construct {type(node).__name__}")

    def power(self, node, depth: int):
        exp = node.right
        sign = 1
        if isinstance(exp, ast.UnaryOp) and isinstance(exp.op, (ast.UAdd, ast.USub)):
            sign = -1 if isinstance(exp.op, ast.USub) else 1
            exp = exp.operand
        if not (isinstance(exp, ast.Constant) and type(exp.value) is int):
            self.fail("an exponent that is not an integer literal")
        n = sign * exp.value
        if abs(n) > MAX_EXPONENT:
            self.fail(f"the exponent {n} (at most {MAX_EXPONENT} in absolute value)")
        base = self.visit(node.left, depth + 1)
        if n < 0 and base == 0:
            self.fail("a division by zero")
        return base**n


def read_exact(text: str, where: str = "value", symbols: dict | None = None) -> sympy.Expr:
    """Read an exact number, or an expression over declared parameters, from text.

    Parameters
    ----------
    text : str
        ``"3/8"``, ``"0.25"``, ``"1e-3"``, ``"-2"``, or with ``symbols``
        an expression such as ``"(1 - p)/2"`` or ``"p**2"``.
    where : str
        Where the text comes from, for error messages.
    symbols : dict of str -> sympy.Symbol, optional
        The parameters the text may use (none by default).

    Returns
    -------
    sympy.Expr
        A ``sympy.Rational``, or an expression in the given symbols.

    Raises
    ------
    InvalidEntryError
        For anything else: names not declared, calls, attributes, floats
        written with too many digits, exponents that are not small integer
        literals, text too long or nested too deep.  Nothing is evaluated.

    Examples
    --------
    >>> read_exact("3/8"), read_exact(" 0.25 "), read_exact("1e-3")
    (3/8, 1/4, 1/1000)
    >>> p = sympy.Symbol("p")
    >>> read_exact("(1 - p)/2", symbols={"p": p})
    1/2 - p/2
    >>> read_exact("__import__('os').system('true')")
    Traceback (most recent call last):
    ...
    compmech.errors.InvalidEntryError: value: the construct Call in "__import__('os').system('true')"; allowed: numbers such as 3/8 or 0.25, + - * / ( ) and ** with an integer exponent
    >>> read_exact("1/2**(2**34)")
    Traceback (most recent call last):
    ...
    compmech.errors.InvalidEntryError: value: an exponent that is not an integer literal in '1/2**(2**34)'; allowed: numbers such as 3/8 or 0.25, + - * / ( ) and ** with an integer exponent
    """
    if not isinstance(text, str):
        raise InvalidEntryError(f"{where}: expected text, got {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise InvalidEntryError(f"{where}: an entry of {len(text)} characters (at most {MAX_TEXT})")
    stripped = text.strip()
    if not stripped:
        raise InvalidEntryError(f"{where}: an empty entry")
    depth = 0
    for ch in stripped:  # bound the parser's own recursion before it runs
        depth += ch == "("
        depth -= ch == ")"
        if depth > MAX_DEPTH:
            raise InvalidEntryError(f"{where}: parentheses nested deeper than {MAX_DEPTH}")
    try:
        tree = ast.parse(stripped, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise InvalidEntryError(f"{where}: cannot read {stripped[:60]!r} as an exact number or expression") from None
    return _Reader(stripped, where, dict(symbols or {})).visit(tree, 0)
