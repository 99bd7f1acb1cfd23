"""Ergodic decomposition of a nonergodic HMM, and exact equality of two processes.

A stationary HMM whose state graph has several closed classes (and a stationary ``start``) is the
mixture ``sum_c w_c P_c`` of the ergodic processes ``P_c`` of its classes, with ``w_c`` the start's
mass on class ``c``.  Two classes may generate the same process; :func:`same_process` decides it
exactly: a few short word probabilities prove most differences at once, and otherwise the two
canonical minimal presentations (:func:`compmech.minimal_presentation`, which depend on the process
alone) are compared entry by entry.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import reduce

import sympy

from ..errors import InvalidArgumentError
from .hmm import HMM

__all__ = ["ErgodicComponent", "ergodic_decomposition", "same_process", "distinct_components", "class_average_start"]


@dataclass(frozen=True)
class ErgodicComponent:
    """One ergodic component: its weight, its HMM (the class's states) and their indices in the whole HMM."""

    weight: sympy.Expr
    hmm: HMM
    states: tuple


def _restricted(hmm: HMM, idx, name: str) -> HMM:
    mats = [[[m[i][j] for j in idx] for i in idx] for m in hmm.kernel.matrices]
    return HMM.from_exact(
        hmm.domain, mats, states=[hmm.states[i] for i in idx], alphabet=hmm.alphabet, name=name, _trusted=True
    )


def ergodic_decomposition(hmm: HMM) -> list[ErgodicComponent]:
    """The ergodic components of a stationary HMM with their exact weights (one component when ergodic).

    The classes without stationary mass are left out (the process never enters them); transient
    states carry no stationary mass.

    Examples
    --------
    >>> from compmech import mixture
    >>> from compmech.processes import golden_mean, period
    >>> parts = ergodic_decomposition(mixture([golden_mean(), period([0, 1])], ["1/3", "2/3"]))
    >>> [(c.weight, c.hmm.n_states) for c in parts]
    [(1/3, 2), (2/3, 2)]
    """
    if not isinstance(hmm, HMM):
        raise InvalidArgumentError(f"ergodic_decomposition needs a classical HMM, got {type(hmm).__name__}")
    K = hmm.domain
    if hmm.is_ergodic():
        return [ErgodicComponent(sympy.Integer(1), hmm, tuple(range(hmm.n_states)))]
    pi = hmm.kernel.stationary()  # the start (NotErgodicError names the classes when none was given)
    out = []
    for c, idx in enumerate(hmm.closed_classes(as_indices=True)):
        w = K.to_sympy(reduce(K.add, (pi[i] for i in idx), K.zero))  # in the domain: canonical for parameters
        if w != 0:
            out.append(ErgodicComponent(w, _restricted(hmm, idx, f"{hmm.name or 'HMM'}[class {c}]"), tuple(idx)))
    return out


def class_average_start(hmm: HMM) -> list:
    """The average of the stationary distributions of the closed classes (sympy values, one per state).

    A stationary distribution for an HMM that has several closed classes: for a presentation whose
    classes all generate one process (a hidden register driven by the symbols, say), every choice
    gives that process, and this one is canonical.

    Examples
    --------
    >>> class_average_start(HMM({0: [[1, 0], [0, 1]]}))
    [1/2, 1/2]
    """
    from ..kernel.linalg import stationary_of_class

    K = hmm.domain
    classes = hmm.closed_classes(as_indices=True)
    total = [
        [reduce(K.add, (m[i][j] for m in hmm.kernel.matrices), K.zero) for j in range(hmm.n_states)]
        for i in range(hmm.n_states)
    ]
    start = [sympy.Integer(0)] * hmm.n_states
    for cls in classes:
        idx = sorted(cls)
        pi = stationary_of_class([[total[i][j] for j in idx] for i in idx], K)
        for i, v in zip(idx, pi):
            start[i] += K.to_sympy(v) / len(classes)
    return start


def _embedded(hmm: HMM, alphabet: list) -> HMM:
    """The same process over a larger alphabet (the extra symbols never occur)."""
    if list(hmm.alphabet) == alphabet:
        return hmm
    K, n = hmm.domain, hmm.n_states
    zero = [[K.zero] * n for _ in range(n)]
    pos = {a: x for x, a in enumerate(hmm.alphabet)}
    mats = [hmm.kernel.matrices[pos[a]] if a in pos else zero for a in alphabet]
    return HMM.from_exact(K, mats, states=hmm.states, alphabet=alphabet, name=hmm.name, _trusted=True)


def same_process(a: HMM, b: HMM, max_dimension: int | None = 200) -> bool:
    """True when two stationary ergodic HMMs generate the same process (the same word probabilities), exactly.

    Words of length at most 2 decide most pairs at once; otherwise the canonical minimal
    presentations of both (over the union of their alphabets) are compared, which is a complete test
    (the minimal presentation depends on the process only).

    Examples
    --------
    >>> from compmech import mixture
    >>> from compmech.processes import golden_mean, even
    >>> same_process(golden_mean(), even()), same_process(golden_mean(), golden_mean("1/2"))
    (False, True)
    """
    from .minimal import minimal_presentation

    alphabet = list(a.alphabet) + [x for x in b.alphabet if x not in a.alphabet]
    for L in (1, 2):
        for w in itertools.product(alphabet, repeat=L):
            pa = a.word_probability(list(w)) if all(x in a.alphabet for x in w) else 0
            pb = b.word_probability(list(w)) if all(x in b.alphabet for x in w) else 0
            symbolic = getattr(pa, "free_symbols", None) or getattr(pb, "free_symbols", None)
            if (sympy.simplify(pa - pb) != 0) if symbolic else (pa != pb):
                return False
    ga = minimal_presentation(_embedded(a, alphabet), max_dimension).ghmm
    gb = minimal_presentation(_embedded(b, alphabet), max_dimension).ghmm
    if ga.n_states != gb.n_states or ga.eta != gb.eta:
        return False
    return all(sympy.simplify(ga.matrices[x] - gb.matrices[x]).is_zero_matrix for x in alphabet)


def distinct_components(components: list[ErgodicComponent], max_dimension: int | None = 200) -> list[tuple]:
    """Group components that generate the same process: ``[(total weight, component HMM), ...]``.

    Examples
    --------
    >>> from compmech import mixture
    >>> from compmech.processes import golden_mean
    >>> m = mixture([golden_mean(), golden_mean("1/2")], ["1/4", "3/4"])
    >>> [(w, h.n_states) for w, h in distinct_components(ergodic_decomposition(m))]
    [(1, 2)]
    """
    groups: list[list] = []
    for c in components:
        for g in groups:
            if same_process(g[1], c.hmm, max_dimension):
                g[0] += c.weight
                break
        else:
            groups.append([c.weight, c.hmm])
    return [(w, h) for w, h in groups]
