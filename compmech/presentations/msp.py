"""Mixed-state presentations: the exact beliefs an observer can hold, as a graph."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import sympy
from sympy.polys.domains import QQ

from ..errors import InvalidArgumentError, MSPIncompleteError, SymbolicParameterError
from ..kernel.budget import check_memory
from ..kernel.display import render
from ..kernel.graphs import closed_classes
from ..kernel.limbs import IntegerRows
from ..models.ghmm import GHMM
from ..models.hmm import HMM
from ._msp_build import _start_integers, build_generic, build_integer
from ._msp_exact import level_vectors

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["MixedStatePresentation", "mixed_state_presentation", "closed_msp"]


class ExactMSP:
    """Read-only view of a mixed-state presentation's exact data, for compmech's algorithms.

    Other modules use this view (``msp.exact``), never the presentation's private attributes.
    Values are elements of ``msp.hmm.domain``.
    """

    def __init__(self, msp: MixedStatePresentation):
        self._msp = msp

    @property
    def edge_probabilities(self) -> list:
        """Exact probability of each edge, in edge order."""
        return self._msp._edge_prob_k

    def belief(self, u: int) -> list:
        """The belief of node ``u``."""
        return self._msp._belief_k(u)

    @property
    def vectors(self) -> IntegerRows:
        """Unnormalized exact integer belief vectors of every node (rational HMMs), ``(n_nodes, n_states)``.

        ``vectors[u] = vectors[parent[u]] M[x]`` for the symbol ``x`` that first reached ``u``
        (``M = D T``, see ``IntegerForm``).  The integers are held as limbs
        (:class:`~compmech.kernel.limbs.IntegerRows`); indexing returns Python ints, ``to_object()``
        all of them, and ``dot`` multiplies exactly without leaving the limbs.

        Examples
        --------
        >>> from compmech.processes import mess3
        >>> V = mixed_state_presentation(mess3(), max_depth=2).exact.vectors
        >>> V.shape, V[1].tolist()
        ((13, 3), [680, 60, 60])
        """
        return self._msp._exact_data[0]

    @property
    def normalizers(self) -> IntegerRows:
        """``v . tau_int`` of each row of :attr:`vectors` (``tau = tau_int / tau_den``, see ``IntegerForm``).

        The belief of node ``u`` is ``vectors[u] * tau_den / normalizers[u]``; for an HMM, ``tau_den = 1``
        and the normalizers are the row sums.

        Examples
        --------
        >>> from compmech.processes import mess3
        >>> mixed_state_presentation(mess3(), max_depth=2).exact.normalizers[1]
        800
        """
        return self._msp._exact_data[1]


class MixedStatePresentation:
    """The mixed-state presentation (MSP) of an HMM: beliefs and their Bayesian updates.

    Build it with :func:`mixed_state_presentation`.  The exact data are held
    compactly (per-node parent/symbol/depth arrays and an edge list); exact
    beliefs, exact edge probabilities and the networkx view are created on
    first access.

    Attributes
    ----------
    hmm : GHMM
        The presentation the beliefs are over.
    complete : bool
        True when no new belief remains, i.e. the MSP is closed and finite.
    n_nodes : int
        Number of distinct beliefs found.
    depths : numpy.ndarray
        First depth (word length) at which each node is reached.
    beliefs_float : numpy.ndarray
        ``(n_nodes, n_states)`` float64 view of the beliefs (numeric HMMs).
    """

    def __init__(self, hmm: GHMM, built, max_depth):
        self.hmm = hmm
        self._b = built
        self.max_depth = max_depth
        self.complete = bool(built.complete)
        self.n_nodes = int(built.parent.size)
        self.depths = built.depth
        self.parents = built.parent
        self.symbol_indices = built.symbol
        self.edges = (built.edge_src, built.edge_sym, built.edge_dst)

    # ----------------------------------------------------------- structure
    def __len__(self):
        return self.n_nodes

    def __repr__(self):
        state = "complete" if self.complete else f"to depth {self.max_depth}"
        return f"MixedStatePresentation({self.hmm!r}, n_nodes={self.n_nodes}, {state})"

    def _repr_html_(self) -> str:
        """Counts, the drawing (up to 40 beliefs) and the first exact beliefs, for Jupyter."""
        from .display import msp_html

        return msp_html(self)

    def _repr_svg_(self) -> str | None:
        """The state graph (summarised beyond 40 beliefs), from the renderer the ``plot`` room registers."""
        return render("svg", self)

    @property
    def beliefs_float(self) -> np.ndarray:
        """Float64 beliefs, shape ``(n_nodes, n_states)`` (an explicitly numeric view)."""
        if self._b.beliefs_float is None:
            self.hmm.require_numeric("beliefs_float")
        return self._b.beliefs_float

    def nodes_per_depth(self) -> list[int]:
        """Number of *new* beliefs first reached at each depth ``0, 1, 2, ...``.

        Examples
        --------
        >>> from compmech.processes import mess3
        >>> mixed_state_presentation(mess3(), max_depth=3).nodes_per_depth()
        [1, 3, 9, 27]
        """
        return np.bincount(self.depths).tolist()

    @cached_property
    def closed_classes(self) -> list:
        """The closed (attracting) classes of the complete MSP's graph, as lists of nodes."""
        if not self.complete:
            raise MSPIncompleteError(
                f"the MSP was built only to depth {self.max_depth} and is not closed, so its recurrent part "
                f"is not determined; build it without max_depth (it may be infinite)"
            )
        src, _, dst = self.edges
        return closed_classes(self.n_nodes, src, dst)

    @cached_property
    def recurrent_mask(self) -> np.ndarray:
        """Boolean array over the nodes: True for the recurrent part (all False when the MSP is truncated)."""
        mask = np.zeros(self.n_nodes, dtype=bool)
        if self.complete:
            for c in self.closed_classes:
                mask[c] = True
        return mask

    @property
    def recurrent_states(self) -> tuple:
        """Nodes in the attracting components (the recurrent part; the epsilon-machine's states).

        Raises
        ------
        MSPIncompleteError
            When the MSP was truncated by ``max_depth``.

        Examples
        --------
        >>> from compmech.processes import rrxor
        >>> len(mixed_state_presentation(rrxor()).recurrent_states)
        5
        """
        _ = self.closed_classes
        return tuple(int(u) for u in np.flatnonzero(self.recurrent_mask))

    @property
    def transient_states(self) -> tuple:
        """Nodes outside the attracting components (the synchronization structure).

        Examples
        --------
        >>> from compmech.processes import rrxor
        >>> len(mixed_state_presentation(rrxor()).transient_states)
        31
        """
        _ = self.closed_classes
        return tuple(int(u) for u in np.flatnonzero(~self.recurrent_mask))

    @cached_property
    def exact(self) -> ExactMSP:
        """The exact data of the presentation, as a read-only view (see :class:`ExactMSP`).

        Examples
        --------
        >>> from compmech.processes import golden_mean
        >>> e = mixed_state_presentation(golden_mean()).exact
        >>> [str(v) for v in e.belief(0)], [str(p) for p in e.edge_probabilities]
        (['2/3', '1/3'], ['2/3', '1/3', '1/2', '1/2', '1'])
        """
        return ExactMSP(self)

    # --------------------------------------------------------------- exact
    @cached_property
    def _exact_data(self) -> tuple[IntegerRows, IntegerRows]:
        """Integer builder: the exact vectors and normalizers of every node, one product per level."""
        form = self.hmm.kernel.integer_form()
        start = self._b.extra.get("start_int")
        if start is None:  # the generic builder: the root's exact belief, a positive multiple of the start vector
            start = _start_integers(self._belief_k(0))
        return level_vectors(self.parents, self.symbol_indices, self.depths, form.M, start, form.tau)

    def _belief_k(self, u):
        """Belief of node ``u`` as domain elements."""
        if self._b.exact_beliefs is not None:
            return self._b.exact_beliefs[u]
        vec = self._b.extra["exact_vectors"].node(u)
        form = self.hmm.kernel.integer_form()
        s = sum(v * t for v, t in zip(vec, form.tau))
        return tuple(QQ(v * form.tau_den, s) for v in vec)

    def belief(self, node: int) -> tuple:
        """Exact belief of one node.

        Examples
        --------
        >>> from compmech.processes import golden_mean
        >>> mixed_state_presentation(golden_mean()).belief(0)
        (2/3, 1/3)
        """
        node = self._check_node(node)
        K = self.hmm.domain
        return tuple(K.to_sympy(v) for v in self._belief_k(node))

    @cached_property
    def beliefs(self) -> list:
        """Exact beliefs of all nodes, in node order (tuples of sympy values).

        Examples
        --------
        >>> from compmech.processes import even
        >>> mixed_state_presentation(even()).beliefs
        [(2/3, 1/3), (1, 0), (1/2, 1/2), (0, 1)]
        """
        K = self.hmm.domain
        if self._b.exact_beliefs is not None:
            return [tuple(K.to_sympy(v) for v in b) for b in self._b.exact_beliefs]
        c = self.hmm.kernel.integer_form().tau_den
        V, sums = (r.to_object().tolist() for r in self._exact_data)
        return [tuple(sympy.Rational(v * c, s) for v in row) for row, s in zip(V, sums)]

    @cached_property
    def edge_probabilities(self) -> list:
        """Exact ``Pr(x | belief)`` of every edge, in the order of :attr:`edges`."""
        K = self.hmm.domain
        if self._b.exact_edge_prob is not None:
            return [K.to_sympy(v) for v in self._b.exact_edge_prob]
        return [K.to_sympy(v) for v in self._edge_prob_k]

    @cached_property
    def _edge_prob_k(self) -> list:
        """Exact edge probabilities as domain elements (edge order)."""
        K = self.hmm.domain
        if self._b.exact_edge_prob is not None:
            return list(self._b.exact_edge_prob)
        form = self.hmm.kernel.integer_form()
        src, sym, _ = self.edges
        V, sums = self._exact_data
        sources = np.unique(src)  # the nodes with outgoing edges (a truncated MSP's last level has none)
        Mtau = np.stack([form.M[x].dot(form.tau) for x in range(self.hmm.n_symbols)], axis=1)
        child = V.take(sources).dot(Mtau).to_object()  # (sources, k): v M[x] tau of every source and symbol
        den = form.D * sums.take(sources).to_object()
        row = np.searchsorted(sources, src)
        return [K(int(child[i, x]), int(den[i])) for i, x in zip(row.tolist(), sym.tolist())]

    @property
    def edge_probabilities_float(self) -> np.ndarray:
        """Float64 ``Pr(x | belief)`` per edge (an explicitly numeric view)."""
        if self._b.edge_prob_float is None:
            self.hmm.require_numeric("edge_probabilities_float")
        return self._b.edge_prob_float

    # -------------------------------------------------------------- views
    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The MSP as a ``networkx.MultiDiGraph`` (built on first access).

        Nodes are ``0 .. n_nodes-1`` in breadth-first, then symbol, order with
        attributes ``belief`` (tuple of exact values), ``depth`` and
        ``recurrent`` (and, for a mixture, ``component_posterior``: the exact
        ``Pr(component | word)``); edges are keyed by symbol with attributes
        ``symbol`` and ``probability`` (exact).

        Examples
        --------
        >>> from compmech.processes import golden_mean
        >>> G = mixed_state_presentation(golden_mean()).graph
        >>> G.number_of_nodes(), G.nodes[0]["belief"]
        (3, (2/3, 1/3))
        >>> G.edges[0, 1, 0]["probability"]
        2/3
        """
        G = nx.MultiDiGraph(hmm=self.hmm.name or repr(self.hmm), complete=self.complete)
        beliefs = self.beliefs
        rec = self.recurrent_mask
        posterior = getattr(self.hmm, "component_posterior", None)  # a mixture: Pr(component | word) too
        for u in range(self.n_nodes):
            G.add_node(u, belief=beliefs[u], depth=int(self.depths[u]), recurrent=bool(rec[u]))
            if posterior is not None:
                G.nodes[u]["component_posterior"] = posterior(beliefs[u])
        alphabet = self.hmm.alphabet
        src, sym, dst = self.edges
        for (u, x, v), p in zip(zip(src.tolist(), sym.tolist(), dst.tolist()), self.edge_probabilities):
            a = alphabet[x]
            G.add_edge(u, v, key=a, symbol=a, probability=p)
        return G

    def to_hmm(self, nodes: Sequence[int] | None = None) -> HMM:
        """The MSP (or the part on ``nodes``) as a unifilar :class:`HMM` whose states are node ids.

        Raises
        ------
        MSPIncompleteError
            When the MSP is truncated (frontier nodes have no outgoing edges).

        Examples
        --------
        >>> from compmech.processes import z1r
        >>> h = mixed_state_presentation(z1r()).to_hmm()
        >>> h.n_states, h.is_unifilar()
        (7, True)
        """
        if not self.complete:
            raise MSPIncompleteError(f"to_hmm needs a closed MSP; this one was cut at depth {self.max_depth}")
        keep = list(range(self.n_nodes)) if nodes is None else sorted(int(u) for u in nodes)
        pos = {u: i for i, u in enumerate(keep)}
        m = len(keep)
        K = self.hmm.domain
        T = [[[K.zero] * m for _ in range(m)] for _ in self.hmm.alphabet]
        src, sym, dst = self.edges
        for (u, x, v), p in zip(zip(src.tolist(), sym.tolist(), dst.tolist()), self._edge_prob_k):
            if u in pos:
                if v not in pos:
                    raise InvalidArgumentError(f"node {u} leads to node {v}, which is not among the chosen nodes")
                T[x][pos[u]][pos[v]] = p
        name = f"MSP of {self.hmm.name or 'HMM'}"
        return HMM.from_exact(K, T, states=keep, alphabet=self.hmm.alphabet, name=name)

    def _check_node(self, node):
        if not (isinstance(node, (int, np.integer)) and 0 <= int(node) < self.n_nodes):
            raise InvalidArgumentError(f"node {node!r} is not in 0 .. {self.n_nodes - 1}")
        return int(node)


def mixed_state_presentation(
    hmm: GHMM,
    max_depth: int | None = None,
    max_states: int | None = 100_000,
    method: str = "auto",
    start: Sequence | None = None,
    progress: bool = False,
) -> MixedStatePresentation:
    """Build the mixed-state presentation of ``hmm`` exactly.

    Starting from the stationary distribution, every word of positive
    probability is read and each distinct belief becomes a node; duplicates
    are merged by exact equality.

    Parameters
    ----------
    hmm : GHMM
        Any exact HMM (rational or parametric).
    max_depth : int, optional
        Stop after words of this length; the result is then the exact belief
        tree/graph to that depth and ``complete`` tells whether it closed.
    max_states : int or None
        Raise :class:`~compmech.errors.MSPTooLargeError` when more distinct
        beliefs than this are found.  Nothing is silently truncated.
    method : {"auto", "integer", "generic"}
        ``"integer"``: level-wise integer/modular builder (rational HMMs,
        fast).  ``"generic"``: node-by-node over the exact domain (any HMM,
        required for parameters).  ``"auto"`` picks ``integer`` when it can.
    start : sequence, optional
        Start distribution (exact values); default the stationary one.  With
        another start the result is the belief graph of an observer who knows
        that the process starts there (e.g. a delta: a synchronized observer).
    progress : bool
        Show a tqdm progress bar (per depth) on standard error.

    Returns
    -------
    MixedStatePresentation

    See Also
    --------
    epsilon_machine
    compmech.ground_truth

    References
    ----------
    - J. P. Crutchfield, P. M. Riechers and C. J. Ellison, "Exact complexity: the spectral decomposition of intrinsic computation", Phys. Lett. A 380, 998 (2016).
    - A. S. Shai, S. E. Marzen, L. Teixeira, A. Gietelink Oldenziel and P. M. Riechers, "Transformers represent belief state geometry in their residual stream", NeurIPS 2024, arXiv:2405.15943.

    Examples
    --------
    >>> from compmech.processes import golden_mean, mess3
    >>> msp = mixed_state_presentation(golden_mean())
    >>> msp.graph.number_of_nodes(), msp.complete
    (3, True)
    >>> mixed_state_presentation(mess3(), max_depth=10).n_nodes
    88573

    Parametric beliefs are rational functions of the parameters:

    >>> import sympy
    >>> p = sympy.Symbol("p")
    >>> mixed_state_presentation(golden_mean(p)).beliefs[0]
    (1/(p + 1), p/(p + 1))
    """
    if max_depth is not None and (not isinstance(max_depth, (int, np.integer)) or max_depth < 0):
        raise InvalidArgumentError(f"max_depth must be a non-negative int or None, got {max_depth!r}")
    if max_states is not None and (not isinstance(max_states, (int, np.integer)) or max_states < 1):
        raise InvalidArgumentError(f"max_states must be a positive int or None, got {max_states!r}")
    if method not in ("auto", "integer", "generic"):
        raise InvalidArgumentError(f"method must be 'auto', 'integer' or 'generic', got {method!r}")
    if max_states is not None:  # the budget itself must fit in memory (max_states=None: no budget, by request)
        check_memory(
            max_states * (400 + 80 * hmm.n_states),
            f"a mixed-state presentation of up to max_states={max_states:,} beliefs over {hmm.n_states} states",
            "lower max_states (--max-states)",
        )
    rational = (not hmm.is_symbolic()) and hmm.domain == QQ
    if method == "integer" and not rational:
        raise SymbolicParameterError("method='integer' needs an HMM with rational entries; use method='generic'")
    builder = build_integer if (method == "integer" or (method == "auto" and rational)) else build_generic
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=max_depth, desc="mixed states", unit="level")

        def report(depth: int, total):
            bar.n = depth  # the depth reached (a build that starts again with other keys counts from 1)
            bar.set_postfix(states=total)

        try:
            built = builder(hmm, max_depth=max_depth, max_states=max_states, start=start, progress=report)
        finally:
            bar.close()
    else:
        built = builder(hmm, max_depth=max_depth, max_states=max_states, start=start)
    return MixedStatePresentation(hmm, built, max_depth)


def closed_msp(hmm: GHMM, max_states: int | None, what: str) -> MixedStatePresentation:
    """The complete MSP of ``hmm``, or InfiniteStatesError saying that ``what`` did not close within ``max_states``.

    ``what`` completes the sentence "``what`` did not close within max_states=N mixed states, so ...":
    the measures use it to say which structure was too large, with the same error class everywhere.

    Examples
    --------
    >>> from compmech.processes import mess3
    >>> closed_msp(mess3(), 100, "the causal states of Mess3")
    Traceback (most recent call last):
    ...
    compmech.errors.InfiniteStatesError: the causal states of Mess3 did not close within max_states=100 mixed states, so ...
    """
    from ..errors import InfiniteStatesError, MSPTooLargeError

    try:
        return mixed_state_presentation(hmm, max_states=max_states)
    except MSPTooLargeError as exc:
        raise InfiniteStatesError(
            f"{what} did not close within max_states={max_states} mixed states, so this quantity has no exact "
            f"finite form here. {exc}"
        ) from exc
