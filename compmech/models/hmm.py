"""Edge-emitting hidden Markov models with exact labeled transition matrices.

Convention (shared with the other public code of the field):
``T[x][i, j] = Pr(emit x, go to state j | in state i)``; beliefs are row
vectors; ``Pr(w) = pi T[w1] ... T[wL] 1``.  An HMM is the special case of a
:class:`~compmech.GHMM` with ``tau = (1, ..., 1)`` and entries in ``[0, 1]``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from fractions import Fraction
from functools import reduce
from typing import TYPE_CHECKING

import numpy as np
from sympy.polys.domains import QQ

from ..errors import (
    InvalidArgumentError,
    InvalidEntryError,
    NotErgodicError,
    NotStationaryError,
    NotStochasticError,
    ProbabilityRangeError,
    ShapeError,
    excerpt,
)
from ..kernel.exact import to_exact
from ..kernel.graphs import closed_classes
from ..kernel.linalg import stationary_of_class
from ..kernel.parse import MAX_ENTRIES
from .ghmm import GHMM, ExactKernel, IntegerForm

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

__all__ = ["HMM", "ExactKernel", "IntegerForm", "MAX_ENTRIES"]


class HMM(GHMM):
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
    start : sequence, optional
        The stationary distribution that defines the process, exact.  Needed (and only then used
        instead of the unique solution of ``pi T = pi``) when the state graph has several closed
        classes: a *nonergodic* process, such as a mixture of processes (:func:`compmech.mixture`).
        It must satisfy ``start T = start`` exactly.

    Raises
    ------
    DuplicateStateError, ProbabilityRangeError, NotStochasticError
        Each names the symbol, row or entry at fault.
    NotStationaryError
        When ``start T != start``; the message names the coordinate at fault.

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

    def __init__(self, T, states=None, alphabet=None, name: str | None = None, start=None):
        self._setup(T, states, alphabet, name)
        self._validate()
        if start is not None:
            self._set_start(start)

    def _set_start(self, start) -> None:
        """Fix the stationary distribution to ``start`` after checking ``start T = start`` exactly."""
        conv = self._start_k(start)
        K, n = self._K, self._n
        for j in range(n):
            col = reduce(K.add, (conv[i] * m[i][j] for m in self._kmats for i in range(n) if conv[i] != K.zero), K.zero)
            if col != conv[j]:
                raise NotStationaryError(
                    f"start is not stationary: (start T)[{j}] (state {excerpt(self._states[j])}) = {excerpt(K.to_sympy(col))}, "
                    f"but start[{j}] = {excerpt(K.to_sympy(conv[j]))}"
                )
        self.__dict__["_pi_k"] = conv
        self.__dict__["_start_given"] = True

    def is_classical(self) -> bool:
        """True: an HMM is a classical presentation (see :meth:`GHMM.is_classical`)."""
        return True

    @classmethod
    def from_exact(
        cls, domain, matrices, states=None, alphabet=None, name: str | None = None, start=None, _trusted=False
    ) -> HMM:
        """An HMM from matrices whose entries are already elements of the exact ``domain`` (the kernel's form).

        For algorithms that build HMMs from other HMMs (``reverse``, ``minimize``, the MSP's ``to_hmm``):
        no entry is converted again, and the HMM is validated in the domain's own arithmetic.

        Examples
        --------
        >>> from sympy.polys.domains import QQ
        >>> h = HMM.from_exact(QQ, [[[QQ(1, 2)]], [[QQ(1, 2)]]], name="coin")
        >>> h.word_probability([0, 1])
        1/4
        """
        self = cls.__new__(cls)
        self._setup_exact(domain, matrices, states, alphabet, name)
        if not _trusted:  # (a closed class of a validated HMM is valid: restrictions skip the check)
            self._validate()
        if start is not None:
            self._set_start([domain.to_sympy(v) for v in start])
        return self

    # ------------------------------------------------------------------ set-up
    def _validate(self):
        K, n = self._K, self._n
        numeric = not self._symbols
        if K == QQ:  # rational entries: the range check in the domain itself
            for a, mat in zip(self._alphabet, self._kmats):
                for i, row in enumerate(mat):
                    for j, v in enumerate(row):
                        if v < 0 or v > 1:
                            raise ProbabilityRangeError(
                                f"T[{excerpt(a)}][{i}, {j}] = {excerpt(v)} is not a probability in [0, 1]"
                            )
        for a, mat in zip(self._alphabet, self._exprs if K != QQ else ()):
            for i in range(n):
                for j in range(n):
                    e = mat[i, j]
                    if e.is_number and (not e.is_real or e.is_negative or (e - 1).is_positive):
                        raise ProbabilityRangeError(
                            f"T[{excerpt(a)}][{i}, {j}] = {excerpt(e)} is not a probability in [0, 1]"
                        )
        for i in range(n):
            total = reduce(K.add, (m[i][j] for m in self._kmats for j in range(n)), K.zero)
            if total != K.one:
                shown = K.to_sympy(total)
                raise NotStochasticError(
                    f"row {i} (state {excerpt(self._states[i])}) of sum_x T[x] sums to {excerpt(shown)}, not 1"
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
                    f"row {i} (state {excerpt(name_i)}) of sum_x T[x] sums to {float_total!r} in "
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
        start = (
            [self._K.to_sympy(v).subs(vals) for v in self._stationary_k()]
            if self.__dict__.get("_start_given")
            else None
        )
        return HMM(mats, states=self._states, alphabet=self._alphabet, name=self.name, start=start)

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

    def closed_classes(self, as_indices: bool = False) -> list[tuple]:
        """Closed communicating classes of the state graph, as tuples of state names (or of indices).

        Examples
        --------
        >>> from compmech.processes import rrxor
        >>> rrxor().closed_classes()
        [('S', '0', '1', 'T', 'F')]
        >>> rrxor().closed_classes(as_indices=True)
        [(0, 1, 2, 3, 4)]
        """
        classes = self.__dict__.get("_classes")
        if classes is None:  # the presentation is immutable: one graph search
            src, dst = self._edges()
            classes = self.__dict__["_classes"] = [tuple(sorted(c)) for c in closed_classes(self._n, src, dst)]
        return list(classes) if as_indices else [tuple(self._states[i] for i in c) for c in classes]

    def is_ergodic(self) -> bool:
        """True when the state graph has one closed class, so that the stationary distribution is unique.

        A process given by an HMM with several closed classes and a ``start`` is a mixture of the
        ergodic processes of its classes (:func:`compmech.ergodic_decomposition`).

        Examples
        --------
        >>> from compmech import mixture
        >>> from compmech.processes import golden_mean, rrxor
        >>> rrxor().is_ergodic(), mixture([golden_mean(), rrxor()], ["1/2", "1/2"]).is_ergodic()
        (True, False)
        """
        return len(self.closed_classes(as_indices=True)) == 1

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
        classes = self.closed_classes(as_indices=True)
        if len(classes) != 1:
            named = [tuple(self._states[i] for i in c) for c in classes]
            raise NotErgodicError(
                f"the stationary distribution is not unique: {len(classes)} closed classes of states {named}; "
                f"give the process's stationary distribution as HMM(..., start=...) (for a mixture, the weights "
                f"times each class's stationary distribution; compmech.mixture does it)",
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

    def _display_vectors(self) -> list:
        """The stationary distribution beside the matrices (none for a nonergodic HMM given no start)."""
        try:
            return [(r"\pi", self.stationary_distribution())]
        except NotErgodicError:
            return [(r"\pi", None)]

    # ------------------------------------------------------------------ words
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

    def _tau_k(self):
        return [self._K.one] * self._n
