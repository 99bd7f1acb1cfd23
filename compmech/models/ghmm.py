"""Generalized hidden Markov models: linear presentations with exact, possibly negative, entries.

A GHMM of dimension ``n`` is a family of ``n x n`` matrices ``T[x]`` with a right vector ``tau``
(``T tau = tau`` for ``T = sum_x T[x]``) and a left vector ``eta`` (``eta T = eta``, ``eta tau = 1``).
It assigns ``Pr(w) = eta T[w1] ... T[wL] tau``; the belief after ``w`` is the row vector
``eta T[w] / (eta T[w] tau)``.  Nothing is transposed (the convention of the other public code of the
field).  An :class:`~compmech.HMM` is the special case ``tau = (1, ..., 1)`` with entries in ``[0, 1]``;
it is a subclass.

Entries may be negative: the word probabilities of a valid GHMM are nonnegative all the same, which
:func:`compmech.verify_nonnegative` checks exactly.  This is where floats break down (probabilities
are differences of larger numbers) and exact arithmetic pays.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, reduce
from math import lcm
from typing import TYPE_CHECKING

import numpy as np
import sympy
from sympy.polys.domains import QQ

from ..errors import (
    InvalidEntryError,
    NotStationaryError,
    ShapeError,
    SymbolicParameterError,
    UnknownSymbolError,
    ZeroProbabilityWordError,
    excerpt,
    word_text,
)
from ..kernel.display import render
from ..kernel.exact import exact_domain, to_exact
from ..kernel.linalg import null_space
from ..kernel.parse import MAX_ENTRIES, parse_shapes, parse_states, parse_symbols

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

__all__ = ["GHMM", "ExactKernel", "IntegerForm", "MAX_ENTRIES"]


@dataclass(frozen=True)
class IntegerForm:
    """A presentation with rational entries over one common denominator: ``T[x] = M[x] / D``.

    ``M`` is an ``(n_symbols, n_states, n_states)`` numpy object array of Python ints; ``pi`` holds the
    stationary vector's numerators (``eta`` of a GHMM) over their own common denominator; ``tau`` holds
    the right vector's numerators over ``tau_den`` (all ones over 1 for an HMM).  The belief of an
    integer row vector ``v`` is ``v tau_den / (v . tau)``.
    """

    D: int
    M: np.ndarray
    pi: np.ndarray
    tau: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    tau_den: int = 1

    def __iter__(self):  # D, M, pi = hmm.kernel.integer_form()
        return iter((self.D, self.M, self.pi))


@dataclass(frozen=True)
class ExactKernel:
    """Read-only view of a presentation's exact data, for the algorithms of compmech (``.kernel``).

    In the spirit of sympy's ``DomainMatrix.to_ddm()``: other modules use this view, never the
    presentation's private attributes.  ``matrices[x][i][j]`` is ``T[x][i, j]`` as an element of
    ``domain`` (``QQ``, or a rational-function field for parametric presentations).
    """

    domain: object
    matrices: tuple
    n_states: int
    n_symbols: int
    hmm: GHMM = field(repr=False, compare=False)

    def stationary(self) -> list:
        """The stationary (left) vector as domain elements: ``pi`` of an HMM, ``eta`` of a GHMM."""
        return self.hmm._stationary_k()

    def tau(self) -> list:
        """The right vector as domain elements (all ones for an HMM)."""
        return self.hmm._tau_k()

    def start(self, start: Sequence | None = None) -> list:
        """A validated start vector as domain elements (``None``: the stationary one)."""
        return self.hmm._start_k(start)

    def step(self, vec: list, x: int) -> list:
        """``vec T[x]`` for a row vector of domain elements and a symbol index."""
        return self.hmm._propagate(vec, x)

    def normalizer(self, vec: list):
        """``vec . tau``: the probability carried by an unnormalized belief (a domain element)."""
        K: Any = self.domain
        return reduce(K.add, (v * t for v, t in zip(vec, self.hmm._tau_k()) if v != K.zero), K.zero)

    def integer_form(self) -> IntegerForm:
        """The rational presentation over one common denominator (raises for parametric ones)."""
        return self.hmm._integer_form


class GHMM:
    """A generalized hidden Markov model: exact matrices ``T[x]`` with vectors ``eta`` and ``tau``.

    Parameters
    ----------
    T : mapping or array_like
        ``symbol -> square matrix`` or a nested sequence of shape ``(n_symbols, n, n)``.  Entries are
        exact (int, Fraction, sympy values, text such as ``"-3/8"``) and may be negative; floats are
        refused.
    eta : sequence, optional
        The stationary left vector.  Omitted: the unique solution of ``eta T = eta``,
        ``eta tau = 1`` (an error says so when it is not unique).
    tau : sequence, optional
        The right vector with ``T tau = tau``.  Omitted: all ones when ``T 1 = 1``, otherwise the
        unique right eigenvector of ``T`` for eigenvalue 1, scaled so that its first nonzero entry
        is 1 (an error says so when it is not unique).
    states, alphabet, name
        As for :class:`~compmech.HMM` (``states`` name the coordinates).

    Raises
    ------
    NotStationaryError
        When ``T tau != tau``, ``eta T != eta`` or ``eta tau != 1``, or when ``eta`` or ``tau`` is
        omitted and not unique; the message names the coordinate at fault.

    Notes
    -----
    ``Pr(w) = eta T[w] tau`` and ``belief(w) = eta T[w] / (eta T[w] tau)``.  For every invertible
    ``S``, ``(S^-1 T[x] S, eta S, S^-1 tau)`` is a presentation of the same process (the beliefs
    change by the linear map ``S``).  Negative word probabilities are not checked here (that needs all
    words): see :func:`compmech.verify_nonnegative`.

    References
    ----------
    - H. Jaeger, "Observable operator models for discrete stochastic time series", Neural Comput. 12, 1371 (2000).
    - D. R. Upper, "Theory and algorithms for hidden Markov models and generalized hidden Markov models", PhD thesis, UC Berkeley (1997).
    - P. M. Riechers, T. J. Elliott and A. S. Shai, "Neural networks leverage nominally quantum and post-quantum representations", arXiv:2507.07432 (2025).

    Examples
    --------
    >>> from compmech.processes import tom_quantum
    >>> g = tom_quantum()
    >>> g.n_states, g.alphabet, g.eta, g.tau
    (3, (0, 1, 2, 3), (1, 0, 0), (1, 0, 0))
    >>> g.word_probability([0, 2])
    1/16
    >>> g.belief([0])
    (1, 0, 1)
    """

    def __init__(self, T, eta=None, tau=None, states=None, alphabet=None, name: str | None = None):
        self._setup(T, states, alphabet, name)
        self._init_vectors(eta, tau)

    # ------------------------------------------------------------------ set-up
    def _setup(self, T, states, alphabet, name):
        alphabet, mats = parse_symbols(T, alphabet)
        rows_per_symbol, n = parse_shapes(alphabet, mats)
        states = parse_states(states, n)
        exprs = [
            [[to_exact(v, f"T[{a}][{i}, {j}]") for j, v in enumerate(r)] for i, r in enumerate(rows)]
            for a, rows in zip(map(excerpt, alphabet), rows_per_symbol)
        ]
        self._alphabet = tuple(alphabet)
        self._states = tuple(states)
        self._n = n
        self.name = name
        flat = [e for mat in exprs for row in mat for e in row]
        K, elems = exact_domain(flat)
        it = iter(elems)
        self._K = K
        self._kmats = [[[next(it) for _ in range(n)] for _ in range(n)] for _ in range(len(exprs))]
        self._exprs = tuple(sympy.ImmutableMatrix(m) for m in exprs)
        self._symbols = frozenset().union(*(m.free_symbols for m in self._exprs))

    @cached_property
    def _exprs(self) -> tuple:
        """The matrices as sympy ImmutableMatrix (set directly by ``_setup``; built on demand otherwise)."""
        K = self._K
        return tuple(sympy.ImmutableMatrix([[K.to_sympy(v) for v in row] for row in m]) for m in self._kmats)

    def _setup_exact(self, K, matrices, states, alphabet, name) -> None:
        """Set up from matrices already in the exact domain ``K`` (no entry is re-read)."""
        n = len(matrices[0]) if matrices else 0
        alphabet, _ = parse_symbols(list(matrices), alphabet)  # duplicate and look-alike symbols refused
        self._alphabet = tuple(alphabet)
        if any(len(m) != n or any(len(r) != n for r in m) for m in matrices):
            raise ShapeError(
                f"{len(matrices)} matrices for the alphabet {excerpt(self._alphabet)}, or not all {n} x {n}"
            )
        self._states = tuple(parse_states(states, n))
        self._n = n
        self.name = name
        self._K = K
        self._kmats = [[list(row) for row in m] for m in matrices]
        self._symbols = frozenset() if K == QQ else frozenset().union(*(m.free_symbols for m in self._exprs))

    def _read_vectors(self, eta, tau) -> tuple:
        """``eta`` and ``tau`` as domain elements (``None`` when omitted), widening the domain if needed."""
        given = {}
        for what, values in (("eta", eta), ("tau", tau)):
            if values is None:
                continue
            vals = list(values)
            if len(vals) != self._n:
                raise ShapeError(f"{what} has {len(vals)} entries but the matrices are {self._n} x {self._n}")
            given[what] = [to_exact(v, f"{what}[{i}]") for i, v in enumerate(vals)]
        extra = [e for exprs in given.values() for e in exprs]
        self._symbols = self._symbols.union(*(e.free_symbols for e in extra))
        if extra:  # one domain for the matrices and the vectors together
            flat = [e for mat in self._exprs for e in mat] + extra
            K, elems = exact_domain(flat)
            n, k = self._n, len(self._exprs)
            it = iter(elems)
            self._K = K
            self._kmats = [[[next(it) for _ in range(n)] for _ in range(n)] for _ in range(k)]
            for what in given:
                given[what] = [next(it) for _ in range(n)]
        return given.get("eta"), given.get("tau")

    def _total(self) -> list:
        K, n = self._K, self._n
        return [[reduce(K.add, (m[i][j] for m in self._kmats), K.zero) for j in range(n)] for i in range(n)]

    @classmethod
    def from_exact_vectors(
        cls, domain, matrices, eta=None, tau=None, states=None, alphabet=None, name: str | None = None
    ):
        """A GHMM from matrices (and optional ``eta``, ``tau``) already in the exact ``domain`` (the kernel's form).

        For algorithms that build GHMMs from other GHMMs (``product``, ``channel``, ``factored``): no entry is
        converted again; ``eta`` and ``tau`` are checked exactly as by the constructor.

        Examples
        --------
        >>> from sympy.polys.domains import QQ
        >>> g = GHMM.from_exact_vectors(QQ, [[[QQ(1, 2)]], [[QQ(1, 2)]]], eta=[QQ(1)], tau=[QQ(1)], name="coin")
        >>> g.word_probability([0, 1])
        1/4
        """
        self = cls.__new__(cls)
        self._setup_exact(domain, matrices, states, alphabet, name)
        self._set_vectors(None if eta is None else list(eta), None if tau is None else list(tau))
        return self

    def _init_vectors(self, eta, tau):
        self._set_vectors(*self._read_vectors(eta, tau))

    def _set_vectors(self, eta_k, tau_k):
        n = self._n
        K = self._K
        total = self._total()
        transposed = [[total[j][i] for j in range(n)] for i in range(n)]
        if tau_k is None:
            tau_k = self._default_tau(total)
        _require_fixed(total, tau_k, K, "right", "T tau = tau", self._states)
        if all(t == K.zero for t in tau_k):
            raise NotStationaryError("tau is the zero vector; a GHMM needs T tau = tau with tau != 0")
        if eta_k is None:
            eta_k = _unique_fixed_vector(transposed, K, "eta (the left eigenvector of T for eigenvalue 1)")
            norm = _dot(eta_k, tau_k, K)
            if norm == K.zero:
                raise NotStationaryError("the left eigenvector of T for eigenvalue 1 has eta tau = 0; pass eta")
            eta_k = [K.quo(v, norm) for v in eta_k]
        _require_fixed(transposed, eta_k, K, "left", "eta T = eta", self._states)
        if _dot(eta_k, tau_k, K) != K.one:
            raise NotStationaryError(f"eta tau = {K.to_sympy(_dot(eta_k, tau_k, K))}, not 1")
        self.__dict__["_tau_cache"] = tau_k
        self.__dict__["_pi_k"] = eta_k

    def _default_tau(self, total) -> list:
        K, n = self._K, self._n
        ones = [K.one] * n
        if all(reduce(K.add, row, K.zero) == K.one for row in total):
            return ones
        tau = _unique_fixed_vector(total, K, "tau (the right eigenvector of T for eigenvalue 1)")
        first = next(v for v in tau if v != K.zero)
        return [K.quo(v, first) for v in tau]

    # -------------------------------------------------------------- properties
    @property
    def n_states(self) -> int:
        """Dimension of the presentation (number of hidden states of an HMM)."""
        return self._n

    @property
    def n_symbols(self) -> int:
        """Number of symbols."""
        return len(self._alphabet)

    @property
    def alphabet(self) -> tuple:
        """The symbols, in matrix order."""
        return self._alphabet

    @property
    def states(self) -> tuple:
        """The coordinate (state) names, in row order."""
        return self._states

    @property
    def matrices(self) -> dict:
        """The exact labeled matrices, as a dict ``{symbol: sympy.ImmutableMatrix}``."""
        return dict(zip(self._alphabet, self._exprs))

    @property
    def transition_matrix(self) -> sympy.ImmutableMatrix:
        """The exact matrix ``T = sum_x T[x]``."""
        return sympy.ImmutableMatrix(reduce(lambda a, b: a + b, self._exprs))

    @property
    def eta(self) -> tuple:
        """The stationary left vector ``eta`` (for an HMM: the stationary distribution)."""
        return tuple(self._K.to_sympy(v) for v in self._stationary_k())

    @property
    def tau(self) -> tuple:
        """The right vector ``tau`` (for an HMM: all ones)."""
        return tuple(self._K.to_sympy(v) for v in self._tau_k())

    @property
    def parameters(self) -> frozenset:
        """The free sympy symbols of a parametric presentation (empty when numeric)."""
        return self._symbols

    def is_symbolic(self) -> bool:
        """True when some entry depends on a free sympy symbol."""
        return bool(self._symbols)

    def is_classical(self) -> bool:
        """True when this is a classical HMM (an :class:`~compmech.HMM` instance).

        Examples
        --------
        >>> from compmech.processes import golden_mean, tom_quantum
        >>> golden_mean().is_classical(), tom_quantum().is_classical()
        (True, False)
        """
        return False

    @property
    def domain(self):
        """The sympy polys domain of the exact arithmetic (``QQ``, or ``QQ(p)`` for parameters)."""
        return self._K

    def subs(self, values: Mapping) -> GHMM:
        """Substitute values for parameters and return a new presentation of the same class.

        Examples
        --------
        >>> import sympy
        >>> from compmech.processes import tom_quantum
        >>> a = sympy.Symbol("a")
        >>> tom_quantum(a, 1).subs({a: 1}) == tom_quantum(1, 1)
        True
        """
        vals = {k: to_exact(v, f"value for {k}") for k, v in dict(values).items()}
        mats = [m.subs(vals) for m in self._exprs]
        eta = [v.subs(vals) for v in self.eta]  # sympy values already: nothing is parsed
        tau = [v.subs(vals) for v in self.tau]
        return GHMM(mats, eta=eta, tau=tau, states=self._states, alphabet=self._alphabet, name=self.name)

    def to_numpy(self) -> np.ndarray:
        """Float64 array of shape ``(n_symbols, n_states, n_states)`` (an explicitly numeric view).

        Examples
        --------
        >>> from compmech.processes import golden_mean
        >>> golden_mean().to_numpy().shape
        (2, 2, 2)
        """
        self.require_numeric("to_numpy")
        if self._K == QQ:
            return np.array([[[float(v) for v in row] for row in m] for m in self._kmats], dtype=np.float64)
        return np.array([[[float(v) for v in row] for row in m.tolist()] for m in self._exprs], dtype=np.float64)

    def vectors_numpy(self) -> tuple[np.ndarray, np.ndarray]:
        """Float64 ``(eta, tau)`` (an explicitly numeric view).

        Examples
        --------
        >>> from compmech.processes import tom_quantum
        >>> [v.tolist() for v in tom_quantum().vectors_numpy()]
        [[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]]
        """
        self.require_numeric("vectors_numpy")
        return (np.array([float(v) for v in self.eta]), np.array([float(v) for v in self.tau]))

    def require_numeric(self, what: str) -> None:
        """Raise :class:`SymbolicParameterError` (naming ``what``) when there are free parameters."""
        if self._symbols:
            names = ", ".join(sorted(map(str, self._symbols)))
            raise SymbolicParameterError(
                f"{what} needs numbers but the presentation has free parameters ({names}); call .subs({{...}}) first"
            )

    # ----------------------------------------------------------- exact data
    def _stationary_k(self):
        return self.__dict__["_pi_k"]

    def _tau_k(self):
        return self.__dict__["_tau_cache"]

    def _start_k(self, start):
        if start is None:
            return self._stationary_k()
        K = self._K
        conv = self._vector_in_domain(start, "start")
        if _dot(conv, self._tau_k(), K) != K.one:
            raise NotStationaryError(f"start tau = {K.to_sympy(_dot(conv, self._tau_k(), K))}, not 1")
        return conv

    def _vector_in_domain(self, values, what):
        vals = list(values)
        if len(vals) != self._n:
            raise ShapeError(f"{what} has {len(vals)} entries but the presentation has {self._n} states")
        exprs = [to_exact(v, f"{what}[{i}]") for i, v in enumerate(vals)]
        try:
            return [self._K.from_sympy(e) for e in exprs]
        except Exception:
            raise InvalidEntryError(f"{what}: its entries are not in the domain {self._K} of the matrices") from None

    @cached_property
    def _symbol_index(self):
        index = {a: i for i, a in enumerate(self._alphabet)}
        by_str: dict = {}
        for i, a in enumerate(self._alphabet):
            by_str.setdefault(str(a), []).append(i)
        for s, idx in by_str.items():
            if len(idx) == 1 and s not in index:
                index[s] = idx[0]
        return index

    def symbol_indices(self, word: Sequence) -> list[int]:
        """Indices (into :attr:`alphabet`) of the symbols of ``word``.

        A string is read character by character when the alphabet's symbols print as single
        characters.

        Examples
        --------
        >>> from compmech.processes import golden_mean
        >>> golden_mean().symbol_indices("010")
        [0, 1, 0]
        """
        index = self._symbol_index
        out = []
        for pos, s in enumerate(word):
            try:
                out.append(index[s])
            except (KeyError, TypeError):
                raise UnknownSymbolError(
                    f"symbol {excerpt(s)} at position {pos} of the word is not in the alphabet {excerpt(self._alphabet)}"
                ) from None
        return out

    def _propagate(self, vec, idx):
        K, n, m = self._K, self._n, self._kmats[idx]
        out = [K.zero] * n
        for i, v in enumerate(vec):
            if v != K.zero:
                row = m[i]
                for j in range(n):
                    if row[j] != K.zero:
                        out[j] = out[j] + v * row[j]
        return out

    def _unnormalized(self, word, start):
        vec = self._start_k(start)
        for idx in self.symbol_indices(word):
            vec = self._propagate(vec, idx)
        return vec

    def word_probability(self, word: Sequence, start: Sequence | None = None) -> sympy.Expr:
        """Exact probability of ``word`` from ``start`` (default: the stationary vector).

        ``Pr(w) = start T[w1] T[w2] ... T[wL] tau``.

        Examples
        --------
        >>> from compmech.processes import golden_mean
        >>> golden_mean().word_probability("11")
        0
        >>> golden_mean().word_probability("101")
        1/6
        """
        return self._K.to_sympy(self.kernel.normalizer(self._unnormalized(word, start)))

    def belief(self, word: Sequence, start: Sequence | None = None) -> tuple:
        """The exact belief (mixed state) after observing ``word``: ``v / (v tau)`` with ``v = start T[w]``.

        Raises
        ------
        ZeroProbabilityWordError
            When the word has probability zero.

        Examples
        --------
        >>> from compmech.processes import even
        >>> even().belief("01")
        (0, 1)
        >>> even().belief("1")
        (1/2, 1/2)
        """
        K = self._K
        vec = self._unnormalized(word, start)
        total = self.kernel.normalizer(vec)
        if total == K.zero:
            raise ZeroProbabilityWordError(f"the word {word_text(list(word))} has probability 0 and no belief")
        return tuple(K.to_sympy(K.quo(v, total)) for v in vec)

    @cached_property
    def _integer_form(self):
        """``IntegerForm(D, M, eta_int, tau_int)`` with ``M[x] = D * T[x]`` integer (rational entries only)."""
        self.require_numeric("the integer form")
        from sympy.polys.domains import QQ

        if self._K != QQ:
            raise SymbolicParameterError("the integer form needs rational entries")
        dens = [int(v.denominator) for m in self._kmats for row in m for v in row]
        D = lcm(*dens) if dens else 1
        M = np.array(
            [[[int(v.numerator) * (D // int(v.denominator)) for v in row] for row in m] for m in self._kmats],
            dtype=object,
        )
        tau = self._tau_k()
        tau_den = lcm(*[int(v.denominator) for v in tau]) if tau else 1
        return IntegerForm(D, M, _integers(self._stationary_k()), _integers(tau), tau_den)

    @cached_property
    def kernel(self) -> ExactKernel:
        """The exact data that algorithms need, as a read-only view (see :class:`ExactKernel`).

        Examples
        --------
        >>> from compmech.processes import golden_mean
        >>> k = golden_mean().kernel
        >>> k.domain, k.n_states, [str(v) for v in k.stationary()]
        (QQ, 2, ['2/3', '1/3'])
        >>> k.integer_form().D, k.integer_form().M.tolist(), k.integer_form().tau.tolist()
        (2, [[[1, 0], [2, 0]], [[0, 1], [0, 0]]], [1, 1])
        """
        return ExactKernel(
            self._K, tuple(tuple(tuple(row) for row in m) for m in self._kmats), self._n, len(self._alphabet), self
        )

    # ----------------------------------------------------------------- dunder
    def __eq__(self, other):
        if not isinstance(other, GHMM) or other.is_classical() != self.is_classical():
            return NotImplemented
        return (
            self._alphabet == other._alphabet
            and self._states == other._states
            and all((a - b).is_zero_matrix for a, b in zip(self._exprs, other._exprs))
            and (self.is_classical() or (self.eta == other.eta and self.tau == other.tau))
            and self._given_start() == other._given_start()
        )

    def _given_start(self):
        """The start an HMM with several closed classes was given (part of its identity), else None.

        An ergodic HMM's given start is its unique stationary distribution, so it does not count.
        """
        if not self.__dict__.get("_start_given") or getattr(self, "is_ergodic", lambda: True)():
            return None
        return tuple(self.__dict__["_pi_k"])

    def __hash__(self):
        # from the exact domain elements (never building the sympy matrices), once: presentations are immutable
        cached = self.__dict__.get("_hash")
        if cached is None:
            zero = self._K.zero
            support = tuple(
                (x, i, j, v)
                for x, m in enumerate(self._kmats)
                for i, row in enumerate(m)
                for j, v in enumerate(row)
                if v != zero
            )  # the nonzero entries: equal presentations have equal ones, and sparse ones hash fast
            cached = self.__dict__["_hash"] = hash((self._alphabet, self._states, support, self._given_start()))
        return cached

    def __repr__(self):
        label = f"{self.name!r}, " if self.name else ""
        return f"{type(self).__name__}({label}n_states={self._n}, alphabet={self._alphabet!r})"

    # ---------------------------------------------------------------- display
    def _display_vectors(self) -> list:
        """The named vectors shown beside the matrices: ``eta`` and ``tau``."""
        return [(r"\eta", self.eta), (r"\tau", self.tau)]

    def _repr_latex_(self) -> str:
        r"""The labelled matrices and vectors, exact, for Jupyter (summarised beyond 12 states).

        Examples
        --------
        >>> from compmech.processes import tom_quantum
        >>> r"\eta = \left(1,\ 0,\ 0\right)" in tom_quantum()._repr_latex_()
        True
        """
        from ._display import presentation_latex

        return presentation_latex(self, self._display_vectors())

    def _repr_svg_(self) -> str | None:
        """The state graph, ``x|p`` on the edges, drawn by the renderer the ``plot`` room registers."""
        return render("svg", self)


def _dot(a, b, K):
    return reduce(K.add, (x * y for x, y in zip(a, b)), K.zero)


def _integers(vec) -> np.ndarray:
    """Integer numerators of a rational vector over its common denominator."""
    den = lcm(*[int(v.denominator) for v in vec]) if vec else 1
    return np.array([int(v.numerator) * (den // int(v.denominator)) for v in vec], dtype=object)


def _unique_fixed_vector(A, K, what) -> list:
    """The unique (up to scale) ``v`` with ``A v = v``, or :class:`NotStationaryError`."""
    n = len(A)
    basis = null_space([[A[i][j] - (K.one if i == j else K.zero) for j in range(n)] for i in range(n)], K)
    if not basis:
        raise NotStationaryError(f"{what}: T has no eigenvalue 1, so this is not a stationary GHMM")
    if len(basis) > 1:
        raise NotStationaryError(
            f"{what} is not unique (eigenvalue 1 of T has {len(basis)} independent eigenvectors); pass it explicitly"
        )
    return basis[0]


def _require_fixed(A, v, K, side, law, states) -> None:
    n = len(A)
    for i in range(n):
        got = reduce(K.add, (A[i][j] * v[j] for j in range(n)), K.zero)
        if got != v[i]:
            raise NotStationaryError(
                f"{law} fails: coordinate {i} (state {excerpt(states[i])}) of the {side} product is {excerpt(K.to_sympy(got))}, "
                f"not {excerpt(K.to_sympy(v[i]))}"
            )
