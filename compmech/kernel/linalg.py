"""Exact linear algebra over sympy polys domains (``QQ``, ``QQ(p)``, ...)."""

from __future__ import annotations

import flint
import networkx as nx
from sympy.polys.domains import QQ
from sympy.polys.matrices import DomainMatrix

__all__ = ["null_space", "stationary_of_class", "solve_left"]


def stationary_of_class(rows, K):
    """Stationary row vector of an irreducible stochastic matrix given as rows of domain elements.

    Solves ``pi (P - I) = 0`` with one equation replaced by ``sum(pi) = 1``
    (nonsingular for an irreducible chain).

    Examples
    --------
    >>> from sympy.polys.domains import QQ
    >>> stationary_of_class([[QQ(1, 2), QQ(1, 2)], [QQ(1), QQ(0)]], QQ)
    [2/3, 1/3]
    """
    m = len(rows)
    A = [[rows[j][i] - (K.one if i == j else K.zero) for j in range(m)] for i in range(m)]
    A[-1] = [K.one] * m
    b = DomainMatrix([[K.zero]] * (m - 1) + [[K.one]], (m, 1), K)
    sol = DomainMatrix(A, (m, m), K).lu_solve(b)
    return [sol[i, 0].element for i in range(m)]


def solve_left(y, A_rows, K):
    """Row vector ``x`` with ``x A = y`` (``A`` square, given by a dict of sparse rows or dense rows).

    Parameters
    ----------
    y : list
        Right-hand side, domain elements.
    A_rows : dict[int, dict[int, element]] or list of lists
        The matrix ``A``.  Sparse rows are solved block by block along the strongly connected
        components of the graph of ``A``'s off-diagonal entries (:func:`_solve_left_blocks`): for the
        transient part of a mixed-state presentation, mostly a DAG, that is back-substitution.

    Examples
    --------
    >>> from sympy.polys.domains import QQ
    >>> solve_left([QQ(1), QQ(0)], [[QQ(1), QQ(-1, 2)], [QQ(0), QQ(1)]], QQ)
    [1, 1/2]
    >>> solve_left([QQ(1), QQ(0)], {0: {0: QQ(1), 1: QQ(-1, 2)}, 1: {1: QQ(1)}}, QQ)
    [1, 1/2]
    """
    m = len(y)
    if m == 0:
        return []
    if isinstance(A_rows, dict):
        return _solve_left_blocks(y, A_rows, K)
    return _solve_left_dense(y, [[A_rows[i][j] for j in range(m)] for i in range(m)], K)


def _solve_left_dense(y, rows, K):
    """``x rows = y`` for a small dense block: python-flint over ``QQ``, sympy's LU otherwise."""
    m = len(y)
    if K == QQ:
        AT = flint.fmpq_mat(m, m, [rows[j][i] for i in range(m) for j in range(m)])
        sol = AT.solve(flint.fmpq_mat(m, 1, list(y)))
        return [K(int(sol[i, 0].p), int(sol[i, 0].q)) for i in range(m)]
    M = DomainMatrix([[rows[j][i] for j in range(m)] for i in range(m)], (m, m), K).to_dense()
    b = DomainMatrix([[v] for v in y], (m, 1), K).to_dense()
    sol = M.lu_solve(b)
    return [sol[i, 0].element for i in range(m)]


def _solve_left_blocks(y, A_rows: dict, K):
    """``x A = y`` for sparse ``A``: strongly connected components in topological order, each block solved.

    ``x_j A[j, j] + sum_{i != j} x_i A[i, j] = y_j``: once every predecessor block is solved, a block's
    right-hand side is known.  Singletons are one division; larger blocks a small dense solve.
    """
    m = len(y)
    succ: dict[int, list] = {i: [(j, v) for j, v in row.items() if j != i and v != K.zero] for i, row in A_rows.items()}
    G = nx.DiGraph()
    G.add_nodes_from(range(m))
    G.add_edges_from((i, j) for i, row in succ.items() for j, _ in row)
    cond = nx.condensation(G)
    rhs = list(y)
    x = [K.zero] * m
    for c in nx.topological_sort(cond):
        block = sorted(cond.nodes[c]["members"])
        if len(block) == 1:
            j = block[0]
            diag = A_rows.get(j, {}).get(j, K.zero)
            x[j] = K.quo(rhs[j], diag)
        else:
            pos = {j: k for k, j in enumerate(block)}
            rows = [[K.zero] * len(block) for _ in block]
            for i in block:
                for j, v in A_rows.get(i, {}).items():
                    if j in pos:
                        rows[pos[i]][pos[j]] = v
            for j, v in zip(block, _solve_left_dense([rhs[j] for j in block], rows, K)):
                x[j] = v
        inside = set(block)
        for i in block:
            if x[i] != K.zero:
                for j, v in succ.get(i, ()):
                    if j not in inside:  # within the block the dense solve accounted for it
                        rhs[j] -= x[i] * v
    return x


def null_space(rows, K) -> list[list]:
    """A basis of the right null space ``{v : A v = 0}`` of a matrix given as rows of domain elements.

    Exact (reduced row echelon form over ``K``); the basis vectors are the standard ones of the free
    columns.

    Examples
    --------
    >>> from sympy.polys.domains import QQ
    >>> null_space([[QQ(1), QQ(-1)], [QQ(2), QQ(-2)]], QQ)
    [[1, 1]]
    """
    m = len(rows)
    n = len(rows[0]) if m else 0
    if m == 0:
        return [[K.one if i == j else K.zero for i in range(n)] for j in range(n)]
    basis = DomainMatrix(rows, (m, n), K).to_dense().nullspace().to_Matrix()
    return [[K.from_sympy(v) for v in basis.row(r)] for r in range(basis.rows)]
