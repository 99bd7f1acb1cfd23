"""Process rank and the minimal (canonical) linear presentation of a process, exactly.

The Hankel matrix of a process is ``H[u, v] = Pr(uv)`` over all words ``u`` (pasts) and ``v``
(futures).  Its rank ``d`` is the *process rank*: the smallest dimension of any linear presentation
(GHMM) of the process, and so the smallest dimension in which beliefs can be held linearly.  For a
presentation of dimension ``n``, ``H = P F`` with ``P`` the rows ``eta T[u]`` and ``F`` the columns
``T[v] tau``; the spans of both are reached by words of length at most ``n - 1`` (each new length
that adds no new direction adds none ever after), so words up to length ``n - 1`` on each side
suffice.  compmech never forms ``H`` itself: it selects, in shortlex order, the past words whose
vectors ``eta T[u]`` are independent and the future words whose columns are independent on that
span, with exact reduced row echelon forms.

The minimal presentation is given in a canonical form that depends on the process alone: its
coordinates are the conditional probabilities of the ``d`` shortlex-first future words
``v_1 = (empty word), v_2, ..., v_d`` whose Hankel columns are independent, so the belief after a
history is ``(Pr(v_1 | past), ..., Pr(v_d | past))``, ``tau = e_1`` and
``T[x] = H_UV^-1 H_UxV`` (``U`` the shortlex-first independent past words).  Two presentations of
one process give the same canonical GHMM, entry for entry; predictively equivalent beliefs map to the
same point.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy
from sympy.polys.domains import GF, QQ
from sympy.polys.matrices import DomainMatrix

from ..errors import BudgetExceededError
from ._exact_rank import (
    PRIMES,
    IntegerOperators,
    Words,
    check_budget,
    exact_minimal,
    flint_pivots,
    verify_greedy_choice,
)
from .ghmm import GHMM

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["MAX_DIMENSION", "MAX_DIGITS", "MinimalPresentation", "process_rank", "minimal_presentation"]


@dataclass(frozen=True)
class MinimalPresentation:
    """The canonical minimal GHMM of a process, with the belief map from the input presentation.

    Attributes
    ----------
    ghmm : GHMM
        The canonical presentation, of dimension :func:`process_rank`; its states are named
        ``"Pr(v_j)"`` after the future words whose probabilities its coordinates are.
    belief_map : sympy.ImmutableMatrix
        ``n x d``: a belief ``b`` of the input presentation (a row vector) maps to ``b @ belief_map``,
        the belief of the minimal one (``belief_map[:, j] = T[v_j] tau``).
    past_words, future_words : tuple of tuples
        The shortlex-first words ``U`` and ``V`` whose Hankel block ``H_UV`` is invertible.
    reachable_dimension : int
        Dimension of the span of the beliefs (``eta T[u]``) in the input presentation.

    Unpacks as ``ghmm, belief_map = minimal_presentation(process)``.
    """

    ghmm: GHMM
    belief_map: sympy.ImmutableMatrix
    past_words: tuple
    future_words: tuple
    reachable_dimension: int

    def __iter__(self):
        return iter((self.ghmm, self.belief_map))

    def map_belief(self, belief) -> tuple:
        """The minimal presentation's belief for a belief of the input presentation (exact).

        Examples
        --------
        >>> from compmech.processes import golden_mean
        >>> mp = minimal_presentation(golden_mean())
        >>> mp.map_belief(golden_mean().belief("0")), mp.ghmm.belief("0")
        ((1, 1/2), (1, 1/2))
        """
        row = sympy.Matrix([list(belief)])
        return tuple(row * self.belief_map)


def _shortlex_greedy(first_word, first: DomainMatrix, extend: Callable, project: Callable, trace=None):
    """Words, in shortlex order, whose projected vectors are independent of all earlier ones.

    Vectors are the columns of DomainMatrix blocks.  ``first`` holds the empty word's vector;
    ``extend(words, block)`` gives the next length's candidate words (in shortlex order) and their
    block from the words chosen at this length; ``project(block)`` is what the independence test
    sees.  Level by level: one exact rref per length, whose pivot columns are exactly the greedy
    choice in order.  Returns the chosen words, their vectors and their projections (as blocks); ``trace``
    (a list) receives ``(candidate words, chosen indices)`` for every length.
    """
    words: list = []
    level_words, block = [first_word], first
    chosen_blocks: list = []
    test_blocks: list = []
    dim = project(first).shape[0]
    n_tests = 0
    while level_words:
        cand = project(block)
        tests = _hstack(test_blocks + [cand])
        pivots = _pivot_columns(tests)
        new = [p - n_tests for p in pivots if p >= n_tests]
        if trace is not None:
            trace.append((list(level_words), new))
        if not new:
            break
        words += [level_words[i] for i in new]
        chosen_blocks.append(_columns(block, new))
        test_blocks.append(_columns(cand, new))
        n_tests += len(new)
        if n_tests >= dim:
            break
        level_words, block = extend([level_words[i] for i in new], chosen_blocks[-1])
    return words, _hstack(chosen_blocks), _hstack(test_blocks)


def _hstack(blocks: list) -> DomainMatrix:
    return blocks[0].hstack(*blocks[1:]) if len(blocks) > 1 else blocks[0]


def _columns(M: DomainMatrix, idx: list) -> DomainMatrix:
    return M.extract(list(range(M.shape[0])), idx)


def _pivot_columns(M: DomainMatrix) -> list[int]:
    """Indices of the greedy-first independent columns of ``M``, exactly.

    The pivot columns of the reduced row echelon form: python-flint's ``fmpq_mat.rref`` (C) over
    ``QQ`` and ``nmod_mat.rref`` over ``GF(p)``, sympy's ``DomainMatrix.rref`` over other fields.
    """
    if M.domain == QQ or M.domain.is_FiniteField:
        return flint_pivots(M.to_dense().to_dfm().rep.rref())
    _, pivots = M.rref()
    return list(pivots)


#: Largest presentation whose rank is computed by default: exact Hankel bases of an n-state presentation
#: cost about n^3 operations on numbers that grow with word length (0.15 s at n = 50, 12 s at n = 200).
MAX_DIMENSION = 200
#: Largest exact elimination (estimated decimal digits, :func:`compmech._exact_rank.estimated_digits`) that
#: certifies a rank below the dimension, or builds the canonical minimal presentation, of a rational presentation.
MAX_DIGITS = 20_000_000


def _operators(process: GHMM, prime: int | None):
    """``T[x]``, ``eta`` and ``tau`` (columns) as DomainMatrices: exact, or the integer form modulo ``prime``."""
    K, n = process.domain, process.n_states
    kern = process.kernel
    if prime is None:
        mats, eta, tau = [[list(r) for r in m] for m in kern.matrices], kern.stationary(), kern.tau()
    else:  # positive multiples of T[x], eta and tau (M[x] = D T[x], ...): the same spans, no division mod p
        K = GF(prime)
        form = kern.integer_form()
        mats = [[[K(int(v) % prime) for v in row] for row in m] for m in form.M]
        eta, tau = [K(int(v) % prime) for v in form.pi], [K(int(v) % prime) for v in form.tau]
    dense = [DomainMatrix(m, (n, n), K).to_dense() for m in mats]  # flint-backed over QQ and GF(p)
    return dense, DomainMatrix([[v] for v in eta], (n, 1), K), DomainMatrix([[v] for v in tau], (n, 1), K)


def _bases(process: GHMM, max_dimension: int | None = MAX_DIMENSION, prime: int | None = None, trace=None):
    """Shortlex-greedy past words (reachable basis) and future words (independent on that span).

    Returns ``(past, R, future, F, U, R_U)``: ``R`` has the rows ``eta T[u]``, ``F`` the columns
    ``T[v] tau``, and ``R_U`` the rows of the past words ``U`` with ``R_U F`` invertible.  With
    ``prime``, the same over ``GF(prime)`` from the integer form (words to be certified: see
    :func:`_certified_words`); ``trace`` (a dict) receives the candidates of every length, per side.
    """
    n, k = process.n_states, process.n_symbols
    if max_dimension is not None and n > max_dimension:
        raise BudgetExceededError(
            f"the exact Hankel bases of a {n}-dimensional presentation exceed max_dimension={max_dimension}; "
            f"pass max_dimension=None to compute anyway"
        )
    T, eta, tau = _operators(process, prime)
    TT = [t.transpose() for t in T]

    def extend_past(words, block):  # append a symbol: parents in order, then symbols -> shortlex
        order = [(i, x) for i in range(len(words)) for x in range(k)]
        prods = [TT[x] * block for x in range(k)]  # columns (eta T[u] T[x])^T
        return [words[i] + (x,) for i, x in order], _hstack([_columns(prods[x], [i]) for i, x in order])

    trace = {} if trace is None else trace
    past, Rt, _ = _shortlex_greedy((), eta, extend_past, lambda b: b, trace.setdefault("past", []))
    R = Rt.transpose()  # rows eta T[u]

    def extend_future(words, block):  # prepend a symbol: symbols, then the order of the shorter words
        return [(x,) + w for x in range(k) for w in words], _hstack([T[x] * block for x in range(k)])

    future, F, G = _shortlex_greedy((), tau, extend_future, lambda b: R * b, trace.setdefault("future", []))
    # G = R F: row i holds H[u_i, v_j]; its first independent rows pick U
    pivots = _pivot_columns(G.transpose())
    return past, R, future, F, [past[i] for i in pivots], R.extract(pivots, list(range(n)))


def _certified_words(process: GHMM, max_dimension, max_digits, canonical: bool) -> Words:
    """The shortlex-greedy words of a rational presentation, chosen modulo a prime and certified exactly.

    The rank found modulo ``p`` is a lower bound (its Hankel block has a nonzero minor modulo ``p``); it
    is exact when it equals the dimension.  Otherwise, or when ``canonical`` words are needed, every
    skipped candidate is checked exactly (:func:`compmech._exact_rank.verify_greedy_choice`), within
    ``max_digits``; a prime that fails a check is replaced by the next.
    """
    ops = IntegerOperators(process)
    for prime in PRIMES:
        if int((ops.pi * ops.tau)[0, 0]) % prime == 0:  # Pr(empty word) vanishes modulo this prime: no basis
            continue
        trace: dict = {}
        past, _, future, _, U, _ = _bases(process, max_dimension, prime, trace)
        words = Words(past, future, U, prime, trace)
        if not canonical and len(future) == process.n_states:
            return words
        check_budget(ops, words, max_digits, "the canonical minimal presentation" if canonical else "the exact rank")
        if verify_greedy_choice(ops, words):
            return words
    raise ArithmeticError(f"no prime of {PRIMES} certifies the Hankel bases (each divides a minor that matters)")


def _already_minimal(process: GHMM, max_dimension, max_digits) -> MinimalPresentation | None:
    """The input itself (identity belief map) when its dimension is the process rank, else ``None``."""
    sym = lambda ws: tuple(tuple(process.alphabet[i] for i in w) for w in ws)  # noqa: E731
    if process.domain == QQ:
        words = _certified_words(process, max_dimension, max_digits, canonical=False)
        past, future, U = words.past, words.future, words.U
    else:
        past, _R, future, _F, U, _R_U = _bases(process, max_dimension)
    if len(future) != process.n_states:
        return None
    return MinimalPresentation(
        ghmm=process,
        belief_map=sympy.ImmutableMatrix(sympy.eye(process.n_states)),
        past_words=sym(U),
        future_words=sym(future),
        reachable_dimension=len(past),
    )


def _coordinate_names(words) -> list[str]:
    """``Pr(v)`` for each future word ``v`` (symbols joined, with commas when a symbol prints longer than 1)."""
    sep = "," if any(len(str(a)) != 1 for w in words for a in w) else ""
    return [f"Pr({sep.join(str(a) for a in w)})" for w in words]


def process_rank(process: GHMM, max_dimension: int | None = MAX_DIMENSION, max_digits: int | None = MAX_DIGITS) -> int:
    """The rank of the process: the minimal dimension of any linear presentation, exactly.

    The rank of the Hankel matrix ``H[u, v] = Pr(uv)``, computed without forming ``H``: exact bases of
    the spans of ``eta T[u]`` and of ``T[v] tau`` restricted to it, over words of length at most
    ``n - 1`` for an ``n``-dimensional presentation (which suffice: see the module docstring).
    Works for HMMs and GHMMs, rational or parametric (the generic rank over the parameters' field).
    Presentations larger than ``max_dimension`` (default :data:`MAX_DIMENSION`, 200) are refused at
    once with :class:`~compmech.errors.BudgetExceededError`; ``None`` lifts the budget.

    Rational presentations are reduced modulo a 62-bit prime (python-flint), so that a dense one costs
    what its dimension does, not what its digits do; the rank is then certified exactly: a rank equal
    to the dimension by a nonzero minor, a smaller one by exact checks of every dependence used (see
    :mod:`compmech._exact_rank`), within ``max_digits`` (default :data:`MAX_DIGITS`; ``None`` lifts it).

    It answers "in how many dimensions must a network hold the beliefs linearly": the belief
    simplex of an ``n``-state HMM spans at most ``n - 1`` affine dimensions, and only
    ``process_rank - 1`` of them are needed.

    References
    ----------
    - H. Ito, S.-I. Amari and K. Kobayashi, "Identifiability of hidden Markov information sources and their minimum degrees of freedom", IEEE Trans. Inf. Theory 38, 324 (1992).
    - H. Jaeger, "Observable operator models for discrete stochastic time series", Neural Comput. 12, 1371 (2000).
    - D. R. Upper, "Theory and algorithms for hidden Markov models and generalized hidden Markov models", PhD thesis, UC Berkeley (1997).

    Examples
    --------
    >>> from compmech.processes import mess3, rrxor, golden_mean, tom_quantum
    >>> process_rank(mess3()), process_rank(rrxor()), process_rank(golden_mean()), process_rank(tom_quantum())
    (3, 5, 2, 3)
    """
    if process.domain == QQ:
        return len(_certified_words(process, max_dimension, max_digits, canonical=False).future)
    return len(_bases(process, max_dimension)[2])


def minimal_presentation(
    process: GHMM,
    max_dimension: int | None = MAX_DIMENSION,
    max_digits: int | None = MAX_DIGITS,
    canonical: bool = True,
) -> MinimalPresentation:
    """The canonical minimal GHMM of the process and the linear map from the input's beliefs to its beliefs.

    Coordinates are ``(Pr(v_1 | past), ..., Pr(v_d | past))`` for the shortlex-first future words
    with independent Hankel columns (``v_1`` the empty word, so ``tau = e_1``); ``T[x] = H_UV^-1 H_UxV``
    and ``eta = (Pr(v_1), ..., Pr(v_d))``.  The result depends on the process only: every
    presentation of it (any similarity transform, any nonminimal HMM) gives the same GHMM, and
    predictively equivalent beliefs map to the same point.  Exact, over the input's domain.

    For a rational presentation the words are chosen modulo a prime and certified exactly, and the
    matrices solved with python-flint; the exact work is estimated first and refused beyond
    ``max_digits`` decimal digits (:class:`~compmech.errors.BudgetExceededError`; ``None`` lifts it):
    the canonical presentation of a dense presentation with large entries holds numbers of up to
    ``rank x (digits of a Hankel entry)`` digits in each of its ``k rank^2`` entries.

    With ``canonical=False`` a minimal presentation in the input's own coordinates is enough: when the
    input is already minimal (its dimension is the certified :func:`process_rank`, as for a dense
    random HMM) it is returned as it is, with the identity belief map, in the time of the rank, and
    the canonical coordinates (whose entries can run to millions of digits) are never formed; a
    nonminimal input is reduced to the canonical form as above.

    Returns
    -------
    MinimalPresentation
        ``ghmm`` (dimension :func:`process_rank`) and ``belief_map`` (``b -> b @ belief_map``), the
        words ``U`` and ``V``; unpacks as ``(ghmm, belief_map)``.

    See Also
    --------
    process_rank

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> g, P = minimal_presentation(golden_mean())
    >>> g.states, g.eta, g.tau
    (('Pr()', 'Pr(0)'), (1, 2/3), (1, 0))
    >>> g.word_probability("101") == golden_mean().word_probability("101")
    True
    >>> P
    Matrix([
    [1, 1/2],
    [1,   1]])
    >>> mp = minimal_presentation(golden_mean(), canonical=False)  # minimal already: itself
    >>> mp.ghmm.states, mp.belief_map
    (('A', 'B'), Matrix([
    [1, 0],
    [0, 1]]))
    """
    K, k, n = process.domain, process.n_symbols, process.n_states
    if not canonical:
        minimal = _already_minimal(process, max_dimension, max_digits)
        if minimal is not None:
            return minimal
    if K == QQ:
        cw = _certified_words(process, max_dimension, max_digits, canonical=True)
        past, future, U = cw.past, cw.future, cw.U
        mats, eta, belief_map = exact_minimal(IntegerOperators(process), cw)
    else:
        past, _R, future, F, U, R_U = _bases(process, max_dimension)
        inv = (R_U * F).inv()  # H_UV^-1
        mats = []
        for x in range(k):
            Tx = DomainMatrix([list(r) for r in process.kernel.matrices[x]], (n, n), K)
            mats.append((inv * (R_U * Tx * F)).to_Matrix())
        eta = list((DomainMatrix([list(process.kernel.stationary())], (1, n), K) * F).to_Matrix().row(0))
        belief_map = F.to_Matrix()
    d = len(future)
    tau = [1] + [0] * (d - 1)
    sym = lambda ws: tuple(tuple(process.alphabet[i] for i in w) for w in ws)  # noqa: E731
    words = sym(future)
    name = f"minimal({process.name or type(process).__name__})"
    ghmm = GHMM(mats, eta=eta, tau=tau, states=_coordinate_names(words), alphabet=process.alphabet, name=name)
    return MinimalPresentation(
        ghmm=ghmm,
        belief_map=sympy.ImmutableMatrix(belief_map),
        past_words=sym(U),
        future_words=words,
        reachable_dimension=len(past),
    )
