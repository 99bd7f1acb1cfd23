"""Edge-emitting hidden Markov models with exact labeled transition matrices.

Convention (shared with the other public code of the field):
``T[x][i, j] = Pr(emit x, go to state j | in state i)``; beliefs are row
vectors; ``Pr(w) = pi T[w1] ... T[wL] 1``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property, reduce
from math import lcm
from typing import TYPE_CHECKING

import numpy as np
import sympy

from ._exact import exact_domain, to_exact
from ._graphs import closed_classes
from ._linalg import stationary_of_class
from .errors import (
    BudgetExceededError,
    DuplicateStateError,
    DuplicateSymbolError,
    InvalidArgumentError,
    InvalidEntryError,
    NotErgodicError,
    NotStochasticError,
    ProbabilityRangeError,
    ShapeError,
    SymbolicParameterError,
    UnknownSymbolError,
    ZeroProbabilityWordError,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

__all__ = ["HMM"]


MAX_ENTRIES = 1_000_000  # entries of all labeled matrices together: a budget for exact arithmetic


def _rows(matrix, where):
    """Return a matrix-like input as a list of row lists, checking it is 2-D."""
    if isinstance(matrix, sympy.MatrixBase):
        return [list(matrix.row(i)) for i in range(matrix.rows)]
    if isinstance(matrix, np.ndarray):
        if matrix.ndim != 2:
            raise ShapeError(f"{where}: expected a 2-D matrix, got an array of shape {matrix.shape}")
        return [list(r) for r in matrix]
    if isinstance(matrix, (str, bytes)) or not hasattr(matrix, "__iter__"):
        raise ShapeError(f"{where}: expected a square matrix (a sequence of rows), got {matrix!r}")
    rows = []
    for i, row in enumerate(matrix):
        if isinstance(row, (str, bytes)) or not hasattr(row, "__iter__"):
            raise ShapeError(f"{where}: row {i} is not a sequence (got {row!r})")
        rows.append(list(row))
    return rows


def _parse_symbols(T, alphabet) -> tuple[list, list]:
    """``(alphabet, matrices)`` from a mapping ``{symbol: matrix}`` or a sequence of matrices."""
    if isinstance(T, Mapping):
        keys = list(T.keys())
        if alphabet is None:
            alphabet = keys
        else:
            alphabet = list(alphabet)
            if len(alphabet) != len(set(alphabet)):
                raise DuplicateSymbolError(_duplicate_message("symbol", alphabet))
            if set(alphabet) != set(keys):
                raise DuplicateSymbolError(f"alphabet {alphabet!r} does not match the symbols of T {keys!r}")
        mats = [T[a] for a in alphabet]
    else:
        if isinstance(T, np.ndarray):
            if T.ndim != 3:
                raise ShapeError(f"T: expected shape (n_symbols, n_states, n_states), got {T.shape}")
            mats = list(T)
        elif isinstance(T, (str, bytes)) or not hasattr(T, "__iter__"):
            raise ShapeError(f"T: expected a mapping or a sequence of matrices, got {T!r}")
        else:
            mats = list(T)
        alphabet = list(range(len(mats))) if alphabet is None else list(alphabet)
        if len(alphabet) != len(mats):
            raise ShapeError(f"alphabet has {len(alphabet)} symbols but T has {len(mats)} matrices")
    if len(alphabet) != len(set(alphabet)):
        raise DuplicateSymbolError(_duplicate_message("symbol", alphabet))
    _refuse_lookalikes(alphabet, "symbol", DuplicateSymbolError)
    if not mats:
        raise ShapeError("T: an HMM needs at least one symbol")
    return alphabet, mats


def _parse_shapes(alphabet, mats) -> tuple[list, int]:
    """The rows of every matrix, checked square and of one size within the entry budget."""
    first = len(mats[0]) if hasattr(mats[0], "__len__") else 0
    if first * first * len(mats) > MAX_ENTRIES:
        raise BudgetExceededError(
            f"T: {len(mats)} matrices of {first} x {first} entries ({first * first * len(mats):,}) are more than the "
            f"exact core handles in reasonable time (at most {MAX_ENTRIES:,} entries; compmech.hmm.MAX_ENTRIES)"
        )
    rows_per_symbol: list = []
    n = -1
    for a, m in zip(alphabet, mats):
        where = f"T[{a!r}]"
        rows = _rows(m, where)
        if n < 0:
            n = len(rows)
            if n == 0:
                raise ShapeError(f"{where}: an HMM needs at least one state")
        if len(rows) != n:
            raise ShapeError(f"{where} has {len(rows)} rows but T[{alphabet[0]!r}] has {n}")
        for i, r in enumerate(rows):
            if len(r) != n:
                raise ShapeError(f"{where} row {i} has {len(r)} entries; every matrix must be {n} x {n}")
        rows_per_symbol.append(rows)
    return rows_per_symbol, n


def _parse_states(states, n: int) -> list:
    states = list(range(n)) if states is None else list(states)
    if len(states) != n:
        raise ShapeError(f"states has {len(states)} names but the matrices are {n} x {n}")
    if len(states) != len(set(states)):
        raise DuplicateStateError(_duplicate_message("state", states))
    _refuse_lookalikes(states, "state", DuplicateStateError)
    return states


@dataclass(frozen=True)
class IntegerForm:
    """An HMM with rational entries over one common denominator: ``T[x] = M[x] / D``.

    ``M`` is an ``(n_symbols, n_states, n_states)`` numpy object array of Python ints; ``pi`` holds the
    stationary distribution's numerators over their own common denominator.
    """

    D: int
    M: np.ndarray
    pi: np.ndarray

    def __iter__(self):  # D, M, pi = hmm.kernel.integer_form()
        return iter((self.D, self.M, self.pi))


@dataclass(frozen=True)
class ExactKernel:
    """Read-only view of an HMM's exact data, for the algorithms of compmech (``HMM.kernel``).

    In the spirit of sympy's ``DomainMatrix.to_ddm()``: other modules use this view, never the HMM's
    private attributes.  ``matrices[x][i][j]`` is ``T[x][i, j]`` as an element of ``domain`` (``QQ``,
    or a rational-function field for parametric HMMs).
    """

    domain: object
    matrices: tuple
    n_states: int
    n_symbols: int
    hmm: HMM = field(repr=False, compare=False)

    def stationary(self) -> list:
        """The stationary distribution as domain elements (exact; cached by the HMM)."""
        return self.hmm._stationary_k()

    def start(self, start: Sequence | None = None) -> list:
        """A validated start distribution as domain elements (``None``: the stationary one)."""
        return self.hmm._start_k(start)

    def step(self, vec: list, x: int) -> list:
        """``vec T[x]`` for a row vector of domain elements and a symbol index."""
        return self.hmm._propagate(vec, x)

    def integer_form(self) -> IntegerForm:
        """The rational HMM over one common denominator (raises for parametric HMMs)."""
        return self.hmm._integer_form


def _refuse_lookalikes(names, what: str, error) -> None:
    """Refuse names that differ but print the same (``0`` and ``"0"``): files could not tell them apart."""
    seen: dict = {}
    for a in names:
        b = seen.setdefault(str(a), a)
        if b is not a and b != a:
            raise error(f"{what}s {b!r} and {a!r} differ in type but print the same; use one type for all {what}s")


class HMM:
    """An edge-emitting hidden Markov model with exact entries.

    Parameters
    ----------
    T : mapping or array_like
        Either a mapping ``symbol -> square matrix`` or a nested sequence /
        array of shape ``(n_symbols, n_states, n_states)`` with
        ``T[x][i][j] = Pr(emit x, go to j | in i)``.  Entries may be ``int``,
        ``fractions.Fraction``, ``sympy.Rational``, strings such as ``"3/8"``,
        or sympy expressions in symbols (parametric HMMs).  Floats are refused;
        use :meth:`from_float` to convert them explicitly.
    states : sequence, optional
        State names (default ``0 .. n-1``).
    alphabet : sequence, optional
        Symbols (default: the mapping's keys, or ``0 .. n_symbols-1``).
    name : str, optional
        A label used in ``repr`` and reports.

    Raises
    ------
    DuplicateStateError, ProbabilityRangeError, NotStochasticError
        Each names the symbol, row or entry at fault.

    Examples
    --------
    >>> hmm = HMM({0: [[0, "1/2"], [1, 0]], 1: [["1/2", 0], [0, 0]]})
    >>> hmm.n_states, hmm.alphabet
    (2, (0, 1))
    >>> hmm.stationary_distribution()
    (2/3, 1/3)
    >>> hmm.word_probability([1, 0])
    1/6
    """

    def __init__(self, T, states=None, alphabet=None, name: str | None = None):
        alphabet, mats = _parse_symbols(T, alphabet)
        rows_per_symbol, n = _parse_shapes(alphabet, mats)
        states = _parse_states(states, n)
        exprs = [
            [[to_exact(v, f"T[{a!r}][{i}, {j}]") for j, v in enumerate(r)] for i, r in enumerate(rows)]
            for a, rows in zip(alphabet, rows_per_symbol)
        ]
        self._alphabet = tuple(alphabet)
        self._states = tuple(states)
        self._n = n
        self.name = name
        self._init_exact(exprs)
        self._validate()

    # ------------------------------------------------------------------ set-up
    def _init_exact(self, exprs):
        flat = [e for mat in exprs for row in mat for e in row]
        K, elems = exact_domain(flat)
        k, n = len(exprs), self._n
        it = iter(elems)
        kmats = [[[next(it) for _ in range(n)] for _ in range(n)] for _ in range(k)]
        self._K = K
        self._kmats = kmats
        self._exprs = tuple(sympy.ImmutableMatrix(m) for m in exprs)
        self._symbols = frozenset().union(*(m.free_symbols for m in self._exprs))

    def _validate(self):
        K, n = self._K, self._n
        numeric = not self._symbols
        for a, mat in zip(self._alphabet, self._exprs):
            for i in range(n):
                for j in range(n):
                    e = mat[i, j]
                    if e.is_number and (not e.is_real or e.is_negative or (e - 1).is_positive):
                        raise ProbabilityRangeError(f"T[{a!r}][{i}, {j}] = {e} is not a probability in [0, 1]")
        for i in range(n):
            total = reduce(K.add, (m[i][j] for m in self._kmats for j in range(n)), K.zero)
            if total != K.one:
                shown = K.to_sympy(total)
                raise NotStochasticError(
                    f"row {i} (state {self._states[i]!r}) of sum_x T[x] sums to {shown}, not 1"
                    + ("" if numeric else " (as a function of the parameters)")
                )

    @classmethod
    def from_float(
        cls,
        T: Any,
        max_denominator: int = 10**6,
        states: Sequence | None = None,
        alphabet: Sequence | None = None,
        name: str | None = None,
        row_tol: float = 1e-2,
    ):
        """Build an HMM from float matrices, converting each entry explicitly.

        Every entry becomes the closest fraction with denominator at most
        ``max_denominator`` (``Fraction.limit_denominator``).  If a row of the
        converted ``sum_x T[x]`` does not sum exactly to 1 (rounded input such
        as ``0.3333, 0.6666``), a ``UserWarning`` says so and that row is
        divided by its exact sum; a row whose float sum is further than
        ``row_tol`` from 1 is an error, not a rounding.

        Parameters
        ----------
        T : mapping or array_like
            As for :class:`HMM`, with float entries.
        max_denominator : int
            Largest denominator allowed for each converted entry.
        row_tol : float
            Largest accepted ``|sum_x sum_j T[x][i, j] - 1|`` of a float row.

        Raises
        ------
        NotStochasticError
            When a row's float sum is further than ``row_tol`` from 1.

        Examples
        --------
        >>> hmm = HMM.from_float([[[0.5, 0.0], [0.0, 0.0]], [[0.0, 0.5], [1.0, 0.0]]])
        >>> hmm.matrices[0][0, 0]
        1/2
        """
        if (
            isinstance(max_denominator, bool)
            or not isinstance(max_denominator, int)
            or not 1 <= max_denominator <= 10**60
        ):
            raise InvalidArgumentError(
                f"max_denominator must be a whole number in 1 .. 10**60, got {max_denominator!r}"
            )
        if isinstance(T, Mapping):
            alphabet = list(T.keys()) if alphabet is None else list(alphabet)
            mats = [T[a] for a in alphabet]
        else:
            mats = list(np.asarray(T, dtype=float)) if not isinstance(T, np.ndarray) else list(T)
        conv, float_rows = [], []
        for x, m in enumerate(mats):
            arr = np.asarray(m, dtype=float)
            if arr.ndim != 2:
                raise ShapeError(f"T[{x}]: expected a 2-D matrix, got shape {arr.shape}")
            if not np.all(np.isfinite(arr)):
                bad = tuple(int(v) for v in np.argwhere(~np.isfinite(arr))[0])
                raise InvalidEntryError(f"T[{x}]{list(bad)} is not finite ({arr[bad]})")
            fracs = [[Fraction(float(v)).limit_denominator(max_denominator) for v in row] for row in arr]
            lost = [(i, j) for i, row in enumerate(arr) for j, v in enumerate(row) if v != 0 and fracs[i][j] == 0]
            if lost:
                i, j = lost[0]
                warnings.warn(
                    f"T[{x}][{i}, {j}] = {float(arr[i, j])!r} (and {len(lost) - 1} more) rounds to 0 with max_denominator="
                    f"{max_denominator}: the support of the HMM changes (a transition disappears); raise "
                    f"max_denominator to keep it",
                    UserWarning,
                    stacklevel=2,
                )
            conv.append(fracs)
            float_rows.append(arr.sum(axis=1))
        n = len(conv[0]) if conv else 0
        for i in range(n):
            float_total = float(sum(r[i] for r in float_rows if i < len(r)))  # shapes are checked by HMM()
            if abs(float_total - 1.0) > row_tol:
                name_i = states[i] if states is not None and i < len(states) else i
                raise NotStochasticError(
                    f"row {i} (state {name_i!r}) of sum_x T[x] sums to {float_total!r} in "
                    f"floats, more than row_tol={row_tol} from 1"
                )
            total = sum((conv[x][i][j] for x in range(len(conv)) for j in range(len(conv[x][i]))), Fraction(0))
            if total != 1 and total > 0:
                warnings.warn(
                    f"row {i}: converted entries sum to {total}, not 1; dividing the row by that sum",
                    UserWarning,
                    stacklevel=2,
                )
                for x in range(len(conv)):
                    conv[x][i] = [v / total for v in conv[x][i]]
        return cls(conv, states=states, alphabet=alphabet, name=name)

    # -------------------------------------------------------------- properties
    @property
    def n_states(self) -> int:
        """Number of hidden states."""
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
        """The state names, in row order."""
        return self._states

    @property
    def matrices(self) -> dict:
        """The exact labeled matrices, as a dict ``{symbol: sympy.ImmutableMatrix}``."""
        return dict(zip(self._alphabet, self._exprs))

    @property
    def transition_matrix(self) -> sympy.ImmutableMatrix:
        """The exact state-to-state transition matrix ``sum_x T[x]``."""
        return sympy.ImmutableMatrix(reduce(lambda a, b: a + b, self._exprs))

    @property
    def parameters(self) -> frozenset:
        """The free sympy symbols of a parametric HMM (empty when numeric)."""
        return self._symbols

    def is_symbolic(self) -> bool:
        """True when some entry depends on a free sympy symbol."""
        return bool(self._symbols)

    @property
    def domain(self):
        """The sympy polys domain of the exact arithmetic (``QQ``, or ``QQ(p)`` for parameters)."""
        return self._K

    def subs(self, values: Mapping) -> HMM:
        """Substitute values for parameters and return a new HMM.

        Examples
        --------
        >>> import sympy
        >>> from compmech.processes import golden_mean
        >>> p = sympy.Symbol("p")
        >>> golden_mean(p).subs({p: sympy.Rational(1, 3)}).stationary_distribution()
        (3/4, 1/4)
        """
        vals = {k: to_exact(v, f"value for {k}") for k, v in dict(values).items()}
        mats = [m.subs(vals) for m in self._exprs]
        return HMM(mats, states=self._states, alphabet=self._alphabet, name=self.name)

    def to_numpy(self) -> np.ndarray:
        """Float64 array of shape ``(n_symbols, n_states, n_states)``.

        Examples
        --------
        >>> from compmech.processes import golden_mean
        >>> golden_mean().to_numpy().shape
        (2, 2, 2)
        """
        self.require_numeric("to_numpy")
        return np.array([[[float(v) for v in row] for row in m.tolist()] for m in self._exprs], dtype=np.float64)

    def require_numeric(self, what: str) -> None:
        """Raise :class:`SymbolicParameterError` (naming ``what``) when the HMM has free parameters."""
        if self._symbols:
            names = ", ".join(sorted(map(str, self._symbols)))
            raise SymbolicParameterError(
                f"{what} needs numbers but the HMM has free parameters ({names}); call .subs({{...}}) first"
            )

    # ------------------------------------------------------------- structure
    def _edges(self):
        K, n = self._K, self._n
        src, dst = [], []
        for m in self._kmats:
            for i in range(n):
                for j in range(n):
                    if m[i][j] != K.zero:
                        src.append(i)
                        dst.append(j)
        return src, dst

    def closed_classes(self) -> list[tuple]:
        """Closed communicating classes of the state graph, as tuples of state names.

        Examples
        --------
        >>> from compmech.processes import rrxor
        >>> rrxor().closed_classes()
        [('S', '0', '1', 'T', 'F')]
        """
        src, dst = self._edges()
        return [tuple(self._states[i] for i in c) for c in closed_classes(self._n, src, dst)]

    def is_unifilar(self) -> bool:
        """True when each state has at most one successor per symbol.

        Examples
        --------
        >>> from compmech.processes import golden_mean, mess3
        >>> golden_mean().is_unifilar(), mess3().is_unifilar()
        (True, False)
        """
        K = self._K
        return all(sum(1 for v in row if v != K.zero) <= 1 for m in self._kmats for row in m)

    def _stationary_k(self):
        """Stationary distribution as a list of domain elements (cached)."""
        cached = self.__dict__.get("_pi_k")
        if cached is not None:
            return cached
        K, n = self._K, self._n
        src, dst = self._edges()
        classes = closed_classes(n, src, dst)
        if len(classes) != 1:
            named = [tuple(self._states[i] for i in c) for c in classes]
            raise NotErgodicError(
                f"the stationary distribution is not unique: {len(classes)} closed classes of states {named}",
                closed_classes=named,
            )
        cls = classes[0]
        total = [[reduce(K.add, (mat[i][j] for mat in self._kmats), K.zero) for j in cls] for i in cls]
        sol = stationary_of_class(total, K)
        pi = [K.zero] * n
        for idx, i in enumerate(cls):
            pi[i] = sol[idx]
        self.__dict__["_pi_k"] = pi
        return pi

    def stationary_distribution(self) -> tuple:
        """The exact stationary distribution ``pi`` with ``pi T = pi``.

        Computed by exact linear algebra over the HMM's domain (never ``eig``).
        Transient states get probability 0.

        Raises
        ------
        NotErgodicError
            When there are several closed classes; the message and the
            ``closed_classes`` attribute name them.

        Examples
        --------
        >>> from compmech.processes import rrxor
        >>> rrxor().stationary_distribution()
        (1/3, 1/6, 1/6, 1/6, 1/6)
        """
        return tuple(self._K.to_sympy(v) for v in self._stationary_k())

    # ------------------------------------------------------------------ words
    @cached_property
    def _symbol_index(self):
        index = {a: i for i, a in enumerate(self._alphabet)}
        by_str = {}
        for i, a in enumerate(self._alphabet):
            by_str.setdefault(str(a), []).append(i)
        for s, idx in by_str.items():
            if len(idx) == 1 and s not in index:
                index[s] = idx[0]
        return index

    def symbol_indices(self, word: Sequence) -> list[int]:
        """Indices (into :attr:`alphabet`) of the symbols of ``word``.

        A string is read character by character when the alphabet's symbols
        print as single characters.

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
                    f"symbol {s!r} at position {pos} of the word is not in the alphabet {self._alphabet!r}"
                ) from None
        return out

    def _start_k(self, start):
        if start is None:
            return self._stationary_k()
        K = self._K
        vals = list(start)
        if len(vals) != self._n:
            raise ShapeError(f"start has {len(vals)} entries but the HMM has {self._n} states")
        exprs = [to_exact(v, f"start[{i}]") for i, v in enumerate(vals)]
        for i, e in enumerate(exprs):
            if e.is_number and (e.is_negative or (e - 1).is_positive):
                raise ProbabilityRangeError(f"start[{i}] = {e} is not a probability in [0, 1]")
        conv = [K.from_sympy(e) for e in exprs]
        total = reduce(K.add, conv, K.zero)
        if total != K.one:
            raise NotStochasticError(f"start distribution sums to {K.to_sympy(total)}, not 1")
        return conv

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
        """Exact probability of ``word``, from ``start`` (default: the stationary ``pi``).

        ``Pr(w) = start T[w1] T[w2] ... T[wL] 1``.

        Examples
        --------
        >>> from compmech.processes import golden_mean
        >>> golden_mean().word_probability("11")
        0
        >>> golden_mean().word_probability("101")
        1/6
        """
        K = self._K
        return K.to_sympy(reduce(K.add, self._unnormalized(word, start), K.zero))

    def belief(self, word: Sequence, start: Sequence | None = None) -> tuple:
        """The exact belief (mixed state) after observing ``word``.

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
        >>> even().belief("0")
        (1, 0)
        """
        K = self._K
        vec = self._unnormalized(word, start)
        total = reduce(K.add, vec, K.zero)
        if total == K.zero:
            raise ZeroProbabilityWordError(f"the word {list(word)!r} has probability 0 and no belief")
        return tuple(K.to_sympy(K.quo(v, total)) for v in vec)

    # -------------------------------------------------------- integer form
    @cached_property
    def _integer_form(self):
        """``(D, M, pi_int)`` with ``M[x] = D * T[x]`` integer (numpy object arrays).

        Only for HMMs with rational entries; used by the fast exact paths.
        """
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
        pi = self._stationary_k()
        Dp = lcm(*[int(v.denominator) for v in pi])
        pi_int = np.array([int(v.numerator) * (Dp // int(v.denominator)) for v in pi], dtype=object)
        return IntegerForm(D, M, pi_int)

    @cached_property
    def kernel(self) -> ExactKernel:
        """The exact data that algorithms need, as a read-only view (see :class:`ExactKernel`).

        Examples
        --------
        >>> from compmech.processes import golden_mean
        >>> k = golden_mean().kernel
        >>> k.domain, k.n_states, [str(v) for v in k.stationary()]
        (QQ, 2, ['2/3', '1/3'])
        >>> k.integer_form().D, k.integer_form().M.tolist()
        (2, [[[1, 0], [2, 0]], [[0, 1], [0, 0]]])
        """
        return ExactKernel(
            self._K, tuple(tuple(tuple(row) for row in m) for m in self._kmats), self._n, len(self._alphabet), self
        )

    # ----------------------------------------------------------------- dunder
    def __eq__(self, other):
        if not isinstance(other, HMM):
            return NotImplemented
        return (
            self._alphabet == other._alphabet
            and self._states == other._states
            and all((a - b).is_zero_matrix for a, b in zip(self._exprs, other._exprs))
        )

    def __hash__(self):
        return hash((self._alphabet, self._states, self._exprs))

    def __repr__(self):
        label = f"{self.name!r}, " if self.name else ""
        return f"HMM({label}n_states={self._n}, alphabet={self._alphabet!r})"


def _duplicate_message(kind, names):
    seen, dups = set(), []
    for s in names:
        if s in seen and s not in dups:
            dups.append(s)
        seen.add(s)
    return f"duplicate {kind} name(s) {dups!r} in {list(names)!r}; each {kind} must be unique"
