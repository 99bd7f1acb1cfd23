"""Toy languages that probe sequence models: bracket languages, Reber grammars, counting languages, days of the week.

Each is a stationary process: the strings of the language follow one another (a bracket language's depth
walk never stops), with the branching probabilities as parameters.  Sources: simplexity
``generative_processes/transition_matrices.py`` (``days_of_week``, ``mr_name``, ``matching_parens``);
Reber (1967) and Cleeremans, Servan-Schreiber and McClelland (1989) for the Reber grammars; Hewitt et al.
(2020) for Dyck-(k, m); Bhattamishra, Ahuja and Goyal (2020) for shuffle-Dyck; Gers and Schmidhuber (2001)
for ``a^n b^n`` and ``a^n b^n c^n``; Liu et al. (2023) for the flip-flop language.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import sympy

from ..errors import InvalidArgumentError
from ..kernel.exact import to_exact
from ..models.hmm import HMM
from ._common import (
    HALF,
    catalog_label,
    check_entries,
    distribution,
    hmm_from_edges,
    integer,
    probabilities,
    probability,
)
from ._registry import Alias, register

if TYPE_CHECKING:
    from ..kernel.exact import Exact

__all__ = [
    "DAY_TOKENS",
    "days_of_week",
    "mr_name",
    "matching_parens",
    "dyck",
    "shuffle_dyck",
    "motzkin",
    "reber",
    "embedded_reber",
    "anbn",
    "anbncn",
    "flip_flop",
]

MAX_STATES = 1000  # states of a bracket or counting language

SIMPLEXITY = "simplexity (Astera), generative_processes/transition_matrices.py"
CLEEREMANS_1989 = (
    'A. Cleeremans, D. Servan-Schreiber and J. L. McClelland, "Finite state automata and simple recurrent '
    'networks", Neural Computation 1, 372 (1989); A. S. Reber, "Implicit learning of artificial grammars", '
    "J. Verbal Learning and Verbal Behavior 6, 855 (1967)"
)
GERS_SCHMIDHUBER_2001 = (
    'F. A. Gers and J. Schmidhuber, "LSTM recurrent networks learn simple context-free and context-sensitive '
    'languages", IEEE Trans. Neural Networks 12, 1333 (2001)'
)
HEWITT_2020 = (
    'J. Hewitt, M. Hahn, S. Ganguli, P. Liang and C. D. Manning, "RNNs can generate bounded hierarchical '
    'languages with optimal memory", EMNLP 2020, arXiv:2010.07515'
)

#: simplexity's tokens of the days-of-the-week process, in its order.
DAY_TOKENS = ("M", "Tu", "W", "Th", "F", "Sa", "Su", "Tmrw", "Yest", "Wknd", "Wkdy")
BRACKETS = ("()", "[]", "{}", "<>")
_QUARTER, _TENTH = sympy.Rational(1, 4), sympy.Rational(1, 10)


def _positive(value, name: str):
    x = to_exact(value, f"parameter {name}")
    if x.is_number and not x.is_positive:
        raise InvalidArgumentError(f"parameter {name} = {x} must be positive")
    return x


def _states(n: int, what: str, why: str) -> int:
    if n > MAX_STATES:
        raise InvalidArgumentError(f"{what} would have {n:,} states; at most {MAX_STATES:,} ({why})")
    return n


@register(family="language", reference=SIMPLEXITY + ", days_of_week")
def days_of_week(next_weight: Exact = 5) -> HMM:
    """Days of the week: the state is today; the token names tomorrow, by name or by a description.

    Seven states (Monday to Sunday) and eleven tokens, simplexity's (:data:`DAY_TOKENS`): the seven day
    names, ``Tmrw``, ``Yest``, ``Wknd`` and ``Wkdy``.  From day ``d`` each token has a weight and the next
    state is the day it names: tomorrow's name ``next_weight`` (simplexity: 5), every other day name 1,
    ``Tmrw`` 1 (to tomorrow), ``Yest`` 1 (to yesterday), ``Wkdy`` 1 spread over the five weekdays and
    ``Wknd`` 1 over the two weekend days; the weights are divided by their sum ``10 + next_weight``.

    Examples
    --------
    >>> h = days_of_week()
    >>> h.n_states, h.n_symbols
    (7, 11)
    >>> h.word_probability(["M", "Tu"]) / h.word_probability(["M"])  # Tuesday by name after Monday: 5/15
    1/3
    """
    w = _positive(next_weight, "next_weight")
    total = 10 + w
    days = DAY_TOKENS[:7]
    edges = []
    for i, d in enumerate(days):
        nxt, prev = days[(i + 1) % 7], days[i - 1]
        edges += [(d, e, e, (w if e == nxt else 1) / total) for e in days]
        edges += [(d, nxt, "Tmrw", 1 / total), (d, prev, "Yest", 1 / total)]
        edges += [(d, e, "Wkdy", sympy.Rational(1, 5) / total) for e in days[:5]]
        edges += [(d, e, "Wknd", HALF / total) for e in days[5:]]
    return hmm_from_edges(edges, states=days, alphabet=DAY_TOKENS, name=catalog_label("days_of_week", next_weight=w))


MR_TOKENS = ("Mr.", "Something", "Blah", "name")


@register(family="language", reference=SIMPLEXITY + ", mr_name", aliases=("mr_dursley", "mr_wonka"))
def mr_name(p: Exact = _QUARTER, q: Exact = _QUARTER) -> HMM:
    """The Mr. Dursley / Wonka process: ``Mr.`` is always followed by ``name``; names are words in between.

    An observed Markov chain on four tokens (simplexity's order ``Mr.``, ``Something``, ``Blah``,
    ``name``): ``Mr.`` -> ``name``; ``name`` -> ``Something`` or ``Blah`` (1/2 each); ``Something`` ->
    ``Mr.`` (``q``), ``Blah`` (``p``) or itself (``1 - p - q``); ``Blah`` -> ``Mr.`` (``q``),
    ``Something`` (``p``) or itself (``1 - p - q``).  simplexity gives no defaults; 1/4 each is ours.

    Examples
    --------
    >>> h = mr_name()
    >>> h.word_probability(["Mr.", "name"]) == h.word_probability(["Mr."])
    True
    >>> mr_name(p="3/4", q="1/2")
    Traceback (most recent call last):
    ...
    compmech.errors.ProbabilityRangeError: parameter 1 - p - q = -1/4 must lie in [0, 1]
    """
    p, q = probability(p, "p"), probability(q, "q")
    r = probability(1 - p - q, "1 - p - q")
    M, S, B, N = MR_TOKENS
    edges = [(M, N, N, 1), (N, S, S, HALF), (N, B, B, HALF)]
    edges += [(S, M, M, q), (S, S, S, r), (S, B, B, p), (B, M, M, q), (B, S, S, p), (B, B, B, r)]
    return hmm_from_edges(edges, states=MR_TOKENS, alphabet=MR_TOKENS, name=catalog_label("mr_name", p=p, q=q))


def _parens_size(open_probs="1 1/2 1/2") -> tuple[int, int]:
    n = len(probabilities(open_probs, "open_probs"))
    return n + (0 if str(open_probs).split()[-1] in ("0", "0/1") else 1), 2


@register(
    family="language",
    reference=SIMPLEXITY + ", matching_parens",
    aliases=("bounded_dyck", "dyck1_bounded"),
)
def matching_parens(open_probs: str = "1 1/2 1/2") -> HMM:
    """Matching parentheses of bounded depth: at depth ``d`` open with ``open_probs[d]``, else close.

    States are the depths ``0, ..., D``; ``open_probs[0]`` must be 1 (nothing to close at depth 0) and a
    last depth that always closes is added unless the list ends with 0 (simplexity's convention).  Symbols
    ``"("`` (simplexity's token 0) and ``")"`` (1).  A random walk on a path reflected at its ends,
    observed by its steps: the bounded Dyck-1 language.

    Parameters
    ----------
    open_probs : str or sequence
        ``Pr(open | depth d)`` for ``d = 0, 1, ...``: the first 1, the others in ``(0, 1]`` except a last 0.

    Examples
    --------
    >>> h = matching_parens("1 1/2")
    >>> h.states, h.stationary_distribution()
    ((0, 1, 2), (1/4, 1/2, 1/4))
    >>> matching_parens("1/2 1/2")
    Traceback (most recent call last):
    ...
    compmech.errors.InvalidArgumentError: matching_parens: open_probs[0] = 1/2 must be 1 (at depth 0 a bracket must open)
    """
    probs = probabilities(open_probs, "open_probs")
    if probs[-1] != 0:
        probs.append(sympy.Integer(0))
    _states(len(probs), "matching_parens", "one state per depth")
    if probs[0] != 1:
        raise InvalidArgumentError(
            f"matching_parens: open_probs[0] = {probs[0]} must be 1 (at depth 0 a bracket must open)"
        )
    for d, x in enumerate(probs[1:-1], 1):
        if x.is_number and x.is_zero:
            raise InvalidArgumentError(f"matching_parens: open_probs[{d}] = 0 would cut the depths beyond {d} off")
    edges = []
    for d, x in enumerate(probs):
        if d + 1 < len(probs):
            edges.append((d, d + 1, "(", x))
        if d > 0:
            edges.append((d, d - 1, ")", 1 - x))
    label = catalog_label("matching_parens", open_probs=" ".join(map(str, probs)))
    return hmm_from_edges(edges, states=tuple(range(len(probs))), alphabet=("(", ")"), name=label)


def _bracket_symbols(k: int) -> tuple[list[str], list[str]]:
    if k <= len(BRACKETS):
        return [b[0] for b in BRACKETS[:k]], [b[1] for b in BRACKETS[:k]]
    return [f"({i}" for i in range(k)], [f"){i}" for i in range(k)]


def _dyck_size(k=2, m=3, p=None) -> tuple[int, int]:
    k = integer(k, "k", low=1, high=MAX_STATES)
    m = integer(m, "m", low=1, high=MAX_STATES)
    n = sum(k**d for d in range(min(m, 30) + 1))
    return _states(n, f"dyck(k={k}, m={m})", "one state per stack of at most m brackets"), 2 * k


@register(family="language", reference=HEWITT_2020, aliases=("dyck_km", "bounded_dyck_k"), size=_dyck_size)
def dyck(k: int = 2, m: int = 3, p: Exact = HALF) -> HMM:
    """Dyck-(k, m): well-nested brackets of ``k`` types, at most ``m`` of them open, generated forever.

    The state is the stack of open brackets (oldest first).  An empty stack opens a bracket of a uniformly
    random type; a full one (``m`` open) closes the top; otherwise open (a uniform type) with probability
    ``p`` or close the top with ``1 - p``.  Symbols: ``k`` opening brackets, then their closings
    (``( [ { <`` for ``k <= 4``, else ``(0, (1, ...``).  Hewitt et al. define the language; this sampling
    measure (the walk of a random stack) is ours.  ``dyck(1, m, p)`` is
    ``matching_parens("1 p ... p")``.

    Examples
    --------
    >>> h = dyck(2, 2)
    >>> h.n_states, h.alphabet
    (7, ('(', '[', ')', ']'))
    >>> h.word_probability("(])")
    0
    """
    k, m = integer(k, "k", low=1), integer(m, "m", low=1)
    n_states = _dyck_size(k, m)[0]
    check_entries(n_states, 2 * k, "dyck")
    p = probability(p, "p")
    opens, closes = _bracket_symbols(k)
    stacks = [s for d in range(m + 1) for s in itertools.product(range(k), repeat=d)]
    edges = []
    for s in stacks:
        push = sympy.Integer(1) if not s else (sympy.Integer(0) if len(s) == m else p)
        if len(s) < m:
            edges += [(s, s + (t,), opens[t], push / k) for t in range(k)]
        if s:
            edges.append((s, s[:-1], closes[s[-1]], 1 - push))
    return hmm_from_edges(edges, states=stacks, alphabet=(*opens, *closes), name=catalog_label("dyck", k=k, m=m, p=p))


def _shuffle_size(k=2, D=2) -> tuple[int, int]:
    k = integer(k, "k", low=1, high=MAX_STATES)
    D = integer(D, "D", low=1, high=MAX_STATES)
    return _states((D + 1) ** min(k, 30), f"shuffle_dyck(k={k}, D={D})", "one state per vector of depths"), 2 * k


@register(
    family="language",
    reference=(
        'S. Bhattamishra, K. Ahuja and N. Goyal, "On the ability and limitations of transformers to recognize formal '
        'languages", EMNLP 2020, arXiv:2009.11264 (Shuffle-Dyck); M. Suzgun, Y. Belinkov and S. M. Shieber, "On '
        'evaluating the generalization of LSTM models in formal languages", SCiL 2019'
    ),
    aliases=("shuffle_dyck_k",),
    size=_shuffle_size,
)
def shuffle_dyck(k: int = 2, D: int = 2) -> HMM:
    """Shuffle-Dyck: ``k`` bracket types, each balanced on its own (interleaved freely), each at most ``D`` deep.

    The state is the vector of open counts, one per type; every allowed move (open a type below depth ``D``,
    close a type that is open) is equally likely.  The bound ``D`` and this uniform-branching measure are
    ours: the literature's Shuffle-k is unbounded.  Symbols as in :func:`dyck`.  For ``k = 1`` it is
    ``matching_parens`` with every interior branching 1/2.

    Examples
    --------
    >>> h = shuffle_dyck(2, 1)
    >>> h.n_states, h.stationary_distribution()
    (4, (1/4, 1/4, 1/4, 1/4))
    >>> h.word_probability("([)]") > 0  # interleaved: not a Dyck word, but each type balances
    True
    """
    k, D = integer(k, "k", low=1), integer(D, "D", low=1)
    n_states = _shuffle_size(k, D)[0]
    check_entries(n_states, 2 * k, "shuffle_dyck")
    opens, closes = _bracket_symbols(k)
    vectors = list(itertools.product(range(D + 1), repeat=k))
    edges = []
    for v in vectors:
        moves = [(t, +1) for t in range(k) if v[t] < D] + [(t, -1) for t in range(k) if v[t] > 0]
        for t, step in moves:
            target = v[:t] + (v[t] + step,) + v[t + 1 :]
            edges.append((v, target, opens[t] if step > 0 else closes[t], sympy.Rational(1, len(moves))))
    return hmm_from_edges(
        edges, states=vectors, alphabet=(*opens, *closes), name=catalog_label("shuffle_dyck", k=k, D=D)
    )


def _motzkin_size(D=2) -> tuple[int, int]:
    return _states(integer(D, "D", low=1, high=MAX_STATES) + 1, "motzkin", "one state per height"), 3


@register(
    family="language",
    reference=(
        'R. Donaghey and L. W. Shapiro, "Motzkin numbers", J. Combin. Theory A 23, 291 (1977); P. Flajolet and '
        'R. Sedgewick, "Analytic Combinatorics", Cambridge (2009), Sec. V.4 (height-bounded lattice paths)'
    ),
    aliases=("bounded_motzkin", "motzkin_path"),
    size=_motzkin_size,
)
def motzkin(D: int = 2) -> HMM:
    """Motzkin paths of height at most ``D``, walked forever: up ``"u"``, level ``"f"`` or down ``"d"``.

    The state is the height ``0, ..., D``; each allowed step is equally likely (up and level at 0, level
    and down at ``D``, all three in between): the uniform-branching measure, ours.

    Examples
    --------
    >>> h = motzkin(1)
    >>> h.stationary_distribution(), h.word_probability("uu")
    ((1/2, 1/2), 0)
    """
    D = _motzkin_size(D)[0] - 1
    edges = []
    for h in range(D + 1):
        moves = [(h + 1, "u")] * (h < D) + [(h, "f")] + [(h - 1, "d")] * (h > 0)
        edges += [(h, t, x, sympy.Rational(1, len(moves))) for t, x in moves]
    return hmm_from_edges(
        edges, states=tuple(range(D + 1)), alphabet=("u", "f", "d"), name=catalog_label("motzkin", D=D)
    )


REBER_SYMBOLS = ("B", "T", "P", "S", "X", "V", "E")


def _reber_edges(p, tag=None, end=None) -> list:
    """The Reber grammar's arcs (nodes 0..6; node 6 emits E and goes to ``end``, default node 0)."""

    def s(i):
        return i if tag is None else (tag, i)

    q = 1 - p
    arcs = [(0, 1, "B", 1), (1, 2, "T", p), (1, 3, "P", q), (2, 2, "S", p), (2, 4, "X", q)]
    arcs += [(3, 3, "T", p), (3, 5, "V", q), (4, 3, "X", p), (4, 6, "S", q), (5, 4, "P", p), (5, 6, "V", q)]
    edges = [(s(a), s(b), x, w) for a, b, x, w in arcs]
    edges.append((s(6), s(0) if end is None else end, "E", 1))
    return edges


@register(family="language", reference=CLEEREMANS_1989, aliases=("reber_grammar",))
def reber(p: Exact = HALF) -> HMM:
    """Reber's grammar: strings ``B ... E`` of its seven-node automaton, one after another.

    Nodes 0 to 6: 0 -B-> 1; 1 -T-> 2 or -P-> 3; 2 -S-> 2 or -X-> 4; 3 -T-> 3 or -V-> 5; 4 -X-> 3 or -S->
    6; 5 -P-> 4 or -V-> 6; 6 -E-> 0 (the next string).  At each fork the first arc is taken with
    probability ``p`` (1/2 in Cleeremans et al.).  Strings such as ``BTSSXXTVVE`` and ``BPVVE``.

    Examples
    --------
    >>> h = reber()
    >>> h.word_probability("EBTXSE") / h.word_probability("E")  # after an E, the string BTXSE: three forks
    1/8
    >>> h.word_probability("BTSSSE")
    0
    """
    p = probability(p, "p")
    return hmm_from_edges(
        _reber_edges(p), states=tuple(range(7)), alphabet=REBER_SYMBOLS, name=catalog_label("reber", p=p)
    )


@register(family="language", reference=CLEEREMANS_1989, aliases=("embedded_reber_grammar",))
def embedded_reber(p: Exact = HALF, q: Exact = HALF) -> HMM:
    """The embedded Reber grammar: ``B T <Reber string> T E`` or ``B P <Reber string> P E``, one after another.

    The second symbol (``T`` with probability ``q``) must be repeated second to last, however long the
    Reber string between (forks as in :func:`reber`, first arc with ``p``): a long-range dependency.
    18 states: the start, the branch point, two copies of Reber's seven nodes, two end nodes and the final
    ``E``.

    Examples
    --------
    >>> h = embedded_reber()
    >>> w = "TEBTBPVVETE"  # after a string's end T E: B T, the Reber string BPVVE, then T E
    >>> h.word_probability(w) / h.word_probability("TE")  # q (1/2) times the three forks of BPVVE (1/8)
    1/16
    >>> h.word_probability("TEBTBPVVEPE")
    0
    """
    p, q = probability(p, "p"), probability(q, "q")
    edges: list[tuple] = [("start", "branch", "B", 1), ("branch", ("T", 0), "T", q), ("branch", ("P", 0), "P", 1 - q)]
    for tag in ("T", "P"):
        edges += _reber_edges(p, tag, end=(tag, "end"))
        edges.append(((tag, "end"), "final", tag, 1))
    edges.append(("final", "start", "E", 1))
    return hmm_from_edges(edges, alphabet=REBER_SYMBOLS, name=catalog_label("embedded_reber", p=p, q=q))


def _counting_weights(weights, what: str) -> list:
    probs = distribution(weights, "weights")
    if probs[-1].is_number and not probs[-1].is_positive:
        raise InvalidArgumentError(f"{what}: the last weight (of n = {len(probs)}) must be positive")
    return probs


def _hazards(probs: list) -> list:
    """``Pr(n = j | n >= j)`` for ``j = 1, ..., N``."""
    out, tail = [], sympy.Add(*probs)
    for f in probs:
        out.append(sympy.cancel(f / tail) if tail != 0 else sympy.Integer(1))
        tail = tail - f
    return out


def _counting_size(weights="1/3 1/3 1/3", letters=2) -> tuple[int, int]:
    N = len(probabilities(weights, "weights"))
    n = 2 * N if letters == 2 else N * (N + 5) // 2
    return _states(n, "a counting language", "its states grow with the largest n"), letters


def _a_phase(hazards: list, first_b) -> list:
    """Edges of the ``a`` run: state ``("a", j)`` (``j`` a's so far) continues or ends with a first ``b``."""
    edges = []
    for j, h in enumerate(hazards, 1):
        if j < len(hazards):
            edges.append((("a", j), ("a", j + 1), "a", 1 - h))
        edges.append((("a", j), first_b(j), "b", h))
    return edges


@register(family="language", reference=GERS_SCHMIDHUBER_2001, aliases=("a_n_b_n",), size=_counting_size)
def anbn(weights: str = "1/3 1/3 1/3") -> HMM:
    """The counting language ``a^n b^n``: blocks of ``n`` a's then ``n`` b's, with ``Pr(n) = weights[n-1]``.

    Blocks follow one another; ``n`` is drawn afresh (the last weight must be positive).  States: the
    count of a's so far, then the count of b's still due.

    Examples
    --------
    >>> h = anbn("1/2 1/2")
    >>> h.word_probability("baabba") / h.word_probability("ba")  # a block with n = 2 after a block's end
    1/2
    >>> h.word_probability("baabbb")
    0
    """
    probs = _counting_weights(weights, "anbn")
    hz = _hazards(probs)
    N = len(probs)
    edges = _a_phase(hz, lambda j: ("b", j - 1))
    edges += [(("b", r), ("b", r - 1), "b", 1) for r in range(1, N)] + [(("b", 0), ("a", 1), "a", 1)]
    states = [("a", j) for j in range(1, N + 1)] + [("b", r) for r in range(N)]
    return hmm_from_edges(
        edges, states=states, alphabet=("a", "b"), name=catalog_label("anbn", weights=" ".join(map(str, probs)))
    )


@register(
    family="language",
    reference=GERS_SCHMIDHUBER_2001,
    aliases=("a_n_b_n_c_n",),
    size=lambda weights="1/3 1/3 1/3": _counting_size(weights, 3),
)
def anbncn(weights: str = "1/3 1/3 1/3") -> HMM:
    """The context-sensitive counting language ``a^n b^n c^n``, blocks one after another, ``Pr(n) = weights[n-1]``.

    States: the count of a's so far; then, in the b's, ``n`` and the b's still due; then the c's still due.

    Examples
    --------
    >>> h = anbncn("1/2 1/2")
    >>> h.word_probability("caabbcca") / h.word_probability("ca")
    1/2
    >>> h.word_probability("caabbcc"), h.word_probability("cabbc")
    (1/9, 0)
    """
    probs = _counting_weights(weights, "anbncn")
    hz = _hazards(probs)
    N = len(probs)
    edges = _a_phase(hz, lambda j: ("b", j, j - 1))
    for n in range(1, N + 1):
        edges += [(("b", n, r), ("b", n, r - 1), "b", 1) for r in range(1, n)]
        edges.append((("b", n, 0), ("c", n - 1), "c", 1))
    edges += [(("c", r), ("c", r - 1), "c", 1) for r in range(1, N)] + [(("c", 0), ("a", 1), "a", 1)]
    states: list[tuple] = [("a", j) for j in range(1, N + 1)]
    states += [("b", n, r) for n in range(1, N + 1) for r in range(n)] + [("c", r) for r in range(N)]
    label = catalog_label("anbncn", weights=" ".join(map(str, probs)))
    return hmm_from_edges(edges, states=states, alphabet=("a", "b", "c"), name=label)


def _ffl(given: dict) -> dict:
    """The paper's FFL(p_i): writes and reads equally likely."""
    p_i = probability(given.get("p_i", sympy.Rational(4, 5)), "p_i")
    return {"p_w": (1 - p_i) / 2, "p_r": (1 - p_i) / 2}


@register(
    family="language",
    reference=(
        'B. Liu, J. T. Ash, S. Goel, A. Krishnamurthy and C. Zhang, "Exposing attention glitches with flip-flop '
        'language modeling", NeurIPS 2023, arXiv:2306.00946'
    ),
    aliases=(
        "flip_flop_language",
        "fflm",
        Alias("FFL", params={"p_i": "p_i"}, defaults={"p_i": "4/5"}, transform=_ffl),
    ),
)
def flip_flop(p_w: Exact = _TENTH, p_r: Exact = _TENTH) -> HMM:
    """The flip-flop language: instruction-bit pairs; a read repeats the last written bit, the rest are random.

    Tokens ``w`` (write), ``r`` (read), ``i`` (ignore), ``0`` and ``1``, alternating instruction and bit.
    An instruction is ``w`` with probability ``p_w``, ``r`` with ``p_r`` and ``i`` with ``1 - p_w - p_r``; the
    bit after ``w`` or ``i`` is uniform, after ``r`` it is the bit of the last ``w``.  The paper's FFL(p_i)
    has ``p_w = p_r = (1 - p_i)/2`` (alias ``FFL(p_i)``; its headline 0.8 is the default here) and starts with a
    write and ends with a read; this is its stationary version (the memory never empty), ours.

    Examples
    --------
    >>> h = flip_flop()
    >>> h.word_probability("w1r1") / h.word_probability("w1r")
    1
    >>> h.word_probability("w1i0r0")
    0
    """
    p_w, p_r = probability(p_w, "p_w"), probability(p_r, "p_r")
    p_i = probability(1 - p_w - p_r, "1 - p_w - p_r")
    edges: list[tuple] = []
    for b in "01":
        edges += [(("mem", b), "write", "w", p_w), (("mem", b), ("read", b), "r", p_r)]
        edges += [(("mem", b), ("ignore", b), "i", p_i), (("read", b), ("mem", b), b, 1)]
        edges += [("write", ("mem", b), b, HALF)] + [(("ignore", b), ("mem", b), c, HALF) for c in "01"]
    return hmm_from_edges(edges, alphabet=("w", "r", "i", "0", "1"), name=catalog_label("flip_flop", p_w=p_w, p_r=p_r))
