"""Reading the labeled matrices of a presentation (HMM or GHMM): shapes, names, symbols.

Shared by :class:`compmech.GHMM` and :class:`compmech.HMM`; every error names the symbol, row or
entry at fault.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import sympy

from ..errors import BudgetExceededError, DuplicateStateError, DuplicateSymbolError, ShapeError, excerpt

__all__ = ["MAX_ENTRIES", "duplicate_message", "parse_shapes", "parse_states", "parse_symbols", "refuse_lookalikes"]

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
        raise ShapeError(f"{where}: expected a square matrix (a sequence of rows), got {excerpt(matrix)}")
    rows = []
    for i, row in enumerate(matrix):
        if isinstance(row, (str, bytes)) or not hasattr(row, "__iter__"):
            raise ShapeError(f"{where}: row {i} is not a sequence (got {excerpt(row)})")
        rows.append(list(row))
    return rows


def parse_symbols(T, alphabet) -> tuple[list, list]:
    """``(alphabet, matrices)`` from a mapping ``{symbol: matrix}`` or a sequence of matrices."""
    if isinstance(T, Mapping):
        keys = list(T.keys())
        if alphabet is None:
            alphabet = keys
        else:
            alphabet = list(alphabet)
            if len(alphabet) != len(set(alphabet)):
                raise DuplicateSymbolError(duplicate_message("symbol", alphabet))
            if set(alphabet) != set(keys):
                raise DuplicateSymbolError(
                    f"alphabet {excerpt(alphabet)} does not match the symbols of T {excerpt(keys)}"
                )
        mats = [T[a] for a in alphabet]
    else:
        if isinstance(T, np.ndarray):
            if T.ndim != 3:
                raise ShapeError(f"T: expected shape (n_symbols, n_states, n_states), got {T.shape}")
            mats = list(T)
        elif isinstance(T, (str, bytes)) or not hasattr(T, "__iter__"):
            raise ShapeError(f"T: expected a mapping or a sequence of matrices, got {excerpt(T)}")
        else:
            mats = list(T)
        alphabet = list(range(len(mats))) if alphabet is None else list(alphabet)
        if len(alphabet) != len(mats):
            raise ShapeError(f"alphabet has {len(alphabet)} symbols but T has {len(mats)} matrices")
    if len(alphabet) != len(set(alphabet)):
        raise DuplicateSymbolError(duplicate_message("symbol", alphabet))
    refuse_lookalikes(alphabet, "symbol", DuplicateSymbolError)
    if not mats:
        raise ShapeError("T: an HMM needs at least one symbol")
    return alphabet, mats


def parse_shapes(alphabet, mats) -> tuple[list, int]:
    """The rows of every matrix, checked square and of one size within the entry budget."""
    m0 = mats[0]
    if isinstance(m0, sympy.MatrixBase):
        first = m0.rows  # len() of a sympy matrix counts its entries
    elif isinstance(m0, np.ndarray):
        first = m0.shape[0] if m0.ndim else 0
    else:
        first = len(m0) if hasattr(m0, "__len__") else 0
    if first * first * len(mats) > MAX_ENTRIES:
        raise BudgetExceededError(
            f"T: {len(mats)} matrices of {first} x {first} entries ({first * first * len(mats):,}) are more than the "
            f"exact core handles in reasonable time (at most {MAX_ENTRIES:,} entries; compmech.models.hmm.MAX_ENTRIES)"
        )
    rows_per_symbol: list = []
    n = -1
    for a, m in zip(alphabet, mats):
        where = f"T[{excerpt(a)}]"
        rows = _rows(m, where)
        if n < 0:
            n = len(rows)
            if n == 0:
                raise ShapeError(f"{where}: an HMM needs at least one state")
        if len(rows) != n:
            raise ShapeError(f"{where} has {len(rows)} rows but T[{excerpt(alphabet[0])}] has {n}")
        for i, r in enumerate(rows):
            if len(r) != n:
                raise ShapeError(f"{where} row {i} has {len(r)} entries; every matrix must be {n} x {n}")
        rows_per_symbol.append(rows)
    return rows_per_symbol, n


def parse_states(states, n: int) -> list:
    states = list(range(n)) if states is None else list(states)
    if len(states) != n:
        raise ShapeError(f"states has {len(states)} names but the matrices are {n} x {n}")
    if len(states) != len(set(states)):
        raise DuplicateStateError(duplicate_message("state", states))
    refuse_lookalikes(states, "state", DuplicateStateError)
    return states


def refuse_lookalikes(names, what: str, error) -> None:
    """Refuse names that differ but print the same (``0`` and ``"0"``): files could not tell them apart."""
    seen: dict = {}
    for a in names:
        b = seen.setdefault(str(a), a)
        if b is not a and b != a:
            raise error(
                f"{what}s {excerpt(b)} and {excerpt(a)} differ in type but print the same; use one type for all {what}s"
            )


def duplicate_message(kind, names):
    seen, dups = set(), []
    for s in names:
        if s in seen and s not in dups:
            dups.append(s)
        seen.add(s)
    return f"duplicate {kind} name(s) {excerpt(dups)} in {excerpt(list(names))}; each {kind} must be unique"
