"""Is a GHMM a process?  Exact nonnegativity of every word probability, up to a length or for all lengths."""

from __future__ import annotations

from dataclasses import dataclass
from math import gcd

from .errors import BudgetExceededError, InvalidArgumentError, NegativeProbabilityError, excerpt
from .ghmm import GHMM

__all__ = ["NonnegativityCertificate", "verify_nonnegative"]


@dataclass(frozen=True)
class NonnegativityCertificate:
    """What :func:`verify_nonnegative` proved.

    Attributes
    ----------
    max_length : int
        Every word of length at most this has ``Pr >= 0`` (exactly).
    all_lengths : bool
        True when the check closed: the finite set of directions ``eta T[w]`` (up to positive scale)
        it found is mapped into itself by every ``T[x]``, and each has ``v . tau >= 0``; then every
        word of every length has ``Pr >= 0``.  False: the claim is only up to ``max_length``.
    n_directions : int
        Distinct directions ``eta T[w] / |.|`` visited (zero-probability ones included).
    """

    max_length: int
    all_lengths: bool
    n_directions: int

    def __str__(self) -> str:
        scope = "for all lengths (closed set of directions)" if self.all_lengths else f"up to length {self.max_length}"
        return f"Pr(w) >= 0 for every word, {scope}; {self.n_directions} directions checked"


def _primitive(vec: tuple) -> tuple:
    """The integer vector divided by the gcd of its entries (sign kept: the scale is positive)."""
    g = 0
    for v in vec:
        g = gcd(g, v)
    return tuple(v // g for v in vec) if g > 1 else vec


def verify_nonnegative(ghmm: GHMM, max_length: int, max_directions: int = 1_000_000) -> NonnegativityCertificate:
    """Check exactly that every word up to ``max_length`` has ``Pr(w) = eta T[w] tau >= 0``.

    Words are explored breadth-first through their unnormalized vectors ``eta T[w]`` (exact
    integers), merged when they point in the same direction (a positive multiple: the same future
    signs).  Zero-probability words are kept when their vector is not zero, since in a GHMM a word of
    probability 0 can have extensions of nonzero, even negative, probability.  When no new direction
    appears, the set is closed under every ``T[x]`` and the result holds for all lengths (said in the
    certificate); otherwise only up to ``max_length``.  A certificate for all lengths of an infinite
    belief set (an invariant cone) is not attempted.

    Parameters
    ----------
    ghmm : GHMM
        A presentation with rational entries (an HMM passes trivially).
    max_length : int
        Longest word checked.
    max_directions : int
        Budget: :class:`~compmech.errors.BudgetExceededError` when more directions than this appear.

    Returns
    -------
    NonnegativityCertificate

    Raises
    ------
    NegativeProbabilityError
        Naming the first word (shortest, then in symbol order) with a negative probability, with its
        exact value (``.word``, ``.probability``).

    Examples
    --------
    >>> from compmech.processes import tom_quantum, fanizza
    >>> print(verify_nonnegative(tom_quantum(), 20))
    Pr(w) >= 0 for every word, for all lengths (closed set of directions); 5 directions checked
    >>> print(verify_nonnegative(fanizza(), 30))
    Pr(w) >= 0 for every word, up to length 30; 61 directions checked
    >>> verify_nonnegative(fanizza(lam="1/2", angle=(-1, 0)), 10).all_lengths
    True
    """
    if isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 0:
        raise InvalidArgumentError(f"max_length must be a non-negative int, got {excerpt(max_length)}")
    form = ghmm.kernel.integer_form()
    M = [[[int(v) for v in row] for row in m] for m in form.M]
    tau = [int(t) for t in form.tau]
    n, k = ghmm.n_states, ghmm.n_symbols
    root = _primitive(tuple(int(v) for v in form.pi))
    seen = {root}
    frontier: list[tuple[tuple, tuple]] = [(root, ())]
    for _depth in range(max_length):
        nxt = []
        for vec, word in frontier:
            for x in range(k):
                m = M[x]
                child = tuple(sum(vec[i] * m[i][j] for i in range(n) if vec[i]) for j in range(n))
                if not any(child):
                    continue
                if sum(c * t for c, t in zip(child, tau)) < 0:
                    bad = [ghmm.alphabet[i] for i in (*word, x)]
                    p = ghmm.word_probability(bad)
                    raise NegativeProbabilityError(
                        f"the word {excerpt(bad)} has probability {excerpt(p)} < 0: this GHMM is not a valid process",
                        word=bad,
                        probability=p,
                    )
                child = _primitive(child)
                if child not in seen:
                    seen.add(child)
                    nxt.append((child, (*word, x)))
                    if len(seen) > max_directions:
                        raise BudgetExceededError(
                            f"verify_nonnegative: more than max_directions={max_directions:,} directions by length "
                            f"{_depth + 1}; raise max_directions or lower max_length"
                        )
        frontier = nxt
        if not frontier:
            return NonnegativityCertificate(max_length, True, len(seen))
    return NonnegativityCertificate(max_length, False, len(seen))
