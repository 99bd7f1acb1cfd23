"""Exact linear algebra over sympy polys domains (``QQ``, ``QQ(p)``, ...)."""

from __future__ import annotations

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
        The matrix ``A``.

    Examples
    --------
    >>> from sympy.polys.domains import QQ
    >>> solve_left([QQ(1), QQ(0)], [[QQ(1), QQ(-1, 2)], [QQ(0), QQ(1)]], QQ)
    [1, 1/2]
    """
    m = len(y)
    if m == 0:
        return []
    if isinstance(A_rows, dict):
        # transpose sparse rows into sparse rows of A^T
        AT = {}
        for i, row in A_rows.items():
            for j, v in row.items():
                if v != K.zero:
                    AT.setdefault(j, {})[i] = v
        M = DomainMatrix(AT, (m, m), K)
    else:
        M = DomainMatrix([[A_rows[j][i] for j in range(m)] for i in range(m)], (m, m), K)
    b = DomainMatrix({i: {0: v} for i, v in enumerate(y) if v != K.zero}, (m, 1), K)
    if isinstance(A_rows, dict):
        M, b = M.to_sparse(), b.to_sparse()
    else:
        M, b = M.to_dense(), b.to_dense()
    sol = M.lu_solve(b)
    return [sol[i, 0].element for i in range(m)]


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
