"""Vectorized sampling of sequences from an HMM (an explicitly numeric, float64 operation)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..errors import InvalidArgumentError, NotStochasticError, excerpt
from ..kernel.budget import check_memory
from .hmm import HMM

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["sample"]


def _alias_tables(P: np.ndarray):
    """Walker/Vose alias tables for each row of a row-stochastic matrix."""
    n, m = P.shape
    prob = np.zeros((n, m))
    alias = np.zeros((n, m), dtype=np.int64)
    for s in range(n):
        q = P[s] * (m / P[s].sum())
        small = [i for i in range(m) if q[i] < 1.0]
        large = [i for i in range(m) if q[i] >= 1.0]
        alias[s] = np.arange(m)
        while small and large:
            a, b = small.pop(), large.pop()
            prob[s, a] = q[a]
            alias[s, a] = b
            q[b] = q[b] + q[a] - 1.0
            (small if q[b] < 1.0 else large).append(b)
        for i in small + large:  # leftovers are 1 up to rounding
            prob[s, i] = 1.0 if q[i] > 0 else 0.0
            if q[i] <= 0:
                alias[s, i] = int(np.argmax(P[s]))
    return prob, alias


def _sample_by_beliefs(ghmm, N: int, L: int, rng, start) -> np.ndarray:
    """Sample a GHMM through its beliefs: ``Pr(x | b) = b T[x] tau``, float64, all sequences at once."""
    T = ghmm.to_numpy()
    k, n, _ = T.shape
    eta, tau = ghmm.vectors_numpy()
    if start is not None:
        eta = np.asarray([float(v) for v in start], dtype=np.float64)
        if eta.shape != (n,) or abs(eta @ tau - 1) > 1e-12:
            raise NotStochasticError(
                f"start must be a vector over {n} coordinates with start . tau = 1, got {excerpt(start)}"
            )
    Tcat = T.transpose(1, 0, 2).reshape(n, k * n)
    b = np.tile(eta, (N, 1))
    tokens = np.empty((N, L), dtype=np.int8 if k <= 127 else np.int64)
    rows = np.arange(N)
    for t in range(L):
        U = (b @ Tcat).reshape(N, k, n)
        p = U @ tau
        if (p < -1e-9).any():
            from .validity import confirm_negative

            i, x = np.argwhere(p < -1e-9)[0]
            where = f"sampling (sequence {i}, position {t})"
            confirm_negative(ghmm, [*tokens[i, :t].tolist(), int(x)], float(p[i, x]), where, start)
        p = np.clip(p, 0.0, None)
        cum = np.cumsum(p, axis=1)
        x = (rng.random(N)[:, None] * cum[:, -1:] >= cum).sum(axis=1).clip(max=k - 1)
        tokens[:, t] = x
        b = U[rows, x] / p[rows, x][:, None]
    return tokens


def sample(
    hmm: HMM,
    n_sequences: int,
    length: int,
    seed: int | np.random.Generator | None = None,
    start: Sequence | None = None,
    return_states: bool = False,
    max_bytes: int | None = None,
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """Sample ``n_sequences`` token sequences of ``length`` from ``hmm``.

    Every sequence starts from a hidden state drawn from the stationary
    distribution (or from ``start``); then, at each step and for all
    sequences at once, one uniform number picks the pair (symbol, next state)
    with Walker's alias method on the float64 table of ``T[x][s, j]``.  A few long sequences are
    computed along time instead (each step's uniform maps every state to an outcome; the maps are
    composed by a doubling scan): the same draws and tokens, one sequence of 10^6 tokens in about
    0.3 s instead of 7 s.
    A :class:`~compmech.GHMM` (no hidden states) is sampled through its float64
    beliefs, ``Pr(x | b) = b T[x] tau``, where the process is valid.

    Parameters
    ----------
    hmm : HMM
        A numeric HMM.
    n_sequences, length : int
    seed : int, numpy.random.Generator or None
        Reproducible with an int seed.
    start : sequence, optional
        Initial state distribution (exact or float values).
    return_states : bool
        Also return the hidden states, shape ``(n_sequences, length + 1)``.
    max_bytes : int, optional
        Memory budget of the result (default half of the machine's memory);
        a larger request fails at once with :class:`BudgetExceededError`.

    Returns
    -------
    numpy.ndarray or (numpy.ndarray, numpy.ndarray)
        Tokens as indices into ``hmm.alphabet``, shape ``(n_sequences, length)``,
        dtype ``int8`` when the alphabet fits, else ``int64``.

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> x = sample(golden_mean(), 4, 12, seed=0)
    >>> x.shape
    (4, 12)
    >>> bool(((x[:, 1:] == 1) & (x[:, :-1] == 1)).any())  # never two 1s in a row
    False
    """
    for name, v in (("n_sequences", n_sequences), ("length", length)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 0:
            raise InvalidArgumentError(f"{name} must be a whole number >= 0, got {excerpt(v)}")
    hmm.require_numeric("sample")
    itemsize = (1 if hmm.n_symbols <= 127 else 8) * int(length) + (8 * (int(length) + 1) if return_states else 0)
    need = int(n_sequences) * (itemsize + 24)  # the arrays, plus the per-step work vectors
    check_memory(
        need,
        f"sampling {n_sequences:,} sequences of length {length:,}",
        "sample in chunks (-n smaller) or pass max_bytes",
        max_bytes,
    )
    rng = np.random.default_rng(seed)
    if not hmm.is_classical():
        if return_states:
            raise InvalidArgumentError("a GHMM has no hidden states to return (its coordinates are not states)")
        return _sample_by_beliefs(hmm, int(n_sequences), int(length), rng, start)
    T = hmm.to_numpy()  # (k, n, n)
    k, n, _ = T.shape
    joint = T.transpose(1, 0, 2).reshape(n, k * n)  # row s: outcomes (x, j) at index x * n + j
    m = k * n
    prob, alias = _alias_tables(joint)
    prob_flat, alias_flat = prob.ravel(), alias.ravel()
    if start is None:
        p0 = np.array([float(v) for v in hmm.stationary_distribution()])
    else:
        p0 = np.asarray([float(v) for v in start], dtype=np.float64)
        if p0.shape != (n,) or np.any(p0 < 0) or abs(p0.sum() - 1) > 1e-12:
            raise NotStochasticError(f"start must be a distribution over {n} states, got {excerpt(start)}")
    N, L = int(n_sequences), int(length)
    states = rng.choice(n, size=N, p=p0 / p0.sum()) if N else np.zeros(0, dtype=np.int64)
    dtype = np.int8 if k <= 127 else np.int64
    tokens = np.empty((N, L), dtype=dtype)
    all_states = np.empty((N, L + 1) if return_states else (0, 0), dtype=np.int64)
    if return_states:
        all_states[:, 0] = states
    if L >= _SCAN_MIN_LENGTH and N * n * (L.bit_length() + 10) <= _SCAN_WORK:
        _sample_by_scan(prob_flat, alias_flat, n, m, states, rng, tokens, all_states if return_states else None)
        return (tokens, all_states) if return_states else tokens
    for t in range(L):
        u = rng.random(N) * m
        j = u.astype(np.int64)
        flat = states * m + j
        outcome = np.where(u - j < prob_flat[flat], j, alias_flat[flat])
        tokens[:, t] = outcome // n
        states = outcome % n
        if return_states:
            all_states[:, t + 1] = states
    return (tokens, all_states) if return_states else tokens


#: Few long sequences are sampled along time (:func:`_sample_by_scan`) when ``N n (log2 L + 10)`` is at most this.
_SCAN_WORK = 4096
_SCAN_MIN_LENGTH = 256
#: Most steps per chunk of the scan (its arrays: a few ``(steps, N, n)`` arrays of int64, 2**18 entries at most).
_SCAN_CHUNK = 1 << 16


def _sample_by_scan(prob_flat, alias_flat, n, m, states, rng, tokens, all_states) -> None:
    """The step-by-step loop of :func:`sample` computed along time: the same draws, the same outcomes.

    Step ``t`` draws one uniform per sequence, and that uniform sends each hidden state ``s`` to an
    outcome ``o_t(s)``, so the step is a map of the states.  All the maps of a chunk of steps are
    formed at once, composed by a doubling scan (``log2`` of the chunk's length gathers), and applied
    to the chunk's first states: ``O(L N n log L)`` vectorized work instead of ``L`` Python steps.
    """
    N, L = tokens.shape
    rows = np.arange(N)
    chunk = max(256, min(_SCAN_CHUNK, (1 << 18) // (N * n)))  # each (steps, N, n) array at most about 2 MiB
    for a in range(0, L, chunk):
        b = min(L, a + chunk)
        u = rng.random((b - a, N)) * m  # the stream of b - a calls of rng.random(N)
        j = u.astype(np.int64)
        flat = np.arange(n) * m + j[:, :, None]  # (steps, N, n): every state's table entry
        outcome = np.where((u - j)[:, :, None] < prob_flat[flat], j[:, :, None], alias_flat[flat])
        after = outcome % n  # after[t, i, s]: the state after step t from state s
        P = after.copy()  # after the scan: P[t] = after[t] o ... o after[0]
        d = 1
        while d < b - a:
            P[d:] = np.take_along_axis(P[d:], P[:-d], axis=2)
            d *= 2
        before = np.empty((b - a, N), dtype=np.int64)  # the state before each step
        before[0] = states
        before[1:] = P[:-1, rows, states]
        tokens[:, a:b] = (outcome[np.arange(b - a)[:, None], rows, before] // n).T
        states = P[-1, rows, states]
        if all_states is not None:
            all_states[:, a + 1 : b + 1] = P[:, rows, before[0]].T
