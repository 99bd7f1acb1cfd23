"""The anatomy at a finite window: past ``X_{-L:0}``, present ``X_0``, future ``X_{1:L+1}``, exactly.

Every atom of the I-diagram of the three blocks comes from five exact entropies: by stationarity
``H[P] = H[F] = H(L)``, ``H[P, X_0] = H[X_0, F] = H(L+1)``, ``H[P, X_0, F] = H(2L+1)``, ``H[X_0] = H(1)``,
and ``H[P, F]``, the entropy of the blocks with the present left out.  That one is
``H(L) + sum_eta Pr(eta) H_L(eta T)``: after a past the observer's belief is a mixed state ``eta``, the
present symbol, unseen, moves it to ``eta T``, and ``H_L(eta T)`` is the block entropy of the next ``L``
symbols from there.  Mixed states are merged by exact equality (:func:`mixed_state_presentation`), so the
cost grows with the number of distinct beliefs, not with ``|A|^(2L+1)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InvalidArgumentError
from ._anatomy_core import Anatomy
from ._logs import combine
from .blocks import _distributions, _myopic_raw

__all__ = ["BlockAnatomy", "block_anatomy", "block_terms"]


@dataclass(frozen=True)
class BlockAnatomy(Anatomy):
    """The anatomy at window ``L`` (see :func:`block_anatomy`), with the whole I-diagram.

    Attributes
    ----------
    H, h, rho, r, b, q, sigma, E
        As for :class:`Anatomy`, with the past ``P = X_{-L:0}`` and the future ``F = X_{1:L+1}``:
        ``h = H[X0 | P]``, ``r = H[X0 | P, F]``, ``b = I[X0; F | P]``, ``q = I[P; X0; F]``,
        ``sigma = I[P; F | X0]``, ``E = I[P; X0, F]``.
    atoms : dict
        The seven atoms of the I-diagram of ``(P, X0, F)``: ``"H[X0|P,F]"`` (= r), ``"H[P|X0,F]"``,
        ``"H[F|P,X0]"``, ``"I[X0;F|P]"`` (= b), ``"I[P;X0|F]"`` (= b, by stationarity), ``"I[P;F|X0]"``
        (= sigma) and ``"I[P;X0;F]"`` (= q).
    entropies : dict
        ``"H[P]"``, ``"H[F]"``, ``"H[X0]"``, ``"H[P,X0]"``, ``"H[X0,F]"``, ``"H[P,F]"``, ``"H[P,X0,F]"``.
    """

    atoms: dict = field(default_factory=dict, compare=False)
    entropies: dict = field(default_factory=dict, compare=False)


def _shifted(belief, kernel, K):
    """``eta T``: the belief after one unseen symbol (exact)."""
    out = [K.zero] * len(belief)
    for x in range(kernel.n_symbols):
        for i, v in enumerate(kernel.step(list(belief), x)):
            out[i] = out[i] + v
    return tuple(out)


def _past_future_entropy(hmm, L: int, max_states):
    """``H[X_{-L:0}, X_{1:L+1}]`` exactly: ``H(L) + sum_eta Pr(eta) H_L(eta T)`` over the mixed states at depth ``L``."""
    K = hmm.domain
    if L == 0:
        return combine([], [], K)
    msp, dists = _distributions(hmm, L, max_states)
    masses: dict = {}  # eta T -> the probability of the pasts that lead there
    for u, m in dists[L].items():
        start = _shifted(msp.exact.belief(u), hmm.kernel, K)
        masses[start] = masses[start] + m if start in masses else m
    futures = [
        sum(_myopic_raw(hmm, L, max_states, start=[K.to_sympy(v) for v in start]), combine([], [], K))
        for start in masses
    ]
    pasts = sum(_myopic_raw(hmm, L, max_states), combine([], [], K))
    return pasts + combine(list(masses.values()), futures, K)


def block_terms(hmm, L: int, max_states: int | None = 1_000_000) -> dict:
    """Every term and atom at window ``L`` as :class:`Log2Sum` values (sympy for parametric HMMs)."""
    if not isinstance(L, int) or isinstance(L, bool) or L < 0:
        raise InvalidArgumentError(f"L must be a non-negative int, got {L!r}")
    K = hmm.domain
    zero = combine([], [], K)
    myopic = _myopic_raw(hmm, 2 * L + 1, max_states)
    blocks = [zero]
    for v in myopic:
        blocks.append(blocks[-1] + v)
    H1, HL, HL1, H2 = blocks[1], blocks[L], blocks[L + 1], blocks[2 * L + 1]
    HPF = _past_future_entropy(hmm, L, max_states)
    h = HL1 - HL
    r = H2 - HPF
    b = h - r
    rho = H1 - h
    q = rho - b
    E = HL + HL1 - H2
    sigma = E - rho
    terms = {"H": H1, "h": h, "rho": rho, "r": r, "b": b, "q": q, "sigma": sigma, "E": E}
    atoms = {
        "H[X0|P,F]": r,
        "H[P|X0,F]": H2 - HL1,
        "H[F|P,X0]": H2 - HL1,
        "I[X0;F|P]": b,
        "I[P;X0|F]": HL1 + HPF - HL - H2,
        "I[P;F|X0]": sigma,
        "I[P;X0;F]": q,
    }
    entropies = {"H[P]": HL, "H[F]": HL, "H[X0]": H1, "H[P,X0]": HL1, "H[X0,F]": HL1, "H[P,F]": HPF, "H[P,X0,F]": H2}
    return {"terms": terms, "atoms": atoms, "entropies": entropies}


def block_anatomy(hmm, L: int, max_states: int | None = 1_000_000) -> BlockAnatomy:
    """The anatomy at window ``L``: past ``X_{-L:0}``, present ``X_0``, future ``X_{1:L+1}``, exactly.

    Exact for any HMM or GHMM, Mess3 included (a finite sum of rational x log2(rational) for rational
    entries, an expression in the parameters otherwise), with the whole I-diagram of the three blocks in
    ``atoms``.  The identities ``h = r + b``, ``rho = b + q``, ``H = r + 2b + q`` and ``E = b + q + sigma``
    hold at every ``L``.  As ``L`` grows, ``h``, ``r`` fall and ``sigma``, ``E`` rise to the values of
    :func:`anatomy`; for a process of Markov order ``R`` they are equal for every ``L >= R``.

    The cost grows with the number of distinct beliefs after ``L`` symbols times the cost of the
    block entropy of ``L`` symbols from each: up to ``|A|^(2L)`` for a process whose beliefs never merge
    (Mess3: ``L = 4`` takes seconds); ``max_states`` bounds each mixed-state presentation.

    Raises
    ------
    InvalidArgumentError
        When ``L`` is not a non-negative int.
    MSPTooLargeError
        When a mixed-state presentation exceeds ``max_states`` beliefs.

    See Also
    --------
    anatomy
    block_entropies

    References
    ----------
    - R. G. James, C. J. Ellison and J. P. Crutchfield, "Anatomy of a bit: information in a time series observation", Chaos 21, 037109 (2011).

    Examples
    --------
    >>> from compmech.processes import golden_mean, mess3
    >>> a = block_anatomy(golden_mean(), 1)      # Markov order 1: already the limit
    >>> a.r, a.sigma
    (-1/3 + log(3)/(2*log(2)), 0)
    >>> a.atoms["I[P;X0;F]"]
    -7/3 + 3*log(3)/(2*log(2))
    >>> m = block_anatomy(mess3(), 1)
    >>> round(float(m.r), 6), round(float(m.b), 6), round(float(m.q), 6), round(float(m.sigma), 6)
    (1.077325, 0.160102, 0.187434, 0.064003)
    """
    from ._logs import to_expr

    parts = block_terms(hmm, L, max_states)
    terms = {name: to_expr(v) for name, v in parts["terms"].items()}
    atoms = {name: to_expr(v) for name, v in parts["atoms"].items()}
    entropies = {name: to_expr(v) for name, v in parts["entropies"].items()}
    return BlockAnatomy(**terms, kind="exact", depth=L, atoms=atoms, entropies=entropies)
