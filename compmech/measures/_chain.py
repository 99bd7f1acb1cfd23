"""The Markov chain on mixed states, with its exact fundamental matrices.

For a complete MSP with transient nodes ``T`` and one recurrent class ``R``
the transition matrix is ``W = [[Q, B], [0, W_r]]``.  Sums over word lengths
become products with

- ``N = (I - Q)^-1``, the fundamental matrix of the transient part;
- ``Z_r = (I - W_r + 1 pi_r)^-1`` and the group (Drazin) inverse
  ``D_r = Z_r - 1 pi_r`` of ``I - W_r``, valid for periodic ``W_r`` too;
- the group inverse ``D`` of ``I - W`` for the whole chain, whose blocks are
  ``[[N, N B Z_r - (N 1) pi_r - 1 pi_r], [0, D_r]]``.

Only row vectors times these matrices are ever formed (sparse or small dense
exact solves), never a dense inverse of the whole chain.
"""

from __future__ import annotations

from functools import lru_cache

from ..errors import NotErgodicError
from ..kernel.linalg import solve_left, stationary_of_class
from ..kernel.refusals import RefusalMemo
from ..presentations.machines import epsilon_machine
from ..presentations.msp import closed_msp
from ._logs import entropy_terms

__all__ = ["MSPChain", "synchronization_chain"]


class MSPChain:
    """Exact Markov chain on the nodes of a complete mixed-state presentation."""

    def __init__(self, msp):
        self.msp = msp
        K = self.K = msp.hmm.domain
        closed = msp.closed_classes  # raises MSPIncompleteError on a truncated MSP
        if len(closed) != 1:
            raise NotErgodicError(
                f"the MSP has {len(closed)} recurrent classes; this computation needs a unique stationary "
                f"distribution over causal states (an ergodic process)"
            )
        rec = set(closed[0])
        n = msp.n_nodes
        self.transient = [u for u in range(n) if u not in rec]
        self.recurrent = sorted(rec)
        self.tpos = {u: i for i, u in enumerate(self.transient)}
        self.rpos = {u: i for i, u in enumerate(self.recurrent)}
        self.out = [dict() for _ in range(n)]  # node -> {target: probability}
        self.next_symbol = [[K.zero] * msp.hmm.n_symbols for _ in range(n)]
        src, sym, dst = msp.edges
        for u, x, v, p in zip(src.tolist(), sym.tolist(), dst.tolist(), msp.exact.edge_probabilities):
            self.out[u][v] = self.out[u].get(v, K.zero) + p
            self.next_symbol[u][x] = p
        m = len(self.recurrent)
        Wr = [[K.zero] * m for _ in range(m)]
        for u in self.recurrent:
            for v, p in self.out[u].items():
                Wr[self.rpos[u]][self.rpos[v]] = p
        self.pi_r = stationary_of_class(Wr, K)
        self._Zr_rows = [[(K.one if i == j else K.zero) - Wr[i][j] + self.pi_r[j] for j in range(m)] for i in range(m)]
        self._IQ = {}
        for u in self.transient:
            i = self.tpos[u]
            row = {i: K.one}
            for v, p in self.out[u].items():
                if v in self.tpos:
                    j = self.tpos[v]
                    row[j] = row.get(j, K.zero) - p
            self._IQ[i] = row

    # ---- row-vector algebra; a row vector is a pair (y_T, y_R) of lists
    def root(self):
        K = self.K
        yT = [K.zero] * len(self.transient)
        yR = [K.zero] * len(self.recurrent)
        if 0 in self.tpos:
            yT[self.tpos[0]] = K.one
        else:
            yR[self.rpos[0]] = K.one
        return yT, yR

    def left_N(self, yT):
        return solve_left(yT, self._IQ, self.K)

    def left_Z(self, yR):
        return solve_left(yR, self._Zr_rows, self.K)

    def left_B(self, yT):
        K = self.K
        out = [K.zero] * len(self.recurrent)
        for u, c in zip(self.transient, yT):
            if c != K.zero:
                for v, p in self.out[u].items():
                    if v in self.rpos:
                        out[self.rpos[v]] += c * p
        return out

    def left_W(self, y):
        K = self.K
        yT, yR = y
        oT = [K.zero] * len(self.transient)
        oR = [K.zero] * len(self.recurrent)
        for nodes, vec in ((self.transient, yT), (self.recurrent, yR)):
            for u, c in zip(nodes, vec):
                if c != K.zero:
                    for v, p in self.out[u].items():
                        if v in self.tpos:
                            oT[self.tpos[v]] += c * p
                        else:
                            oR[self.rpos[v]] += c * p
        return oT, oR

    def left_D(self, y):
        """``y D`` for the group inverse ``D`` of ``I - W``."""
        K = self.K
        yT, yR = y
        total = lambda v: sum(v, K.zero)  # noqa: E731
        yN = self.left_N(yT)
        xR = self.left_Z([a + b for a, b in zip(self.left_B(yN), yR)])
        shift = total(yN) + total(yT) + total(yR)
        xR = [a - shift * p for a, p in zip(xR, self.pi_r)]
        return yN, xR

    # ---- node functions
    def node_values(self, f):
        """``(f_T, f_R)``: a per-node function split into transient and recurrent parts."""
        return [f(u) for u in self.transient], [f(u) for u in self.recurrent]

    def next_symbol_entropy(self, u):
        return entropy_terms(self.next_symbol[u], self.K)

    def belief_entropy(self, u):
        return entropy_terms(self.msp.exact.belief(u), self.K)

    def pair(self, y, values):
        """``y . values`` for a row vector and per-node values (log expressions)."""
        from ._logs import combine

        return combine(y[0], values[0], self.K) + combine(y[1], values[1], self.K)


@lru_cache(maxsize=64)
def _cached_chain(hmm, max_states):
    em = epsilon_machine(hmm, max_states=max_states)
    what = (
        f"the synchronization structure of {hmm.name or 'this HMM'} (the process may have infinitely many causal "
        f"states or an infinite transient part)"
    )
    return em, MSPChain(closed_msp(em, max_states, what))


#: (presentation, max_states) -> the message of the InfiniteStatesError its synchronization structure raised
_FAILED = RefusalMemo()


def synchronization_chain(hmm, max_states: int = 10_000):
    """``(epsilon_machine, MSPChain of its MSP)``, cached per HMM; a refusal is remembered too.

    Four measures (E, T, S, chi) ask for the same structure: when it does not close within the budget,
    the first pays for finding that out and the others say so at once.
    """
    return _FAILED.call((hmm, max_states), lambda: _cached_chain(hmm, max_states))
