"""The chaos game of a presentation's belief maps, vectorised over independent chains (float64).

Every chain starts from the stationary belief and follows the mixed-state process: at belief ``b`` it
draws the next symbol with probability ``Pr(x | b) = b T[x] tau`` and moves to
``f_x(b) = b T[x] / Pr(x | b)``.  After a burn-in the chains sample the Blackwell measure (the
stationary distribution over causal states).  Chains are independent, so grouping them into batches
gives honest batch-means standard errors.  Optionally a frame of tangent vectors is carried along and
re-orthonormalised (the QR method), which gives the Lyapunov exponents of the belief maps restricted
to the belief space ``{b : b . tau = 1}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InvalidArgumentError

__all__ = ["ChaosGame", "batch_mean"]


def _check_count(name: str, value, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise InvalidArgumentError(f"{name} must be an int >= {low}, got {value!r}")
    return int(value)


def batch_mean(per_chain_sums: np.ndarray, steps: int, n_batches: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean per step and the batch-means covariance of that mean, batches being groups of whole chains.

    ``per_chain_sums`` has shape ``(n_chains, q)``: ``q`` quantities summed over ``steps`` steps of each
    chain.  The chains are independent, so the batch means are independent and their covariance over
    ``b`` batches, divided by ``b``, estimates the covariance of the overall mean (a ``(q, q)`` matrix).
    """
    n = per_chain_sums.shape[0]
    per = per_chain_sums.reshape(n, -1)
    b = max(2, min(n_batches, n))
    groups = np.array_split(np.arange(n), b)
    means = np.stack([per[g].sum(axis=0) / (len(g) * steps) for g in groups])
    return per.sum(axis=0) / (n * steps), np.atleast_2d(np.cov(means, rowvar=False)) / b


@dataclass
class ChaosGame:
    """Float64 chaos game of a (generalized) HMM's belief maps.

    Attributes
    ----------
    T : numpy.ndarray
        ``(k, n, n)`` labeled matrices.
    tau, start : numpy.ndarray
        The normalisation vector (ones for an HMM) and the first belief of every chain.
    source : GHMM, optional
        The exact presentation (``start`` its stationary vector): a negative next-symbol probability
        met by a chain is decided exactly on it (:func:`compmech.models.validity.confirm_negative`).
    """

    T: np.ndarray
    tau: np.ndarray
    start: np.ndarray
    source: Any = None

    @classmethod
    def of(cls, hmm) -> ChaosGame:
        hmm.require_numeric("the chaos game")
        eta, tau = hmm.vectors_numpy()
        return cls(hmm.to_numpy(), tau, eta, hmm)

    @property
    def shape(self) -> tuple[int, int]:
        return self.T.shape[0], self.T.shape[1]

    def _prepare(self):
        k, n = self.shape
        self._TcatT = np.ascontiguousarray(self.T.transpose(0, 2, 1).reshape(k * n, n))  # row (x, j), column i
        self._Ttau = self.T @ self.tau  # (k, n): Pr(x | b) = Ttau[x] . b
        self._signed = bool((self.T < 0).any() or (self.tau < 0).any())

    def _images(self, V):
        """``V T[x]`` for every symbol: ``(k, n, N)`` from state-major vectors ``V`` of shape ``(n, N)``."""
        k, n = self.shape
        return (self._TcatT @ V).reshape(k, n, V.shape[1])

    def _step(self, B, rng, position: int):
        """One update of every chain (state-major ``B``): ``(new beliefs, symbols, probabilities, P)``."""
        k, n = self.shape
        N = B.shape[1]
        U = self._images(B)
        P = self._Ttau @ B  # (k, N): Pr(x | b)
        if self._signed and (P < -1e-9).any():
            x, i = np.argwhere(P < -1e-9)[0]
            raise _Negative(position, int(i), int(x), float(P[x, i]))
        Q = np.clip(P, 0.0, None) if self._signed else P
        u = rng.random(N) * Q.sum(axis=0)
        cum = Q[0].copy()
        x = (u >= cum).astype(np.intp)
        for j in range(1, k - 1):
            cum += Q[j]
            x += u >= cum
        cols = np.arange(N)
        p = P[x, cols]
        return U[x, :, cols].T / p, x, p, P

    def run(self, n_chains: int, n_steps: int, burn_in: int, rng, observe=None, frame_dim: int = 0):
        """Run ``burn_in + n_steps`` updates of ``n_chains`` chains.

        ``observe(t, B, P)`` is called after every kept step with the beliefs ``B`` (state-major,
        ``(n, n_chains)``: the points the symbols were drawn from) and their next-symbol probabilities
        ``P`` (``(k, n_chains)``).  With ``frame_dim = m > 0`` an ``m``-frame of tangent vectors is
        carried; the result holds the per-chain sums of ``log R_ii`` (natural logs) over the kept steps.
        """
        state = rng.bit_generator.state
        try:
            return self._run(n_chains, n_steps, burn_in, rng, observe, frame_dim)
        except _Negative as neg:  # replay the same chains, recording the symbols of the one at fault
            replay = np.random.Generator(type(rng.bit_generator)())
            replay.bit_generator.state = state
            path: list = []  # the steps before the failing one: the replay cannot fail
            self._run(n_chains, neg.position, burn_in=0, rng=replay, frame_dim=frame_dim, record=(neg.chain, path))
            self._decide(path + [neg.symbol], neg.value, neg.position)
            raise  # pragma: no cover - _decide always raises

    def _decide(self, word: list, value: float, position: int) -> None:
        from ..errors import NegativeProbabilityError
        from ..models.validity import confirm_negative

        where = f"the chaos game (step {position})"
        if self.source is None:
            raise NegativeProbabilityError(
                f"{where} met a next-symbol probability {value:.3g} < 0: the GHMM does not define a process there "
                "(check it with compmech.verify_nonnegative)"
            )
        confirm_negative(self.source, word, value, where)

    def _run(self, n_chains, n_steps, burn_in, rng, observe=None, frame_dim=0, record=None):
        self._prepare()
        B = np.tile(self.start[:, None], (1, n_chains))
        W = self._initial_frame(n_chains, frame_dim, rng) if frame_dim else None
        logs = np.zeros((n_chains, frame_dim))
        for t in range(burn_in + n_steps):
            kept = t >= burn_in
            B_new, x, p, P = self._step(B, rng, t)
            if record is not None:
                record[1].append(int(x[record[0]]))
            if kept and observe is not None:
                observe(t - burn_in, B, P)
            if W is not None:
                W, r = self._tangent_step(W, x, p, B_new)
                if kept:
                    logs += np.log(r).T
            B = B_new
        return B, logs

    def _initial_frame(self, N: int, m: int, rng) -> np.ndarray:
        n = self.shape[1]
        W = rng.standard_normal((m, n, N))
        W -= np.tensordot(self.tau, W, axes=([0], [1]))[:, None, :] * (self.tau / (self.tau @ self.tau))[None, :, None]
        return self._orthonormalise(W)[0]

    def _tangent_step(self, W, x, p, f):
        """``W <- W J_x(b)`` with ``J = T[x] (I - tau f) / Pr(x | b)``, then Gram-Schmidt (frames ``(m, n, N)``)."""
        cols = np.arange(W.shape[2])
        out = np.empty_like(W)
        for i in range(W.shape[0]):
            V = self._images(W[i])[x, :, cols].T  # (n, N)
            out[i] = (V - (self.tau @ V) * f) / p
        return self._orthonormalise(out)

    @staticmethod
    def _orthonormalise(W):
        """Modified Gram-Schmidt on each chain's frame ``W[:, :, c]``: ``(Q, diag(R))`` with ``R`` ``(m, N)``."""
        W = W.copy()
        m = W.shape[0]
        r = np.empty((m, W.shape[2]))
        for i in range(m):
            for j in range(i):
                W[i] -= (W[i] * W[j]).sum(axis=0) * W[j]
            r[i] = np.sqrt((W[i] * W[i]).sum(axis=0))
            W[i] /= r[i]
        return W, r


class _Negative(Exception):
    """A chain met a negative next-symbol probability (float64): where, and the symbol."""

    def __init__(self, position: int, chain: int, symbol: int, value: float):
        super().__init__(position, chain, symbol, value)
        self.position, self.chain, self.symbol, self.value = position, chain, symbol, value
