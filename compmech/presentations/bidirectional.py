"""The bidirectional machine: the forward and reverse causal states of a process, jointly.

Let ``S+_t`` be the forward causal state at time ``t`` (a function of the past ``X_{:t}``) and ``S-_t``
the reverse causal state (a function of the future ``X_{t:}``, ``X_t`` included).  Two facts carry
everything here:

- *shielding*: the past and the future ``X_{t:}`` are independent given ``S+_t``, and also given
  ``S-_t``;
- *unifilarity*: ``S+_{t+1} = f(S+_t, X_t)`` (the forward machine) and ``S-_t = g(X_t, S-_{t+1})`` (the
  reverse machine reads the sequence backwards).

Let ``M-`` be the reverse epsilon-machine reversed again (:func:`~compmech.reverse`): a forward-time
presentation of the process whose hidden state at time ``t`` is ``S-_t``, with
``M-[x][a, a'] = Pr(X_t = x, S-_{t+1} = a' | S-_t = a)``.  For a word ``w`` that synchronizes the forward
machine to the state ``s`` (every state that can read ``w`` ends in ``s``), the belief of ``M-`` after
reading ``w`` from its stationary distribution is ``Pr(S-_t | X_{t-|w|:t} = w) = Pr(S-_t | S+_t = s)``:
on that event ``S+_t = s``, and ``S-_t`` is independent of the past given ``S+_t``.  Bayes' rule on
``M-`` then carries the conditional from ``s`` to every state the forward machine reaches from it:
``Pr(S- | S+ = f(s, x))`` is ``Pr(S- | S+ = s) M-[x]``, normalized.  The joint distribution
``Pr(S+, S-)`` is exact, and so are the machine's transitions: from ``(s, a)`` the symbol ``x`` comes and
the pair moves to ``(f(s, x), a')`` with probability ``M-[x][a, a']`` (given ``S-_t = a``, the pair
``(X_t, S-_{t+1})`` is independent of the past, hence of ``S+_t``).

When the forward machine has no synchronizing word (it synchronizes only asymptotically), the
conditionals are read from the recurrent mixed states of ``M-`` instead (the method of
:func:`compmech.measures.bidirectional_complexity`), matched to the forward causal states.

References
----------
- C. J. Ellison, J. R. Mahoney and J. P. Crutchfield, "Prediction, retrodiction, and the amount of
  information stored in the present", J. Stat. Phys. 136, 1005 (2009).
- J. P. Crutchfield, C. J. Ellison and J. R. Mahoney, "Time's barbed arrow: irreversibility,
  crypticity, and stored information", Phys. Rev. Lett. 103, 094101 (2009).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import networkx as nx

from ..models.hmm import HMM
from .machines import epsilon_machine, reverse
from .msp import closed_msp

__all__ = ["BidirectionalMachine", "bidirectional_machine"]


@dataclass(frozen=True)
class BidirectionalKernel:
    """The exact data of a :class:`BidirectionalMachine`, as domain elements (for the measures).

    ``pairs[i] = (s, a)`` (indices into the forward and reverse machines' states) with probability
    ``joint[i]``; ``edges`` lists ``(source pair index, symbol index, target pair index, probability)``.
    """

    domain: Any
    pairs: tuple
    joint: tuple
    edges: tuple


@dataclass(frozen=True)
class BidirectionalMachine:
    """The bidirectional epsilon-machine of a process (see :func:`bidirectional_machine`).

    Attributes
    ----------
    forward : HMM
        The forward epsilon-machine (states ``S+``).
    reverse : HMM
        The reverse epsilon-machine (states ``S-``), a presentation of the time-reversed process.
    kernel : BidirectionalKernel
        The exact pairs, joint probabilities and transitions as domain elements.
    n_states : int
        The number of pairs ``(S+, S-)`` of positive probability.
    """

    forward: HMM
    reverse: HMM
    kernel: BidirectionalKernel = field(repr=False)

    @property
    def n_states(self) -> int:
        """The number of pairs ``(S+, S-)`` of positive probability (see the class's Attributes).

        :meta private:
        """
        # private to autodoc only: a second documented ``n_states`` (after GHMM's) would make every
        # "n_states" in the shape of an array documented elsewhere an ambiguous cross-reference
        return len(self.kernel.pairs)

    @property
    def states(self) -> tuple:
        """The pairs ``(forward state name, reverse state name)`` of positive probability."""
        f, r = self.forward.states, self.reverse.states
        return tuple((f[s], r[a]) for s, a in self.kernel.pairs)

    @cached_property
    def joint(self) -> dict:
        """``{(forward state, reverse state): Pr(S+ = ., S- = .)}`` exactly (sympy values)."""
        K = self.kernel.domain
        return {pair: K.to_sympy(p) for pair, p in zip(self.states, self.kernel.joint)}

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The machine as a ``networkx.MultiDiGraph``: nodes are the pairs (attribute ``probability``), each
        edge carries its ``symbol`` (also its key) and exact ``probability``."""
        K = self.kernel.domain
        names = self.states
        G = nx.MultiDiGraph()
        for name, p in zip(names, self.kernel.joint):
            G.add_node(name, probability=K.to_sympy(p))
        alphabet = self.forward.alphabet
        for u, x, v, p in self.kernel.edges:
            G.add_edge(names[u], names[v], key=alphabet[x], symbol=alphabet[x], probability=K.to_sympy(p))
        return G

    def to_hmm(self) -> HMM:
        """The bidirectional machine as an :class:`HMM` on the pairs: a presentation of the same process.

        Examples
        --------
        >>> from compmech.processes import even
        >>> from compmech import same_process
        >>> same_process(bidirectional_machine(even()).to_hmm(), even())
        True
        """
        K = self.kernel.domain
        m = self.n_states
        mats = [[[K.zero] * m for _ in range(m)] for _ in self.forward.alphabet]
        for u, x, v, p in self.kernel.edges:
            mats[x][u][v] = mats[x][u][v] + p
        name = f"bidirectional machine of {self.forward.name}" if self.forward.name else None
        return HMM.from_exact(
            K, mats, states=[f"{s}|{a}" for s, a in self.states], alphabet=self.forward.alphabet, name=name
        )


def bidirectional_machine(hmm, max_states: int = 10_000) -> BidirectionalMachine:
    """The bidirectional epsilon-machine: the pairs of forward and reverse causal states, exactly.

    Its states are the pairs ``(S+, S-)`` of positive probability, with their exact joint
    distribution; from ``(s, a)`` the symbol ``x`` leads to ``(f(s, x), a')`` with probability
    ``Pr(X_0 = x, S-_1 = a' | S-_0 = a)``.  Its statistical complexity ``H[S+, S-]`` is
    :func:`~compmech.measures.bidirectional_complexity`, and ``I[S+; S-]`` is the excess entropy.
    There is no cap on the number of states: the budget ``max_states`` bounds the epsilon-machines
    (and, for a forward machine without a synchronizing word, the mixed states read instead).

    Raises
    ------
    InfiniteStatesError
        When the forward or the reverse causal states do not close within ``max_states``.
    NotErgodicError
        For a mixture of several distinct ergodic processes.

    See Also
    --------
    compmech.measures.bidirectional_complexity
    compmech.measures.anatomy

    References
    ----------
    - C. J. Ellison, J. R. Mahoney and J. P. Crutchfield, "Prediction, retrodiction, and the amount of information stored in the present", J. Stat. Phys. 136, 1005 (2009).

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> bm = bidirectional_machine(golden_mean())
    >>> bm.n_states, bm.forward.n_states, bm.reverse.n_states
    (3, 2, 2)
    >>> bm.joint
    {('A', 1): 1/3, ('A', 2): 1/3, ('B', 1): 1/3}
    >>> sorted(bm.graph.edges(("A", 2), keys=True, data="probability"))
    [(('A', 2), ('B', 1), 1, 1)]

    The reverse machine's states are named by the mixed-state presentation that found them (the
    golden mean reversed is nonunifilar); ``B`` (just after a 1) comes only with the reverse state 1.
    """
    return _machine(hmm, max_states)


@lru_cache(maxsize=32)
def _machine(hmm, max_states):
    fwd = epsilon_machine(hmm, max_states=max_states)  # a mixture of distinct processes raises NotErgodicError
    rev = epsilon_machine(reverse(fwd), max_states=max_states)
    back = reverse(rev)  # forward in time, its hidden state at t is S-_t
    cond = _conditionals(fwd, back, max_states)
    return _assemble(fwd, rev, back, cond)


def _successor(hmm, s, x):
    """``(target, probability)`` of the unifilar transition from ``s`` on symbol ``x``, or None."""
    K = hmm.domain
    for j, v in enumerate(hmm.kernel.matrices[x][s]):
        if v != K.zero:
            return j, v
    return None


def _synchronizing_word(fwd, max_sets: int):
    """``(word, state)``: a shortest word after which every state that can read it is in ``state``; else None."""
    start = frozenset(range(fwd.n_states))
    seen: dict[frozenset, tuple] = {start: ()}
    queue = deque([start])
    while queue:
        cur = queue.popleft()
        for x in range(fwd.n_symbols):
            nxt = frozenset(t[0] for s in cur if (t := _successor(fwd, s, x)) is not None)
            if not nxt or nxt in seen:
                continue
            seen[nxt] = seen[cur] + (x,)
            if len(nxt) == 1:
                return seen[nxt], next(iter(nxt))
            if len(seen) > max_sets:
                return None
            queue.append(nxt)
    return None


def _normalized(vec, K):
    total = sum(vec, K.zero)
    return [K.quo(v, total) for v in vec]


def _conditionals(fwd, back, max_states):
    """``cond[s] = Pr(S- | S+ = s)`` (domain elements) for every forward causal state ``s``."""
    K = fwd.domain
    found = _synchronizing_word(fwd, max_states)
    if found is None:
        return _conditionals_from_mixed_states(fwd, back, max_states)
    word, s0 = found
    belief = back.kernel.stationary()
    for x in word:
        belief = _normalized(back.kernel.step(belief, x), K)
    cond: dict = {s0: belief}
    queue = deque([s0])
    while queue:
        s = queue.popleft()
        for x in range(fwd.n_symbols):
            t = _successor(fwd, s, x)
            if t is None:
                continue
            nxt = _normalized(back.kernel.step(cond[s], x), K)
            if t[0] not in cond:
                cond[t[0]] = nxt
                queue.append(t[0])
            elif cond[t[0]] != nxt:  # the derivation says this cannot happen: a bug, not bad input
                raise AssertionError(f"Pr(S- | S+) is not consistent at forward state {fwd.states[t[0]]!r}")
    return [cond[s] for s in range(fwd.n_states)]


def _conditionals_from_mixed_states(fwd, back, max_states):
    """The recurrent mixed states of ``back`` are the forward causal states, each with ``Pr(S- | S+)``."""
    what = f"the mixed states of the reverse causal states of {fwd.name or 'this process'} (its forward machine has no synchronizing word)"
    msp = closed_msp(back, max_states, what)
    rec = msp.to_hmm(nodes=msp.recurrent_states)
    match = _isomorphism(rec, fwd)
    if match is None:  # the recurrent mixed states are the forward causal states: a bug, not bad input
        raise AssertionError("the recurrent mixed states do not match the forward epsilon-machine")
    cond: list = [None] * fwd.n_states
    for i, u in enumerate(rec.states):
        cond[match[i]] = list(msp.exact.belief(u))
    return cond


def _isomorphism(a, b):
    """The state map of two minimal unifilar machines of one process (unique when it exists), or None."""
    for start in range(b.n_states):
        m = {0: start}
        queue = deque([0])
        ok = True
        while queue and ok:
            i = queue.popleft()
            for x in range(a.n_symbols):
                ta, tb = _successor(a, i, x), _successor(b, m[i], x)
                if (ta is None) != (tb is None) or (ta is not None and ta[1] != tb[1]):
                    ok = False
                    break
                if ta is None:
                    continue
                if ta[0] in m:
                    ok = m[ta[0]] == tb[0]
                    if not ok:
                        break
                else:
                    m[ta[0]] = tb[0]
                    queue.append(ta[0])
        if ok and len(m) == a.n_states == b.n_states:
            return m
    return None


def _assemble(fwd, rev, back, cond):
    K = fwd.domain
    pi = fwd.kernel.stationary()
    pairs, joint = [], []
    for s in range(fwd.n_states):
        for a, c in enumerate(cond[s]):
            if c != K.zero:
                pairs.append((s, a))
                joint.append(pi[s] * c)
    index = {p: i for i, p in enumerate(pairs)}
    edges = []
    for i, (s, a) in enumerate(pairs):
        for x in range(fwd.n_symbols):
            t = _successor(fwd, s, x)
            for a2, p in enumerate(back.kernel.matrices[x][a]):
                if p == K.zero:
                    continue
                if t is None or (t[0], a2) not in index:  # positive mass must land on a positive pair
                    raise AssertionError(f"the pair {(s, a)} emits {x} to a pair of probability 0")
                edges.append((i, x, index[(t[0], a2)], p))
    kernel = BidirectionalKernel(K, tuple(pairs), tuple(joint), tuple(edges))
    return BidirectionalMachine(fwd, rev, kernel)
