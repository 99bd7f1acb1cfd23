"""The catalog's processes of the wider literature, each against an independent derivation.

Independent references: numpy brute force over the language or the encoder (word probabilities from
sampling-free enumeration of blocks), the published numbers (Shannon's letter frequencies, Rabiner's
1.536e-4, the hypergeometric law of Bernoulli-Laplace, the capacity of the charge constraint), and
simplexity's matrices rebuilt in numpy exactly as simplexity writes them.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
import sympy

from compmech import entropy_rate
from compmech.errors import InvalidArgumentError, ProbabilityRangeError
from compmech.processes import catalog, codes, get, languages

NEW = [
    "days_of_week", "mr_name", "matching_parens", "dyck", "shuffle_dyck", "motzkin", "reber", "embedded_reber",
    "anbn", "anbncn", "flip_flop", "land_of_oz", "shannon_markov", "rabiner_weather", "ice_cream",
    "bernoulli_laplace", "wright_fisher", "moran", "kimura_2p", "f81", "cycle_walk", "geo_geo_1_k", "leaky_rrxor",
    "parity_check", "hamming_code", "convolutional_code", "charge_constrained", "noisy_periodic", "zipf_renewal",
]  # fmt: skip


def _numeric(h):
    mats = np.array([np.array(h.matrices[x].tolist(), dtype=float) for x in h.alphabet])
    return mats, np.array([float(v) for v in h.stationary_distribution()])


def _word(h, word) -> float:
    mats, pi = _numeric(h)
    v = pi
    for x in word:
        v = v @ mats[h.alphabet.index(x)]
    return float(v.sum())


def test_the_catalog_has_the_new_entries_with_references_and_aliases():
    names = {e.name: e for e in catalog()}
    assert len(names) >= 110
    for n in NEW:
        assert n in names, n
        assert len(names[n].reference) > 20
    for alias, name in [("bounded_dyck", "matching_parens"), ("dyck_km", "dyck"), ("k80", "kimura_2p"),
                        ("oz_weather", "land_of_oz"), ("hamming74", "hamming_code"), ("FFL", "flip_flop"),
                        ("LeakyRRXOR", "leaky_rrxor"), ("charge_constraint", "charge_constrained")]:  # fmt: skip
        assert get(alias).name.startswith(name), alias


# ------------------------------------------------------------------------------ simplexity's processes
def _simplexity_days_of_week() -> np.ndarray:
    """simplexity's days_of_week, transcribed line by line in numpy (token, from, to)."""
    d = {t: i for i, t in enumerate(languages.DAY_TOKENS)}
    days = list(languages.DAY_TOKENS[:7])
    T = np.zeros((11, 7, 7))
    for day in days:
        T[d[day], :, d[day]] = 1.0
    for w in days[:5]:
        T[d["Wkdy"], :, d[w]] = 1 / 5
    for w in days[5:]:
        T[d["Wknd"], :, d[w]] = 1 / 2
    for i, day in enumerate(days):
        nxt, prev = days[(i + 1) % 7], days[i - 1]
        T[d["Tmrw"], d[day], d[nxt]] = 1.0
        T[d[nxt], d[day], d[nxt]] = 5.0
        T[d["Yest"], d[day], d[prev]] = 1.0
    return T / T.sum(axis=(0, 2), keepdims=True)


def test_days_of_week_is_simplexitys():
    mats, _ = _numeric(get("days_of_week"))
    assert np.allclose(mats, _simplexity_days_of_week(), atol=1e-15)


def test_mr_name_is_simplexitys_and_checks_its_domain():
    p, q = 0.2, 0.3
    T = np.zeros((4, 4, 4))  # simplexity: vocab Mr., Something, Blah, name
    T[3, 0, 3] = 1
    T[1, 3, 1] = T[2, 3, 2] = 0.5
    T[0, 1, 0], T[1, 1, 1], T[2, 1, 2] = q, 1 - p - q, p
    T[0, 2, 0], T[1, 2, 1], T[2, 2, 2] = q, p, 1 - p - q
    mats, _ = _numeric(get("mr_name", p="1/5", q="3/10"))
    assert np.allclose(mats, T)
    with pytest.raises(ProbabilityRangeError, match="1 - p - q"):
        get("mr_name", p="3/4", q="1/2")


def test_leaky_rrxor_is_simplexitys():
    from compmech.processes import rrxor

    base, _ = _numeric(rrxor("1/3", "1/2"))
    mats, pi = _numeric(get("leaky_rrxor", p1="1/3", p2="1/2", epsilon="1/5"))
    assert np.allclose(mats, 0.8 * base + 0.2 / 10)
    w, v = np.linalg.eig(mats.sum(0).T)
    stat = np.real(v[:, np.argmin(abs(w - 1))])
    assert np.allclose(pi, stat / stat.sum())
    with pytest.raises(ProbabilityRangeError):
        get("leaky_rrxor", epsilon="3/2")


def test_matching_parens_is_simplexitys():
    probs = [1.0, 0.5, 0.25, 0.0]
    T0 = np.diag(probs[:-1], k=1)
    T1 = np.diag(1 - np.array(probs[1:]), k=-1)
    mats, _ = _numeric(get("matching_parens", open_probs="1 1/2 1/4"))
    assert np.allclose(mats, [T0, T1])
    with pytest.raises(InvalidArgumentError, match="must be 1"):
        get("matching_parens", open_probs="1/2 1/2")


# ------------------------------------------------------------------------------ languages: brute force
def _block_process_words(blocks: dict[str, Fraction], L: int) -> dict[str, float]:
    """Word probabilities of length L of the stationary concatenation of i.i.d. blocks (a renewal of blocks)."""
    mean = sum(len(b) * p for b, p in blocks.items())
    out: dict[str, float] = {}

    # a stationary window starts at offset o inside a block drawn size-biased; then fresh blocks follow
    def extend(prefix: str, prob: Fraction):
        if len(prefix) >= L:
            out[prefix[:L]] = out.get(prefix[:L], 0) + float(prob)
            return
        for b, p in blocks.items():
            extend(prefix + b, prob * p)

    for b, p in blocks.items():
        for o in range(len(b)):
            extend(b[o:], p / mean)
    return out


@pytest.mark.parametrize(
    ("name", "kwargs", "blocks"),
    [
        ("anbn", {"weights": "1/2 1/3 1/6"}, {"ab": Fraction(1, 2), "aabb": Fraction(1, 3), "aaabbb": Fraction(1, 6)}),
        ("anbncn", {"weights": "1/4 3/4"}, {"abc": Fraction(1, 4), "aabbcc": Fraction(3, 4)}),
    ],
)
def test_counting_languages_against_their_blocks(name, kwargs, blocks):
    h = get(name, **kwargs)
    L = 6
    want = _block_process_words(blocks, L)
    for w in itertools.product(h.alphabet, repeat=L):
        assert math.isclose(float(h.word_probability("".join(w))), want.get("".join(w), 0.0), abs_tol=1e-12)


def _reber_strings(max_len: int, p: Fraction):
    """Reber strings with their probabilities, from the grammar's table (written independently of the module)."""
    table = {0: [("B", 1, 1)], 1: [("T", 2, p), ("P", 3, 1 - p)], 2: [("S", 2, p), ("X", 4, 1 - p)],
             3: [("T", 3, p), ("V", 5, 1 - p)], 4: [("X", 3, p), ("S", 6, 1 - p)], 5: [("P", 4, p), ("V", 6, 1 - p)],
             6: [("E", None, 1)]}  # fmt: skip
    out = {}
    stack = [("", 0, Fraction(1))]
    while stack:
        s, node, prob = stack.pop()
        if node is None:
            out[s] = prob
            continue
        if len(s) < max_len:
            stack += [(s + x, nxt, prob * q) for x, nxt, q in table[node]]
    return out


def test_reber_strings_have_the_grammars_probabilities():
    p = Fraction(1, 3)
    h = get("reber", p="1/3")
    strings = _reber_strings(9, p)
    assert "BTSSXXTVVE" not in strings and strings["BPVVE"] == Fraction(2, 3) ** 3
    for s, prob in strings.items():
        assert h.word_probability("E" + s) / h.word_probability("E") == sympy.Rational(prob.numerator, prob.denominator)
    emb = get("embedded_reber")
    total = sum(emb.word_probability("TEB" + t + s + t + "E") for s in _reber_strings(8, Fraction(1, 2)) for t in "TP")
    assert (
        total / emb.word_probability("TE")
        == sum(sympy.Rational(1, 2) * sympy.Rational(str(q)) for q in _reber_strings(8, Fraction(1, 2)).values()) * 2
    )


def test_dyck_words_are_well_nested_and_its_domain():
    h = get("dyck", k=2, m=2, p="1/3")
    assert h.n_states == 7
    # a balanced word from the empty stack: '(' 1/2, '[' then inside p/2, then closes 1 - p ...
    w = "([])"
    start = h.stationary_distribution()[h.states.index(())]
    assert h.word_probability(w) == start * sympy.Rational(1, 2) * sympy.Rational(1, 6) * 1 * sympy.Rational(2, 3)
    assert h.word_probability("(]") == 0
    with pytest.raises(InvalidArgumentError, match="at most 1,000"):
        get("dyck", k=5, m=6)


def test_dyck_k1_is_matching_parens_as_a_process():
    a, b = get("dyck", k=1, m=3, p="1/3"), get("matching_parens", open_probs="1 1/3 1/3")
    for w in itertools.product("()", repeat=6):
        assert a.word_probability("".join(w)) == b.word_probability("".join(w))


def test_motzkin_and_shuffle_dyck_stationary_laws():
    # motzkin(2): heights 0,1,2 with out-degrees 2,3,2 and a symmetric walk of uniform choices: pi ~ degree
    assert get("motzkin", D=2).stationary_distribution() == (
        sympy.Rational(2, 7),
        sympy.Rational(3, 7),
        sympy.Rational(2, 7),
    )
    # shuffle_dyck(2, 2): a simple random walk on the 3x3 grid, pi ~ degree (2, 3, 4)
    pi = get("shuffle_dyck", k=2, D=2).stationary_distribution()
    assert pi[0] == sympy.Rational(2, 24) and pi[4] == sympy.Rational(4, 24)


def test_flip_flop_reads_the_last_write():
    h = get("flip_flop", p_w="1/5", p_r="3/10")
    for seq in itertools.product(["w0", "w1", "i0", "i1", "r0", "r1"], repeat=3):
        word = "".join(seq)
        mem, ok = None, True
        for ins, bit in seq:
            if ins == "w":
                mem = bit
            if ins == "r" and mem is not None and bit != mem:
                ok = False
        if not ok:
            assert h.word_probability(word) == 0, word
    assert get("FFL").word_probability("w") == sympy.Rational(1, 20)  # p_w = (1 - 4/5)/2 at one of two phases
    with pytest.raises(ProbabilityRangeError):
        get("flip_flop", p_w="3/5", p_r="1/2")


# ------------------------------------------------------------------------------ textbook chains
def test_published_numbers_of_the_textbook_chains():
    R = sympy.Rational
    assert get("land_of_oz").stationary_distribution() == (R(2, 5), R(1, 5), R(2, 5))  # Grinstead-Snell 11.1
    assert get("shannon_markov").stationary_distribution() == (R(9, 27), R(16, 27), R(2, 27))  # Shannon's p(i)
    h = get("rabiner_weather")
    assert math.isclose(float(h.word_probability([3, 3, 3, 1, 1, 3, 2, 3]) / h.word_probability([3])), 1.536e-4)


def test_bernoulli_laplace_is_hypergeometric():
    N = 4
    pi = get("bernoulli_laplace", N=N).stationary_distribution()
    assert list(pi) == [sympy.binomial(N, j) ** 2 / sympy.binomial(2 * N, N) for j in range(N + 1)]


def _stationary(P: np.ndarray) -> np.ndarray:
    w, v = np.linalg.eig(P.T)
    x = np.real(v[:, np.argmin(abs(w - 1))])
    return x / x.sum()


def test_wright_fisher_and_moran_against_numpy():
    N, u, v = 4, 0.1, 0.25
    psi = [(i / N) * (1 - u) + (1 - i / N) * v for i in range(N + 1)]
    WF = np.array([[math.comb(N, j) * s**j * (1 - s) ** (N - j) for j in range(N + 1)] for s in psi])
    mats, pi = _numeric(get("wright_fisher", N=N, u="1/10", v="1/4"))
    assert np.allclose(mats.sum(0), WF) and np.allclose(pi, _stationary(WF))
    M = np.zeros((N + 1, N + 1))
    for i, s in enumerate(psi):
        if i < N:
            M[i, i + 1] = s * (N - i) / N
        if i > 0:
            M[i, i - 1] = (1 - s) * i / N
        M[i, i] = 1 - M[i].sum()
    mats, pi = _numeric(get("moran", N=N, u="1/10", v="1/4"))
    assert np.allclose(mats.sum(0), M) and np.allclose(pi, _stationary(M))
    with pytest.raises(InvalidArgumentError, match="u \\+ v = 0"):
        get("moran", u=0, v=0)


def test_substitution_models():
    R = sympy.Rational
    h = get("kimura_2p", s="1/5", v="1/10")
    assert h.word_probability("AG") == R(1, 4) * R(1, 5) and h.word_probability("AC") == R(1, 40)
    assert get("jukes_cantor", p="3/10") == get("kimura_2p", s="1/10", v="1/10")
    with pytest.raises(ProbabilityRangeError):
        get("kimura_2p", s="1/2", v="1/3")
    f = get("f81", pi="1/4 1/4 1/4 1/4", u="2/5")
    assert all(
        f.word_probability(a + b) == get("jukes_cantor", p="3/10").word_probability(a + b) for a in "AC" for b in "AG"
    )


def test_cycle_walk_queue_and_ice_cream():
    R = sympy.Rational
    h = get("cycle_walk", N=4, p="1/2", q="1/3")
    assert h.word_probability([0, 1, 0, 3]) == R(1, 4) * R(1, 2) * R(1, 3) * R(1, 3)
    # Geo/Geo/1/K: a birth-death chain; detailed balance gives pi
    lam, mu, K = Fraction(1, 3), Fraction(1, 2), 3
    up = [lam] + [lam * (1 - mu)] * (K - 1)
    down = [mu * (1 - lam)] * K
    w = [Fraction(1)]
    for i in range(K):
        w.append(w[-1] * up[i] / down[i])
    assert get("geo_geo_1_k", K=3).stationary_distribution() == tuple(
        R(x.numerator, x.denominator) / R(sum(w).numerator, sum(w).denominator) for x in w
    )
    # ice cream: forward algorithm by hand for '3 1 3'
    A = np.array([[0.7, 0.3], [0.4, 0.6]])
    B = np.array([[0.2, 0.4, 0.4], [0.5, 0.4, 0.1]])
    a = _stationary(A) * B[:, 2]
    a = (a @ A) * B[:, 0]
    a = (a @ A) * B[:, 2]
    assert math.isclose(float(get("ice_cream").word_probability([3, 1, 3])), a.sum())


# ------------------------------------------------------------------------------ codes
def _block_code_words(codewords: dict[tuple, Fraction], L: int) -> dict[tuple, float]:
    out: dict[tuple, float] = {}
    n = len(next(iter(codewords)))
    for phase in range(n):
        for blocks in itertools.product(codewords.items(), repeat=(phase + L + n - 1) // n):
            seq = sum((c for c, _ in blocks), ())
            w = seq[phase : phase + L]
            out[w] = out.get(w, 0) + float(math.prod(p for _, p in blocks)) / n
    return out


def test_hamming_code_against_its_codewords():
    p = Fraction(1, 3)
    words = {
        codes.hamming_codeword(d): math.prod(p if b else 1 - p for b in d) for d in itertools.product((0, 1), repeat=4)
    }
    assert len(words) == 16
    for c in words:  # Hamming's checks: the positions whose index has bit k set sum to 0
        assert all(sum(c[j - 1] for j in range(1, 8) if j >> k & 1) % 2 == 0 for k in range(3))
    assert codes.hamming_codeword((0, 0, 0, 0)) == (0,) * 7 and codes.hamming_codeword((1, 0, 0, 0)) == (
        1,
        1,
        1,
        0,
        0,
        0,
        0,
    )
    h = get("hamming_code", p="1/3")
    want = _block_code_words(words, 5)
    for w in itertools.product((0, 1), repeat=5):
        assert math.isclose(float(h.word_probability(w)), want.get(w, 0.0), abs_tol=1e-12), w


def test_parity_check_and_convolutional_code_against_encoders():
    p = Fraction(1, 4)
    spc = {d + (sum(d) % 2,): math.prod(p if b else 1 - p for b in d) for d in itertools.product((0, 1), repeat=3)}
    h = get("parity_check", n=4, p="1/4")
    want = _block_code_words(spc, 6)
    for w in itertools.product((0, 1), repeat=6):
        assert math.isclose(float(h.word_probability(w)), want.get(w, 0.0), abs_tol=1e-12)
    # (7, 5) code: simulate the encoder on every input string, from the stationary (uniform) memory
    c = get("convolutional_code", generators="7 5", p="1/2")
    L = 8
    freq: dict[tuple, float] = {}
    for phase in (0, 1):
        for bits in itertools.product((0, 1), repeat=2 + 5):
            s1, s2 = bits[0], bits[1]
            out = []
            for u in bits[2:]:
                out += [u ^ s1 ^ s2, u ^ s2]
                s1, s2 = u, s1
            w = tuple(out[phase : phase + L])
            freq[w] = freq.get(w, 0) + 0.5 / 2**7
    for w in itertools.product((0, 1), repeat=L):
        assert math.isclose(float(c.word_probability(w)), freq.get(w, 0.0), abs_tol=1e-12)
    with pytest.raises(InvalidArgumentError, match="octal"):
        get("convolutional_code", generators="9 5")


@pytest.mark.parametrize(("N", "capacity"), [(3, sympy.Rational(1, 2)), (5, sympy.log(3, 2) / 2)])
def test_charge_constraint_reaches_its_capacity(N, capacity):
    h = get("charge_constrained", N=N)
    assert sympy.simplify(entropy_rate(h) - capacity) == 0
    assert math.isclose(float(entropy_rate(get("charge_constrained", N=4))), math.log2((1 + math.sqrt(5)) / 2))


def test_noisy_periodic_and_zipf_renewal():
    R = sympy.Rational
    h = get("noisy_periodic", word="001", noise="1/5")
    # phase uniform; at each position the letter survives with 4/5
    want = sum(
        R(1, 3) * math.prod(R(4, 5) if "001"[(ph + i) % 3] == x else R(1, 5) for i, x in enumerate("011"))
        for ph in range(3)
    )
    assert h.word_probability("011") == want
    a, b = get("noisy_periodic", word="0110", noise=0), get("period", word="0110")
    assert all(a.word_probability(w) == b.word_probability(w) for w in itertools.product("01", repeat=5))
    with pytest.raises(InvalidArgumentError, match="at least two"):
        get("noisy_periodic", word="000")
    z = get("zipf_renewal", N=3, s=2)
    F = [R(1), R(1, 4), R(1, 9)]
    F = [f / sum(F) for f in F]
    assert z.word_probability("11") == z.word_probability("1") * F[0]
    assert get("zipf_renewal", N=4, s=0) == get("uniform_renewal", N=4)
    with pytest.raises(InvalidArgumentError, match="at least 0"):
        get("zipf_renewal", s=-1)
