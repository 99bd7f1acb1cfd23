"""LaTeX text of exact values, vectors and labelled matrices (for ``_repr_latex_`` and TikZ labels).

Pure text, no drawing: the rooms that display themselves in Jupyter (models, presentations,
measures) use it, and so does the ``plot`` room.  Exact values stay exact: ``1/2`` is ``\\frac{1}{2}``,
a parameter ``p`` is ``p``, and a quantity in bits written with ``log(a)/log(2)`` reads ``\\log_2 3``.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import sympy
from sympy.printing.latex import LatexPrinter

__all__ = ["latex", "latex_escape", "latex_text", "latex_vector", "latex_labelled_matrix", "in_bits"]

_LN2 = sympy.Dummy("ln2")


class _Log2(sympy.Function):
    """``log_2(a)``, for printing only (no evaluation rules): ``\\log_2 a`` in LaTeX."""

    def _latex(self, printer) -> str:
        arg = self.args[0]
        inner = printer.doprint(arg)
        return rf"\log_2 {inner}" if arg.is_Atom else rf"\log_2\left({inner}\right)"

    def _sympystr(self, printer) -> str:
        return f"log_2({printer.doprint(self.args[0])})"


def in_bits(value: sympy.Expr) -> sympy.Expr:
    """``value`` with every ``log(a)/log(2)`` written as ``log_2(a)`` (an undefined function, for printing).

    Nothing changes where ``log(2)`` does not cancel (a quantity in nats keeps its natural logs).

    Examples
    --------
    >>> in_bits(sympy.log(3) / sympy.log(2) - sympy.Rational(2, 3))
    log_2(3) - 2/3
    >>> in_bits(sympy.log(3))
    log(3)
    """
    logs = value.atoms(sympy.log)
    if not logs:
        return value
    out = value.xreplace({a: _LN2 if a.args[0] == 2 else _Log2(a.args[0]) * _LN2 for a in logs})
    if _LN2 in out.free_symbols:
        out = sympy.factor_terms(out)
    return value if _LN2 in out.free_symbols else out


def latex(value) -> str:
    """LaTeX of one exact value: an int, a Fraction, a sympy number or expression, or text.

    Examples
    --------
    >>> latex(sympy.Rational(1, 2)), latex(Fraction(-3, 4)), latex(7)
    ('\\\\frac{1}{2}', '- \\\\frac{3}{4}', '7')
    >>> latex(sympy.log(3) / sympy.log(2) - sympy.Rational(2, 3))
    '\\\\log_2 3 - \\\\frac{2}{3}'
    >>> p = sympy.Symbol("p")
    >>> latex(1 - p)
    '1 - p'
    >>> latex("A_1")
    '\\\\text{A}\\\\_\\\\text{1}'
    """
    if isinstance(value, str):
        return latex_text(value)
    if isinstance(value, bool):
        return latex_text(str(value))
    if isinstance(value, Fraction):
        value = sympy.Rational(value.numerator, value.denominator)
    value = sympy.sympify(value)  # ints and sympy values only (strings were handled above)
    return LatexPrinter().doprint(in_bits(value))


_TEXT_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "_": r"\_",
    "^": r"\^{}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "~": r"\~{}",
}


def latex_text(text: str) -> str:
    r"""Plain text (a state name, a label) as math-mode LaTeX: ``\text{...}``, special characters escaped
    outside it (math-mode escapes, which LaTeX and MathJax both read).

    Examples
    --------
    >>> print(latex_text("S"), latex_text("50%"), latex_text("golden_mean"))
    \text{S} \text{50}\% \text{golden}\_\text{mean}
    """
    out = []
    for c in str(text):
        out.append("}" + _MATH_ESCAPES[c] + r"\text{" if c in _MATH_ESCAPES else c)
    return (r"\text{" + "".join(out) + "}").replace(r"\text{}", "") or r"\text{}"


_MATH_ESCAPES = {**_TEXT_ESCAPES, "\\": r"\backslash ", "^": r"\hat{}", "~": r"\sim "}


def latex_escape(text: str) -> str:
    r"""Plain text with LaTeX's special characters escaped (for text mode).

    Examples
    --------
    >>> print(latex_escape("50% of {x_1}"))
    50\% of \{x\_1\}
    """
    return "".join(_TEXT_ESCAPES.get(c, c) for c in str(text))


def _name(label) -> str:
    return latex(label) if isinstance(label, int) and not isinstance(label, bool) else latex_text(str(label))


def latex_vector(values: Sequence) -> str:
    """A row vector of exact values, ``\\left(a,\\ b\\right)``.

    Examples
    --------
    >>> latex_vector([sympy.Rational(2, 3), sympy.Rational(1, 3)])
    '\\\\left(\\\\frac{2}{3},\\\\ \\\\frac{1}{3}\\\\right)'
    """
    return r"\left(" + r",\ ".join(latex(v) for v in values) + r"\right)"


def latex_labelled_matrix(rows: Sequence[Sequence], row_labels: Sequence, col_labels: Sequence) -> str:
    """A matrix with its rows and columns named (states), as a LaTeX ``array`` with a rule under the names.

    Examples
    --------
    >>> print(latex_labelled_matrix([[0, sympy.Rational(1, 2)], [1, 0]], ["A", "B"], ["A", "B"]))
    \\begin{array}{r|cc}
     & \\text{A} & \\text{B} \\\\ \\hline
    \\text{A} & 0 & \\frac{1}{2} \\\\
    \\text{B} & 1 & 0
    \\end{array}
    """
    head = " & " + " & ".join(_name(c) for c in col_labels) + r" \\ \hline"
    body = [_name(r) + " & " + " & ".join(latex(v) for v in row) for r, row in zip(row_labels, rows)]
    return "\n".join([r"\begin{array}{r|" + "c" * len(col_labels) + "}", head, " \\\\\n".join(body), r"\end{array}"])
