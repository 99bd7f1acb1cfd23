"""Symbolic dynamics of chaotic maps: the tent map (exactly), band merging, Misiurewicz parameters.

The tent map ``T(x) = a min(x, 1 - x)`` with slope ``1 < a <= 2`` has an absolutely continuous invariant
measure; when the orbit of the critical point ``c = 1/2`` is finite (a Misiurewicz or periodic slope),
the points of that orbit cut the attractor ``[T^2(c), T(c)]`` into a Markov partition.  The density is
constant on each of its intervals, and the interval ``I`` holding ``x_t`` is a Markov chain with
``Pr(I -> J) = |J| / (a |I|)`` for ``J`` inside ``T(I)``.  Reading the symbol of the partition cell of
``I`` (0 left of ``c``, 1 right of it) makes that chain an exact hidden Markov model of the map's
symbolic dynamics, in the number field of ``a`` (:func:`tent_map`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from ..errors import BudgetExceededError, InvalidArgumentError, excerpt
from ..kernel.exact import exact_domain, to_exact
from ..kernel.graphs import closed_classes
from ..models.hmm import HMM
from ._common import HALF, catalog_label, choice, hmm_from_edges, integer, probability
from ._registry import Alias, register

if TYPE_CHECKING:
    from ..kernel.exact import Exact

__all__ = [
    "MISIUREWICZ_SLOPE",
    "tent_map",
    "tent_map_band_merging",
    "tent_map_misiurewicz",
    "tent_map_misiurewicz_markov",
    "tent_map_misiurewicz_partition",
    "misiurewicz",
]

_x = sympy.Symbol("x")
#: The real root ``a ~ 1.7693`` of ``a^3 = 2 a + 2``: the tent map's slope at which ``T^4(1/2)`` is the fixed point.
MISIUREWICZ_SLOPE = sympy.CRootOf(_x**3 - 2 * _x - 2, 0)
PARTITIONS = ("c", "Lc", "cR", "LcR")
MAX_POINTS = 64  # points of the Markov partition (its intervals are the states)


def slope(a) -> sympy.Expr:
    """The slope ``a`` as an exact positive number (or a symbol), refused otherwise."""
    a = to_exact(a, "parameter a")
    if a.is_number and not (a.is_real and a.is_positive):
        raise InvalidArgumentError(f"parameter a = {excerpt(a)} must be a positive real number")
    return a


def _less(K, u, v) -> bool:
    """``u < v`` for distinct elements of the real field ``K`` (decided exactly, then by the real value)."""
    if K.is_QQ:
        return u < v
    d = K.to_sympy(v - u)
    sign = d.is_positive
    if sign is None:  # a nonzero algebraic number: enough digits decide its sign
        value = d.evalf(60)
        if value == 0 or abs(value) < sympy.Float("1e-50"):
            raise InvalidArgumentError(f"tent_map: cannot decide the sign of {excerpt(d)}")
        sign = bool(value > 0)
    return bool(sign)


def _cut_points(a, partition: str):
    """``(K, a, points, cuts)``: the forward-closed points of the Markov partition inside the attractor."""
    a = slope(a)
    if not a.is_number or not (a.is_algebraic or a.is_rational):
        raise InvalidArgumentError(f"tent_map: the slope a = {excerpt(a)} must be an exact algebraic number")
    if not ((a - 1).is_positive and (a - 2).is_nonpositive):
        raise InvalidArgumentError(f"tent_map: the slope a = {excerpt(a)} must satisfy 1 < a <= 2")
    partition = choice(partition, "partition", PARTITIONS)
    K, (ak, half) = exact_domain([a, HALF])
    one = K.one

    def T(x):
        return ak * x if _less(K, x, half) else ak * (one - x)

    left = K.quo(one, ak + ak)
    cuts = [left] * ("L" in partition) + [half] + [one - left] * ("R" in partition)
    points, todo = [], list(cuts)
    while todo:
        x = todo.pop()
        if x in points:
            continue
        points.append(x)
        if len(points) > MAX_POINTS:
            raise BudgetExceededError(
                f"tent_map: the orbit of the critical point at slope a = {excerpt(a)} does not close within "
                f"{MAX_POINTS} points (no finite Markov partition of this kind: not a Misiurewicz or periodic slope)"
            )
        todo.append(T(x))
    top = T(half)
    bottom = T(top)
    inside = [x for x in points if not _less(K, x, bottom) and not _less(K, top, x)]
    return K, ak, _sorted(K, inside), cuts


def _sorted(K, xs: list) -> list:
    out: list = []
    for x in xs:  # insertion sort: a few dozen exact comparisons
        i = 0
        while i < len(out) and _less(K, out[i], x):
            i += 1
        out.insert(i, x)
    return out


def _markov_partition(a, partition: str):
    """``(K, a, points, symbols, images, bands)`` of the tent map's Markov partition.

    Interval ``i`` is ``[points[i], points[i + 1]]``, observed as ``symbols[i]``, mapped onto intervals
    ``images[i][0] .. images[i][1] - 1``; ``bands`` are the intervals that carry the invariant measure (the
    closed class of the interval graph: gaps between chaotic bands are transient).
    """
    K, ak, points, cuts = _cut_points(a, partition)
    n = len(points) - 1
    half = K.convert(HALF)
    symbols, images = [], []
    for i in range(n):
        lo, hi = points[i], points[i + 1]
        symbols.append(sum(1 for u in cuts if not _less(K, lo, u)))
        ends = (ak * lo, ak * hi) if _less(K, lo, half) else (ak * (K.one - hi), ak * (K.one - lo))
        images.append((points.index(ends[0]), points.index(ends[1])))
    src = [i for i in range(n) for _ in range(*images[i])]
    dst = [j for i in range(n) for j in range(*images[i])]
    (bands,) = closed_classes(n, src, dst)
    return K, ak, points, symbols, images, [int(i) for i in bands]


def _tent_size(a=2, partition: str = "c") -> tuple[int, int]:
    _, _, _, symbols, _, bands = _markov_partition(a, partition)
    return len(bands), len({symbols[i] for i in bands})


def _tent_chain(a, partition: str, name: str) -> HMM:
    K, ak, points, symbols, images, bands = _markov_partition(a, partition)
    alphabet = sorted({symbols[i] for i in bands})
    where = {i: u for u, i in enumerate(bands)}
    mats = [[[K.zero] * len(bands) for _ in bands] for _ in alphabet]
    for i in bands:
        x, width = alphabet.index(symbols[i]), ak * (points[i + 1] - points[i])
        for j in range(*images[i]):
            mats[x][where[i]][where[j]] = K.quo(points[j + 1] - points[j], width)
    states = tuple(f"I{i + 1}" for i in bands)
    return HMM.from_exact(K, mats, states=states, alphabet=tuple(alphabet), name=name)


# ---------------------------------------------------------------------------------------- the tent map
@register(family="chaos", size=_tent_size)
def tent_map(a: Exact = 2, partition: str = "c") -> HMM:
    """The tent map's symbolic dynamics at a slope whose critical orbit is finite, exactly.

    ``T(x) = a min(x, 1 - x)`` with ``1 < a <= 2`` an exact algebraic number (``sympy.sqrt(2)``,
    :data:`MISIUREWICZ_SLOPE`, ...), measured by its absolutely continuous invariant measure.  States are
    the intervals ``I1, I2, ...`` (left to right) of the Markov partition cut by the critical orbit that
    carry the measure (the gaps between chaotic bands, for ``a <= sqrt 2``, are left out); the process is
    refused when that orbit does not close within 64 points.  ``partition`` chooses the
    observation: ``"c"`` cuts at ``c = 1/2`` (symbols 0, 1), ``"Lc"``, ``"cR"``, ``"LcR"`` also at the
    preimages ``L = 1/(2a)``, ``R = 1 - 1/(2a)`` of ``c`` (cells numbered left to right); all four are
    generating, so the entropy rate is ``log2(a)`` in each.  The presentation is nonunifilar in general.

    See Also
    --------
    tent_map_band_merging, tent_map_misiurewicz, tent_map_misiurewicz_partition

    References
    ----------
    - T. Yoshida, H. Mori and H. Shigematsu, "Analytic study of chaos of the tent map: band structures, power spectra, and critical behaviors", J. Stat. Phys. 31, 279 (1983).
    - R. G. James, K. Burke and J. P. Crutchfield, "Chaos forgets and remembers: measuring information creation, destruction, and storage", Phys. Lett. A 378, 2124 (2014), arXiv:1309.5504.

    Examples
    --------
    At ``a = 2`` the map is the full tent map and its symbols are fair coin flips:

    >>> tent_map().word_probability([0, 1, 1])
    1/8

    At ``a = sqrt 2`` the critical orbit ``1/2 -> sqrt(2)/2 -> sqrt(2) - 1 -> 2 - sqrt(2)`` (the fixed
    point) cuts three intervals; the right one maps onto the other two, each of half its image:

    >>> import sympy
    >>> tent_map(sympy.sqrt(2)).stationary_distribution()
    (1/4, 1/4, 1/2)
    """
    return _tent_chain(a, partition, catalog_label("tent_map", a=a, partition=partition))


def _band_slope(k) -> sympy.Expr:
    k = integer(k, "k", 1, 4)
    return sympy.Pow(2, sympy.Rational(1, 2**k))


def _band_size(k: Exact = 1) -> tuple[int, int]:
    return 2 ** integer(k, "k", 1, 4) + 1, 2  # the intervals carrying the measure (checked by the tests)


@register(
    family="chaos",
    aliases=(Alias("BandMerging", sofic="processes", ignore=("machine_type",)), "band_merging"),
    size=_band_size,
)
def tent_map_band_merging(k: Exact = 1) -> HMM:
    """The tent map where its 2^k chaotic bands merge into 2^(k-1), at the slope a = 2^(1/2^k).

    The critical orbit lands on an unstable periodic orbit, so the symbolic dynamics is exact
    (:func:`tent_map` at that slope); the entropy rate is ``log2(a) = 2^-k`` bits per symbol, and the
    orbit still visits the ``2^k`` bands, touching at their common ends, in turn.  At ``k = 1``
    (``a = sqrt 2``, two bands merging into one) it is the band-merging process: A emits 1 and goes to
    B, B emits 0 or 1 (1/2 each) and returns to A.  ``1 <= k <= 4``.

    References
    ----------
    - T. Yoshida, H. Mori and H. Shigematsu, "Analytic study of chaos of the tent map: band structures, power spectra, and critical behaviors", J. Stat. Phys. 31, 279 (1983).
    - J. P. Crutchfield and K. Young, "Inferring statistical complexity", Phys. Rev. Lett. 63, 105 (1989).

    Examples
    --------
    >>> h = tent_map_band_merging()
    >>> h.word_probability([0, 0]), h.word_probability([1, 0, 1])
    (0, 1/4)
    """
    k = integer(k, "k", 1, 4)
    return _tent_chain(_band_slope(k), "c", catalog_label("tent_map_band_merging", k=k))


# ------------------------------------------------------------------------- the Misiurewicz slope's figures
@register(
    family="chaos",
    aliases=(Alias("tent_map_misiurewicz_forward", params={"a": "a"}, sofic="epsilon_machines"), "tent_map_fig7"),
)
def tent_map_misiurewicz(a: Exact | None = None) -> HMM:
    """The tent map at its Misiurewicz slope: the four-state epsilon-machine, infinite Markov order.

    ``a`` is the real root of ``a^3 = 2 a + 2`` (:data:`MISIUREWICZ_SLOPE`, ``a ~ 1.7693``; the default
    ``a=None``): the critical
    point reaches the fixed point ``a / (a + 1)`` in four steps.  A emits 1 and goes to B; B emits 0 and
    goes to C (``(a + 2) / (2 a + 2)``) or emits 1 and goes to A; C emits 0 and goes to A
    (``1 / (a + 2)``) or emits 1 and goes to D; D emits 0 and goes to C (``(a^2 + 2 a) / (2 (a + 1)^2)``)
    or emits 1 and stays.  All probabilities lie in the cubic field of ``a``; the entropy rate is
    ``log2(a)``.  At any other slope ``a > 0`` the same labelled graph is a valid HMM, but not the tent
    map's process.

    See Also
    --------
    tent_map, tent_map_misiurewicz_markov, tent_map_misiurewicz_reversed, tent_map_misiurewicz_bidirectional

    References
    ----------
    - R. G. James, K. Burke and J. P. Crutchfield, "Chaos forgets and remembers: measuring information creation, destruction, and storage", Phys. Lett. A 378, 2124 (2014), arXiv:1309.5504 (supplementary material: Fig. 7).

    Examples
    --------
    >>> h = tent_map_misiurewicz()
    >>> h.is_unifilar()
    True

    The critical orbit's kneading (1, 0, 0, then the fixed point right of 1/2) forbids three 0s in a row:

    >>> h.word_probability([0, 0, 0])
    0
    """
    a = MISIUREWICZ_SLOPE if a is None else slope(a)
    d = 2 * (a + 1) ** 2
    edges = [
        ("A", "B", 1, 1),
        ("B", "C", 0, (a + 2) / (2 * a + 2)),
        ("B", "A", 1, a / (2 * a + 2)),
        ("C", "A", 0, 1 / (a + 2)),
        ("C", "D", 1, (a + 1) / (a + 2)),
        ("D", "C", 0, (a**2 + 2 * a) / d),
        ("D", "D", 1, (a**2 + 2 * a + 2) / d),
    ]
    return hmm_from_edges(edges, states=tuple("ABCD"), alphabet=(0, 1), name=catalog_label("tent_map_misiurewicz", a=a))


@register(
    family="chaos",
    aliases=(Alias("tent_map_misiurewicz_hmm", params={"a": "a"}, sofic="epsilon_machines"), "tent_map_fig6"),
)
def tent_map_misiurewicz_markov(a: Exact | None = None) -> HMM:
    """The tent map at its Misiurewicz slope, presented by its Markov partition: four states, nonunifilar.

    The critical orbit cuts the attractor into four intervals A, B (left of 1/2: symbol 0) and C, D
    (right of it: symbol 1): A emits 0 and goes to B or C (1/2 each); B emits 0 and goes to D; C emits 1
    and goes to D; D emits 1 and goes to A (``1 / (a + 1)``), B or C (``a / (2 (a + 1))`` each).  It is
    :func:`tent_map` at :data:`MISIUREWICZ_SLOPE`, reduced by ``a^3 = 2 a + 2``; its epsilon-machine is
    :func:`tent_map_misiurewicz` (four states in exact arithmetic).  At any other slope ``a > 0`` the same
    labelled graph is a valid HMM, but not the tent map's process; ``a=None`` is the Misiurewicz slope.

    References
    ----------
    - R. G. James, K. Burke and J. P. Crutchfield, "Chaos forgets and remembers: measuring information creation, destruction, and storage", Phys. Lett. A 378, 2124 (2014), arXiv:1309.5504 (supplementary material: Fig. 6).

    Examples
    --------
    >>> tent_map_misiurewicz_markov().is_unifilar()
    False
    """
    a = MISIUREWICZ_SLOPE if a is None else slope(a)
    side = a / (2 * (a + 1))
    edges = [
        ("A", "B", 0, HALF),
        ("A", "C", 0, HALF),
        ("B", "D", 0, 1),
        ("C", "D", 1, 1),
        ("D", "A", 1, 1 / (a + 1)),
        ("D", "B", 1, side),
        ("D", "C", 1, side),
    ]
    return hmm_from_edges(
        edges, states=tuple("ABCD"), alphabet=(0, 1), name=catalog_label("tent_map_misiurewicz_markov", a=a)
    )


def _misiurewicz_partition_size(partition: str = "c") -> tuple[int, int]:
    partition = choice(partition, "partition", PARTITIONS)
    return (4 if partition == "c" else 5 if len(partition) == 2 else 6), len(partition) + 1


@register(
    family="chaos",
    aliases=(
        Alias("tent_map_misiurewicz_partition_forward", params={"partition": "partition"}, sofic="epsilon_machines"),
    ),
    size=_misiurewicz_partition_size,
)
def tent_map_misiurewicz_partition(partition: str = "c") -> HMM:
    """The tent map at its Misiurewicz slope seen through one of its four generating partitions.

    :func:`tent_map` at :data:`MISIUREWICZ_SLOPE`: ``"c"`` (the kneading partition of the paper: two
    symbols, epsilon-machine of four states) or its refinements ``"Lc"``, ``"cR"`` (three symbols) and
    ``"LcR"`` (four symbols) by the preimages of ``c``, whose epsilon-machines have five states.  The
    refinements are not in the paper's figures (the peer library sofic derives them); here they come from
    the Markov partition directly.  Presented by the Markov partition's intervals (4, 5, 5 and 6 states).

    References
    ----------
    - R. G. James, K. Burke and J. P. Crutchfield, "Chaos forgets and remembers: measuring information creation, destruction, and storage", Phys. Lett. A 378, 2124 (2014), arXiv:1309.5504.

    Examples
    --------
    >>> tent_map_misiurewicz_partition("LcR").alphabet
    (0, 1, 2, 3)
    """
    partition = choice(partition, "partition", PARTITIONS)
    return _tent_chain(
        MISIUREWICZ_SLOPE, partition, catalog_label("tent_map_misiurewicz_partition", partition=partition)
    )


# ------------------------------------------------------------------------ the logistic map, as measured
#: Crutchfield's reconstructed branching probabilities (Pr(0) at A, B, D), exact as printed.
_MEASURED = (sympy.Rational(364, 1000), sympy.Rational(276, 1000), sympy.Rational(521, 1000))


@register(
    family="chaos",
    aliases=(
        Alias("Misiurewicz", sofic="processes", ignore=("machine_type",)),
        Alias(
            "MisiurewiczSimplified",
            params={"a": "a", "b": "b", "d": "d"},
            defaults={"a": "2/5", "b": "1/4", "d": "1/2"},
            sofic="processes",
            ignore=("machine_type",),
        ),
        Alias(
            "MisiurewiczUniform",
            params={"a": "a", "b": "b", "d": "d"},
            defaults={"a": "1/2", "b": "1/2", "d": "1/2"},
            sofic="processes",
            ignore=("machine_type",),
        ),
        "logistic_misiurewicz",
    ),
)
def misiurewicz(a: Exact = _MEASURED[0], b: Exact = _MEASURED[1], d: Exact = _MEASURED[2]) -> HMM:
    """The logistic map at its Misiurewicz parameter: the four-state machine with measured probabilities.

    ``f(x) = r x (1 - x)`` at ``r ~ 3.9277370017867516``, the root in ``(3.5, 4)`` of ``r^7 - 6 r^6 +
    4 r^5 + 24 r^4 - 16 r^3 - 32 r^2 - 64 r - 128``, where ``f^4(1/2) = 1 - 1/r``: the critical point
    lands on the unstable fixed point in four steps.  Read through ``x < 1/2`` (symbol 0), its
    epsilon-machine is: A emits 0 and goes to B (``a``) or emits 1 and stays; B emits 0 and goes to C
    (``b``) or emits 1 and goes to A; C emits 1 and goes to D; D emits 0 and goes to B (``d``) or emits 1
    and goes to C.  The topology is exact (it is the tent map's at the same kneading sequence,
    :func:`tent_map_misiurewicz`); the probabilities are integrals of the map's invariant density and
    have no known closed form: the defaults 0.364, 0.276 and 0.521 are the values Crutchfield
    reconstructed from data, exact here only as printed.  sofic's ``MisiurewiczSimplified`` and
    ``MisiurewiczUniform`` are this machine with rounded (2/5, 1/4, 1/2) and uniform branchings.

    References
    ----------
    - J. P. Crutchfield, "Semantics and thermodynamics", in Nonlinear Modeling and Forecasting, M. Casdagli and S. Eubank (eds.), Santa Fe Institute Studies in the Sciences of Complexity XII, Addison-Wesley (1992), pp. 317-359.
    - J. P. Crutchfield and K. Young, "Inferring statistical complexity", Phys. Rev. Lett. 63, 105 (1989).

    Examples
    --------
    With uniform branchings every state has the same balance of flow (sofic's ``MisiurewiczUniform``):

    >>> misiurewicz("1/2", "1/2", "1/2").stationary_distribution()
    (1/4, 1/4, 1/4, 1/4)
    >>> misiurewicz().word_probability([0, 0]) == 0
    False
    """
    a, b, d = probability(a, "a"), probability(b, "b"), probability(d, "d")
    edges = [
        ("A", "B", 0, a),
        ("A", "A", 1, 1 - a),
        ("B", "C", 0, b),
        ("B", "A", 1, 1 - b),
        ("C", "D", 1, 1),
        ("D", "B", 0, d),
        ("D", "C", 1, 1 - d),
    ]
    return hmm_from_edges(
        edges, states=tuple("ABCD"), alphabet=(0, 1), name=catalog_label("misiurewicz", a=a, b=b, d=d)
    )
