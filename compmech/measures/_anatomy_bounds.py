"""Certified intervals for the anatomy of a bit when the causal states do not close (Mess3, the SNS).

Take a window: the past block ``U = X_{-L:0}``, the present ``X = X_0``, the future block
``V = X_{1:L+1}``, and the hidden states ``S = S_{-L}`` (before ``U``) and ``T = S_{L+1}`` (after ``V``) of
the HMM given.  Given ``S``, everything before time ``-L`` is independent of everything from ``-L`` on;
given ``T``, everything after ``L`` is independent of everything before.  Hence, with ``past`` and
``future`` the infinite blocks:

- ``H[X | U, V, S, T] <= r = H[X | past, future] <= H[X | U, V]``: the right side conditions on less;
  the left side conditions on more, ``H[X | past, future] >= H[X | past, future, S, T]``, which the
  independences reduce to the window.
- ``I[U; V | X] <= sigma = I[past; future | X] <= I[S, U; V, T | X]``: the window sees less than the
  whole; adding ``S`` and ``T`` to the two sides can only raise the information, and the independences
  again reduce it to the window.
- ``I[U; X, V] <= E <= I[S, U; X, V, T]`` likewise.

Each of these is a combination of entropies of the exact joint law of ``(S, U, X, V, T)``: integers
``pi_s e_s M[u] M[x] M[v] e_t`` over one denominator, whose ``v ln v`` are summed in arb ball arithmetic
(128 bits), so the endpoints are certified and rounded outward.  The entropy rate comes from
:func:`entropy_rate` (certified), ``H[X0]`` is exact, and the other terms follow from the identities in
interval arithmetic (``b = h - r``, ``rho = H - h``, ``q = H - 2h + r``), intersected with the window
bounds of ``sigma`` and ``E`` and with the signs (``r, b, sigma, E >= 0``).
"""

from __future__ import annotations

from collections import Counter
from itertools import chain

import flint
import numpy as np

from ..errors import BudgetExceededError, InvalidArgumentError
from ._anatomy_core import Anatomy, symbol_entropy
from ._dispatch import require_classical
from ._logs import to_expr
from .bounds import _ball
from .interval import Interval

__all__ = ["certified_anatomy", "window_bounds", "MAX_ENTRIES"]

#: the largest joint law of (S, U, X, V, T) the default window may hold (Mess3: L = 5, the SNS: L = 9)
MAX_ENTRIES = 2_500_000
_PREC = 128


def _window_length(n: int, k: int, depth, max_entries: int) -> int:
    size = lambda L: n * n * k ** (2 * L + 1)  # noqa: E731
    if depth is not None:
        if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
            raise InvalidArgumentError(f"depth must be an int >= 1 or None, got {depth!r}")
        if size(depth) > max_entries:
            raise BudgetExceededError(
                f"a window of depth {depth} holds {size(depth):,} joint probabilities (states^2 x symbols^(2L+1)), "
                f"more than max_entries={max_entries:,}; ask for a smaller depth or raise max_entries"
            )
        return depth
    if size(1) > max_entries:
        raise BudgetExceededError(
            f"even a window of depth 1 holds {size(1):,} joint probabilities, more than max_entries={max_entries:,}"
        )
    L = 1
    while size(L + 1) <= max_entries:
        L += 1
    return L


def _xlogx(values) -> flint.arb:
    """``sum v ln v`` over non-negative integers (each distinct value's logarithm evaluated once)."""
    counts = Counter(values) if not isinstance(values, Counter) else values
    arb = flint.arb
    total = arb(0)
    for v, c in counts.items():
        if c and v > 1:
            av = arb(v)
            total += c * (av * av.log())
    return total


def _words(M, n: int, k: int, L: int, state: int, backward: bool) -> np.ndarray:
    """Rows ``e_s M[u]`` (forward) or ``(M[v] e_t)^T`` (backward) for every word of length ``L``."""
    W = np.zeros((1, n), dtype=object)
    W[0, state] = 1
    for _ in range(L):
        step = [W.dot(M[x].T if backward else M[x]) for x in range(k)]
        W = np.stack(step, axis=0 if backward else 1).reshape(-1, n)
    return W


def _window_sums(hmm, L: int) -> tuple:
    """``({name: sum v ln v as arb}, Z)`` for the marginals of ``(S, U, X, V, T)`` (integer masses summing to ``Z``)."""
    form = hmm.kernel.integer_form()
    M, n, k = form.M, hmm.n_states, hmm.n_symbols
    pi = [int(p) for p in form.pi]
    Z = sum(pi) * form.D ** (2 * L + 1)
    backs = [_words(M, n, k, L, t, backward=True).T for t in range(n)]
    full: Counter = Counter()
    suvt: Counter = Counter()
    kL = k**L
    sux = [np.zeros((kL, k), dtype=object) for _ in range(n)]
    xvt = [np.zeros((k, kL), dtype=object) for _ in range(n)]
    uxv = np.zeros((k, kL, kL), dtype=object)
    for s in range(n):
        if pi[s] == 0:
            continue
        F = _words(M, n, k, L, s, backward=False) * pi[s]
        FM = [F.dot(M[x]) for x in range(k)]
        for t in range(n):
            P = [FM[x].dot(backs[t]) for x in range(k)]  # P[x][u, v] = mass of (s, u, x, v, t)
            full.update(chain.from_iterable(p.ravel().tolist() for p in P))
            suvt.update(sum(P[1:], P[0]).ravel().tolist())
            for x in range(k):
                sux[s][:, x] += P[x].sum(axis=1)
                xvt[t][x, :] += P[x].sum(axis=0)
                uxv[x] += P[x]
    if sum(int(v) * c for v, c in suvt.items()) != Z:  # the joint law must be normalized: a bug, not bad input
        raise AssertionError("the window's joint law does not sum to one")
    ux, xv = uxv.sum(axis=2).T, uxv.sum(axis=1)  # (u, x) and (x, v)
    x_marg = ux.sum(axis=0)
    flat = lambda arrays: chain.from_iterable(a.ravel().tolist() for a in arrays)  # noqa: E731
    flint.ctx.prec = _PREC
    sums = {
        "SUXVT": _xlogx(full),
        "SUVT": _xlogx(suvt),
        "SUX": _xlogx(flat(sux)),
        "SU": _xlogx(flat(a.sum(axis=1) for a in sux)),
        "XVT": _xlogx(flat(xvt)),
        "X": _xlogx(x_marg.tolist()),
        "UXV": _xlogx(flat([uxv])),
        "UV": _xlogx(uxv.sum(axis=0).ravel().tolist()),
        "UX": _xlogx(ux.ravel().tolist()),
        "XV": _xlogx(xv.ravel().tolist()),
        "U": _xlogx(ux.sum(axis=1).tolist()),
    }
    return sums, Z


def window_bounds(hmm, L: int) -> dict:
    """The window quantities at ``L`` as arb balls (bits), each a certified bound on a term of the anatomy.

    Keys: ``r_upper = H[X|U,V]``, ``r_lower = H[X|U,V,S,T]``, ``sigma_lower = I[U;V|X]``,
    ``sigma_upper = I[S,U;V,T|X]``, ``E_lower = I[U;X,V]``, ``E_upper = I[S,U;X,V,T]``,
    ``h_upper = H[X|U]`` and ``h_lower = H[X|U,S]``.

    Examples
    --------
    >>> from compmech.processes import mess3
    >>> w = window_bounds(mess3(), 2)
    >>> float(w["r_lower"].upper()) < 0.98 < 0.99 < float(w["r_upper"].lower())
    True
    """
    require_classical(hmm, "the certified anatomy")
    sums, Z = _window_sums(hmm, L)
    arb = flint.arb
    zlnz = arb(Z) * arb(Z).log()
    ln2z = arb(Z) * arb(2).log()
    H = {name: (zlnz - s) / ln2z for name, s in sums.items()}
    return {
        "r_upper": H["UXV"] - H["UV"],
        "r_lower": H["SUXVT"] - H["SUVT"],
        "sigma_lower": H["UX"] + H["XV"] - H["X"] - H["UXV"],
        "sigma_upper": H["SUX"] + H["XVT"] - H["X"] - H["SUXVT"],
        "E_lower": H["U"] + H["XV"] - H["UXV"],
        "E_upper": H["SU"] + H["XVT"] - H["SUXVT"],
        "h_upper": H["UX"] - H["U"],
        "h_lower": H["SUX"] - H["SU"],
    }


def _hi(*balls):
    """The largest lower bound among certified lower bounds (any of them is valid)."""
    return max(balls, key=lambda b: float(b.lower()))


def _lo(*balls):
    """The smallest upper bound among certified upper bounds."""
    return min(balls, key=lambda b: float(b.upper()))


def certified_anatomy(hmm, depth=None, tol: float = 1e-6, max_states: int = 10_000, max_entries: int = MAX_ENTRIES):
    """The anatomy as certified intervals (see the module docstring); ``H`` stays exact."""
    from .bounds import excess_entropy_bounds
    from .rates import entropy_rate

    hmm.require_numeric("the certified anatomy")
    require_classical(hmm, "the certified anatomy")
    L = _window_length(hmm.n_states, hmm.n_symbols, depth, max_entries)
    H_value = symbol_entropy(hmm)
    Hb = H_value.to_arb()
    h_value = entropy_rate(hmm, tol=tol, max_states=max_states)
    w = window_bounds(hmm, L)
    zero = flint.arb(0)
    h_ball = _ball(h_value)
    h = (_hi(flint.arb(h_ball.lower()), w["h_lower"]), _lo(flint.arb(h_ball.upper()), w["h_upper"]))
    r = (_hi(w["r_lower"], zero), _lo(w["r_upper"], h[1]))
    b = (_hi(h[0] - r[1], zero), h[1] - r[0])
    rho = (Hb - h[1], Hb - h[0])
    q = (Hb - 2 * h[1] + r[0], Hb - 2 * h[0] + r[1])
    E_known = excess_entropy_bounds(hmm, tol=tol, max_states=max_states).bounds  # max_l H(l) - l upper(h_mu)
    E_lo_known = flint.arb(flint.fmpq(int(E_known.lower.p), int(E_known.lower.q)))
    E = (_hi(w["E_lower"], E_lo_known, zero), w["E_upper"])
    sigma = (_hi(w["sigma_lower"], E[0] - rho[1], zero), _lo(w["sigma_upper"], E[1] - rho[0]))
    E = (_hi(E[0], rho[0] + sigma[0]), _lo(E[1], rho[1] + sigma[1]))
    h_how = h_value.what if isinstance(h_value, Interval) else "exact"
    notes = {
        "H": "exact: the entropy of the stationary symbol distribution",
        "h": f"entropy_rate: {h_how}; intersected with H[X0 | U, S] <= h <= H[X0 | U] at L = {L}",
        "rho": "H - h (interval arithmetic)",
        "r": f"H[X0 | U, V, S_-L, S_L+1] <= r <= H[X0 | U, V] at L = {L} (U, V: the {L} symbols before and after)",
        "b": "h - r (interval arithmetic), b >= 0",
        "q": "H - 2h + r (interval arithmetic)",
        "sigma": f"I[U; V | X0] <= sigma <= I[S_-L, U; V, S_L+1 | X0] at L = {L}, and E - rho",
        "E": (
            f"I[U; X0, V] <= E <= I[S_-L, U; X0, V, S_L+1] at L = {L}, excess_entropy_bounds' lower bound "
            f"(depth {E_known.depth}), and rho + sigma"
        ),
    }
    pairs = {"h": h, "rho": rho, "r": r, "b": b, "q": q, "sigma": sigma, "E": E}
    values = {name: Interval.from_arb(lo, hi, L, notes[name]) for name, (lo, hi) in pairs.items()}
    return Anatomy(H=to_expr(H_value), **values, kind="certified bound", depth=L, notes=notes)
