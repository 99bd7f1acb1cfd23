"""Codes applied to random bits: parity checks, Hamming's code, convolutional codes, the charge constraint, leaky RRXOR.

Each process is an encoder's output on i.i.d. data bits (``Pr(1) = p``), codeword after codeword, or a
constrained sequence with its measure of maximal entropy.  Related: :func:`~compmech.processes.rrxor` (the
parity check of two bits), :func:`~compmech.processes.run_length_limited` (another constraint of the
recording channels).
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

import sympy

from ..errors import InvalidArgumentError
from ..models.hmm import HMM
from ._common import CRUTCHFIELD_FELDMAN_2003, HALF, catalog_label, hmm_from_edges, integer, probability
from ._registry import register
from .logic import rrxor

if TYPE_CHECKING:
    from ..kernel.exact import Exact

__all__ = ["leaky_rrxor", "parity_check", "hamming_code", "convolutional_code", "charge_constrained"]

MAX_BLOCK = 12  # bits of a parity-check block
MAX_MEMORY = 8  # memory of a convolutional encoder (2**m states)
MAX_CHARGE = 40  # states of the charge constraint
_TENTH = sympy.Rational(1, 10)


def _bit(p, b: int):
    return p if b else 1 - p


@register(
    family="logic",
    reference="simplexity (Astera), generative_processes/transition_matrices.py, leaky_rrxor",
    aliases=("LeakyRRXOR",),
)
def leaky_rrxor(p1: Exact = HALF, p2: Exact = HALF, epsilon: Exact = _TENTH) -> HMM:
    """Leaky RRXOR: RRXOR's matrices mixed with the uniform ones, ``(1 - epsilon) T(x) + epsilon / 10``.

    Every entry of both 5 x 5 matrices of :func:`rrxor` gets ``epsilon / 10`` (2 symbols x 5 states make 10
    entries per row), so every word has positive probability when ``epsilon > 0``: the five states stay,
    the XOR is only likely.  ``epsilon = 0`` is RRXOR.

    Examples
    --------
    >>> h = leaky_rrxor()
    >>> h.stationary_distribution()
    (442/1355, 226/1355, 226/1355, 461/2710, 461/2710)
    >>> leaky_rrxor(epsilon=0) == rrxor()
    True
    """
    p1, p2, eps = probability(p1, "p1"), probability(p2, "p2"), probability(epsilon, "epsilon")
    base = rrxor(p1, p2)
    mats = [(1 - eps) * base.matrices[x] + sympy.ones(5, 5) * eps / 10 for x in base.alphabet]
    name = catalog_label("leaky_rrxor", p1=p1, p2=p2, epsilon=eps)
    if eps == 0:
        return base
    return HMM([m.tolist() for m in mats], states=base.states, alphabet=base.alphabet, name=name)


def _parity_size(n=4, p=None) -> tuple[int, int]:
    n = integer(n, "n", low=2, high=MAX_BLOCK, why="the machine has 2n - 1 states")
    return 2 * n - 1, 2


@register(
    family="logic",
    reference=CRUTCHFIELD_FELDMAN_2003 + ' (RRXOR, n = 3); D. J. C. MacKay, "Information Theory, Inference, and '
    'Learning Algorithms", Cambridge (2003) (single parity-check codes)',
    aliases=("single_parity_check", "random_xor_block"),
    size=_parity_size,
)
def parity_check(n: int = 4, p: Exact = HALF) -> HMM:
    """The single parity-check code on random bits: ``n - 1`` bits (``Pr(1) = p``), then their XOR, repeated.

    States: the position in the block and the parity so far (``2n - 1``).  ``n = 3`` is :func:`rrxor`
    with equal biases (RRXOR is this code's output), ``n = 2`` a random bit and its copy.  Every block of
    ``n`` aligned symbols has even weight.

    Examples
    --------
    >>> h = parity_check(3)
    >>> from compmech.processes import rrxor
    >>> all(h.word_probability(w) == rrxor().word_probability(w) for w in ["000", "0110", "10110"])
    True
    """
    n = _parity_size(n)[0] // 2 + 1
    p = probability(p, "p")
    edges = []
    for i in range(n - 1):
        for par in (0, 1) if i else (0,):
            edges += [((i, par), (i + 1, par ^ b), b, _bit(p, b)) for b in (0, 1)]
    edges += [((n - 1, par), (0, 0), par, 1) for par in (0, 1)]
    return hmm_from_edges(edges, alphabet=(0, 1), name=catalog_label("parity_check", n=n, p=p))


def hamming_codeword(data: tuple[int, ...]) -> tuple[int, ...]:
    """Hamming's (7, 4) codeword of four data bits, in his layout: parity bits at positions 1, 2 and 4.

    Data bits fill positions 3, 5, 6, 7; the parity bit at position ``2^k`` makes even the positions whose
    binary index has bit ``k`` set.

    Examples
    --------
    >>> hamming_codeword((1, 0, 1, 1))
    (0, 1, 1, 0, 0, 1, 1)
    """
    word = [0] * 8
    for pos, d in zip((3, 5, 6, 7), data, strict=True):
        word[pos] = d
    for k in range(3):
        word[1 << k] = sum(word[j] for j in range(1, 8) if j >> k & 1 and j != 1 << k) % 2
    return tuple(word[1:])


@register(
    family="logic",
    reference='R. W. Hamming, "Error detecting and error correcting codes", Bell Syst. Tech. J. 29, 147 (1950)',
    aliases=("hamming74", "hamming_7_4"),
)
def hamming_code(p: Exact = HALF) -> HMM:
    """Hamming's (7, 4) code on random bits: codewords of four i.i.d. data bits (``Pr(1) = p``), one after another.

    112 states, the position in the codeword and its data bits (a codeword is drawn when its first bit is
    emitted, so the presentation is nonunifilar); see :func:`hamming_codeword` for the layout.  Any 7
    aligned symbols form a codeword: 16 of the 128 words.

    Examples
    --------
    >>> h = hamming_code()
    >>> h.n_states, h.stationary_distribution()[0]
    (112, 1/112)
    >>> h.word_probability((1, 1, 1, 1, 1, 1, 0, 1)) > 0, h.word_probability((1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0))
    (True, 0)
    """
    p = probability(p, "p")
    words = list(itertools.product((0, 1), repeat=4))
    weight = {w: sympy.Mul(*(_bit(p, b) for b in w)) for w in words}
    edges = []
    for w in words:
        c = hamming_codeword(w)
        edges += [((k, w), (k + 1, w), c[k], 1) for k in range(6)]
        edges += [((6, w), (0, v), c[6], weight[v]) for v in words]
    states = [(k, w) for k in range(7) for w in words]
    return hmm_from_edges(edges, states=states, alphabet=(0, 1), name=catalog_label("hamming_code", p=p))


def _generators(text) -> list[list[int]]:
    items = text.replace(",", " ").split() if isinstance(text, str) else [str(x) for x in text]
    if not items or len(items) > 4 or any(not re.fullmatch(r"[0-7]{1,3}", x) for x in items):
        raise InvalidArgumentError(
            f"parameter generators must be 1 to 4 octal numbers of at most 3 digits (as '7 5'), got {text!r}"
        )
    values = [int(x, 8) for x in items]
    if 0 in values:
        raise InvalidArgumentError("parameter generators: a generator 0 emits only 0s")
    m = max(v.bit_length() for v in values) - 1
    if m > MAX_MEMORY:
        raise InvalidArgumentError(f"parameter generators: memory {m} is over {MAX_MEMORY}")
    return [[v >> (m - i) & 1 for i in range(m + 1)] for v in values]


def _conv_size(generators="7 5", p=None) -> tuple[int, int]:
    g = _generators(generators)
    m, n = len(g[0]) - 1, len(g)
    return 2**m + (n - 1) * 2 ** (m + 1), 2


@register(
    family="logic",
    reference='A. J. Viterbi, "Convolutional codes and their performance in communication systems", IEEE Trans. '
    'Commun. Technol. 19, 751 (1971); S. Lin and D. J. Costello, "Error Control Coding", 2nd ed., Prentice Hall '
    "(2004), Ch. 11",
    aliases=("conv_code", "convolutional_75"),
    size=_conv_size,
)
def convolutional_code(generators: str = "7 5", p: Exact = HALF) -> HMM:
    """A rate ``1/n`` convolutional code on random bits: ``n`` output bits per input bit, in order.

    ``generators`` are octal (the textbook (7, 5) code: ``c1 = u_t + u_(t-1) + u_(t-2)``,
    ``c2 = u_t + u_(t-2)`` mod 2); the highest bit taps the current input.  States: the encoder's memory
    before an input, and (input, memory) while the other outputs are emitted.  Input bits i.i.d. with
    ``Pr(1) = p``.

    Examples
    --------
    >>> h = convolutional_code()
    >>> h.n_states, h.stationary_distribution()[:4]
    (12, (1/8, 1/8, 1/8, 1/8))
    >>> h.word_probability("1110") == h.word_probability("1111")
    True
    """
    g = _generators(generators)
    m, n = len(g[0]) - 1, len(g)
    p = probability(p, "p")
    mems = list(itertools.product((0, 1), repeat=m))

    def out(j, u, mem):
        return sum(a * b for a, b in zip(g[j], (u, *mem), strict=True)) % 2

    edges = []
    for mem in mems:
        for u in (0, 1):
            after = ("in", (u, *mem)[:m])
            path = [("in", mem)] + [("out", j, u, mem) for j in range(1, n)] + [after]
            edges.append((path[0], path[1], out(0, u, mem), _bit(p, u)))
            edges += [(path[j], path[j + 1], out(j, u, mem), 1) for j in range(1, n)]
    states = [("in", mem) for mem in mems] + [("out", j, u, mem) for j in range(1, n) for u in (0, 1) for mem in mems]
    label = catalog_label(
        "convolutional_code", generators=" ".join(oct(int("".join(map(str, r)), 2))[2:] for r in g), p=p
    )
    return hmm_from_edges(edges, states=states, alphabet=(0, 1), name=label)


def _charge_size(N=5) -> tuple[int, int]:
    return integer(N, "N", low=2, high=MAX_CHARGE, why="the machine has N states"), 2


@register(
    family="golden mean",
    reference='B. H. Marcus, R. M. Roth and P. H. Siegel, "Constrained systems and coding for recording channels", '
    'in Handbook of Coding Theory, Elsevier (1998) (the charge constraint); W. Parry, "Intrinsic Markov chains", '
    "Trans. Amer. Math. Soc. 112, 55 (1964)",
    aliases=("charge_constraint", "bounded_rds", "dc_free"),
    size=_charge_size,
)
def charge_constrained(N: int = 5) -> HMM:
    """The ``N``-state charge constraint with its Parry measure: a +-1 sequence whose running sum spans ``N`` values.

    Symbol 1 is +1 (up), 0 is -1 (down); the state is the running digital sum ``0, ..., N-1``.  The measure
    of maximal entropy goes up from ``i`` with ``U_(i+1)(c) / (2c U_i(c))``, ``c = cos(pi/(N+1))``
    (Chebyshev polynomials of the second kind: the Perron vector of the path graph), and its entropy rate
    is the capacity ``log2(2 cos(pi/(N+1)))``: 1/2 bit for ``N = 3``, ``log2`` of the golden ratio for 4,
    ``log2(3)/2`` for 5.  Exact (algebraic) entries.

    Examples
    --------
    >>> h = charge_constrained(5)
    >>> [h.word_probability([0, 1, 1, 1, 1]), h.word_probability([1, 1, 1, 1, 1])]
    [1/108, 0]
    """
    N = _charge_size(N)[0]
    c = sympy.cos(sympy.pi / (N + 1))
    edges = []
    for i in range(N):
        if i == 0:
            up = sympy.Integer(1)
        elif i == N - 1:
            up = sympy.Integer(0)
        else:
            up = sympy.radsimp(sympy.simplify(sympy.chebyshevu(i + 1, c) / (2 * c * sympy.chebyshevu(i, c))))
        if up != 0:
            edges.append((i, i + 1, 1, up))
        if up != 1:
            edges.append((i, i - 1, 0, 1 - up))
    return hmm_from_edges(edges, states=tuple(range(N)), alphabet=(0, 1), name=catalog_label("charge_constrained", N=N))
