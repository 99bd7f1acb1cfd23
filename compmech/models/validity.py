"""Is a GHMM a process?  Exact nonnegativity of every word probability, up to a length or for all lengths."""

from __future__ import annotations

from dataclasses import dataclass
from math import gcd

from ..errors import (
    BudgetExceededError,
    InvalidArgumentError,
    NegativeProbabilityError,
    PrecisionError,
    excerpt,
    word_text,
)
from .ghmm import GHMM

__all__ = ["NonnegativityCertificate", "verify_nonnegative", "confirm_negative"]


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
    stopped : bool
        True when the check stopped at its budget of directions (``partial=True``) before the length
        it was asked for: ``max_length`` is then the last length checked in full.
    """

    max_length: int
    all_lengths: bool
    n_directions: int
    stopped: bool = False

    def __str__(self) -> str:
        scope = "for all lengths (closed set of directions)" if self.all_lengths else f"up to length {self.max_length}"
        text = f"Pr(w) >= 0 for every word, {scope}; {self.n_directions} directions checked"
        return text + (" (the check stopped at its budget of directions)" if self.stopped else "")

    def scope(self) -> str:
        """What was and was not verified, in one phrase for a report.

        Examples
        --------
        >>> from compmech.processes import fanizza
        >>> verify_nonnegative(fanizza(), 12).scope()
        'Pr(w) >= 0 checked exactly for every word up to length 12 only; longer words are not checked'
        """
        if self.all_lengths:
            return "Pr(w) >= 0 proven for every word of every length (a closed set of directions)"
        return (
            f"Pr(w) >= 0 checked exactly for every word up to length {self.max_length} only; longer words are not "
            f"checked"
        )


def _primitive(vec: tuple) -> tuple:
    """The integer vector divided by the gcd of its entries (sign kept: the scale is positive)."""
    g = 0
    for v in vec:
        g = gcd(g, v)
    return tuple(v // g for v in vec) if g > 1 else vec


def verify_nonnegative(
    ghmm: GHMM, max_length: int, max_directions: int = 1_000_000, partial: bool = False
) -> NonnegativityCertificate:
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
    partial : bool
        With ``True``, running out of directions is not an error: the certificate covers the lengths
        checked in full (``stopped`` says so).  What a command line reports for a GHMM whose beliefs
        never close (a bounded check, then what it did and did not verify).

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
    >>> from compmech.processes import mess3
    >>> print(verify_nonnegative(mess3(), 20, max_directions=100, partial=True))
    Pr(w) >= 0 for every word, up to length 3; 100 directions checked (the check stopped at its budget of directions)
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
                        f"the word {word_text(bad)} has probability {excerpt(p)} < 0: this GHMM is not a valid process",
                        word=bad,
                        probability=p,
                    )
                child = _primitive(child)
                if child not in seen:
                    seen.add(child)
                    nxt.append((child, (*word, x)))
                    if len(seen) > max_directions:
                        if partial:
                            return NonnegativityCertificate(_depth, False, len(seen) - 1, stopped=True)
                        raise BudgetExceededError(
                            f"verify_nonnegative: more than max_directions={max_directions:,} directions by length "
                            f"{_depth + 1}; raise max_directions or lower max_length"
                        )
        frontier = nxt
        if not frontier:
            return NonnegativityCertificate(max_length, True, len(seen))
    return NonnegativityCertificate(max_length, False, len(seen))


def confirm_negative(ghmm: GHMM, word: list, value: float, where: str, start=None) -> None:
    """Decide exactly a negative probability that a float64 computation met, and raise.

    ``word`` (symbol indices, read from ``start``, by default the stationary vector) has the float64
    probability (or conditional probability of its last symbol) ``value < 0``.  Raises :class:`NegativeProbabilityError` with the
    exact value when it is negative, :class:`PrecisionError` when the exact value is not (float64
    rounding, not the process, went below zero).

    Examples
    --------
    >>> from compmech import GHMM
    >>> g = GHMM([[["3/2"]], [["-1/2"]]])
    >>> confirm_negative(g, [1], -0.5, "a test")
    Traceback (most recent call last):
    ...
    compmech.errors.NegativeProbabilityError: a test met the word '1' of probability -0.5 < 0 (exactly -1/2): this GHMM is not a valid process
    """
    symbols = [ghmm.alphabet[i] for i in word]
    p = ghmm.word_probability(symbols, start=start)
    if p < 0:
        raise NegativeProbabilityError(
            f"{where} met the word {word_text(symbols)} of probability {float(p):.3g} < 0 (exactly {excerpt(p)}): "
            "this GHMM is not a valid process",
            word=symbols,
            probability=p,
        )
    raise PrecisionError(
        f"{where}: float64 gave {value:.3g} < 0 after the word {word_text(symbols)}, whose exact probability is "
        f"{excerpt(p)} >= 0: float64 beliefs are too inaccurate here"
    )
