"""The LaTeX display of a presentation: its labelled matrices and vectors, exact (``_repr_latex_``)."""

from __future__ import annotations

from typing import Any

from ..kernel.latex import latex_labelled_matrix, latex_text, latex_vector

__all__ = ["presentation_latex", "MAX_LATEX_STATES"]

#: Presentations with more states are summarised in one line instead of printing their matrices.
MAX_LATEX_STATES = 12
_PER_LINE = 3  # labelled matrices side by side


def presentation_latex(hmm: Any, vectors: list[tuple[str, tuple | None]]) -> str:
    r"""``$$...$$``: the labelled matrices ``T^{(x)}`` of ``hmm`` and the named ``vectors`` (``None``: not shown).

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> text = presentation_latex(golden_mean(), [(r"\pi", golden_mean().stationary_distribution())])
    >>> print("\n".join(text.splitlines()[2:6]))
    T^{(0)} = \begin{array}{r|cc}
     & \text{A} & \text{B} \\ \hline
    \text{A} & \frac{1}{2} & 0 \\
    \text{B} & 1 & 0
    >>> print(text.splitlines()[-2])
    \pi = \left(\frac{2}{3},\ \frac{1}{3}\right)
    """
    kind = type(hmm).__name__
    title = (latex_text(hmm.name) if hmm.name else "") + latex_text(
        f"{': ' if hmm.name else ''}{kind}, {hmm.n_states} states, alphabet "
    )
    title += latex_vector(hmm.alphabet)
    if hmm.n_states > MAX_LATEX_STATES:
        note = latex_text(f"(more than {MAX_LATEX_STATES} states: the matrices are in .matrices)")
        return f"$${title} \\quad {note}$$"
    mats = [
        f"T^{{({_symbol(x)})}} = " + latex_labelled_matrix(m.tolist(), hmm.states, hmm.states)
        for x, m in hmm.matrices.items()
    ]
    lines = [title]
    lines += [r" \qquad ".join(mats[i : i + _PER_LINE]) for i in range(0, len(mats), _PER_LINE)]
    shown = [f"{name} = {latex_vector(v)}" for name, v in vectors if v is not None]
    if shown:
        lines.append(r" \qquad ".join(shown))
    return "$$\\begin{gathered}\n" + " \\\\[4pt]\n".join(lines) + "\n\\end{gathered}$$"


def _symbol(x) -> str:
    return str(x) if isinstance(x, int) and not isinstance(x, bool) else latex_text(str(x))
