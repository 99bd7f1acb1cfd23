"""Exports the peer library's catalog with its word probabilities: the fixture of issue #31.

Regenerate (in the peer's own environment, never compmech's; about a minute):
    python3 -m venv /tmp/sofic_env && /tmp/sofic_env/bin/pip install sofic==0.2.1 sympy
    /tmp/sofic_env/bin/python benchmarks/_peer_sofic_words.py tests/data/sofic_catalog_words.json.gz

For every constructor of sofic's example catalog (``sofic.examples.processes``, ``.epsilon_machines``,
``.tetris``) that returns an HMM (or a signed-weight GHMM, ``kind: "ghmm"``) and is not random, and for
each setting of ``SETTINGS`` (``default``: no argument; ``nondefault``: one other parameter choice;
``required``/``required2``: choices for a constructor without defaults; ``variant``...: another
``machine_type``/``style``/``partition``/branch), it writes:

- ``name``, ``module``, ``setting``, ``params`` (as passed; classes by name), ``class`` (sofic's);
- ``states``, ``alphabet`` (``str`` of sofic's labels; the alphabet in sofic's own ``repr`` order);
- ``edges``: ``[source, target, symbol, float probability, exact]`` as sofic holds them; ``exact`` is
  a string where sofic holds the value exactly, i.e. where the same constructor called with its float
  parameters as sympy numbers keeps sympy values on its edges (``str`` of sofic's sympy object; for
  the tent map, in the symbol ``a`` named by ``exact_symbols``), else ``null``;
- ``initial`` (sofic's ``initial_distribution``), ``start`` (the law the words are computed from:
  sofic's own stationary law, ``_stationary_emission_tensors`` -- the limit reached from ``initial`` on
  reducible chains -- or, for a GHMM, ``stationary_quasidistribution``), ``initial_is_stationary``;
- ``words``: ``{"L": {word: probability}}`` for L = 1 .. ``max_length``, every word whose probability
  exceeds ``tol`` (sofic's own cut; no word of positive probability is below it here); a word is a
  string of base-36 digits, each the index of its symbol in ``alphabet``.  ``max_length`` is 6, or the
  largest L with at most 40,000 words of length L (``max_length_reason``), which keeps the fixture
  under 1 MB;
- ``method``: ``"words_of_length"`` (sofic's own word-probability API, used where its initial law is
  stationary and the work is small) or ``"stationary prefix tree"`` (the same products
  ``start T[w1] .. T[wL] 1`` over a prefix tree, with sofic's own stationary law and symbol matrices;
  used where the API would start from a non-stationary law -- sofic's butterfly_process and its two
  GHMMs -- or would take too long).  Where both are cheap they are compared and agree to 1e-13.

This file is run only in the peer's environment; compmech never imports it.
"""

from __future__ import annotations

import gzip
import importlib.metadata
import inspect
import json
import os
import sys
import time

import numpy as np
import sofic.examples.epsilon_machines as EM
import sofic.examples.processes as P
import sofic.examples.tetris as TT
from sofic.generators.base import HiddenMarkovModel, QuasiStochasticModel
from sofic.generators.epsilon_machine import EpsilonMachine
from sofic.generators.hmm_inference import _stationary_emission_tensors
from sofic.generators.mealy import MealyHMM

MODULES = {"processes": P, "epsilon_machines": EM, "tetris": TT}
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
MAX_LENGTH, MAX_WORDS = 6, 40_000  # words up to the largest L <= 6 with at most MAX_WORDS words of length L
TOL = 1e-15  # sofic's own cut in words_of_length (sofic.generators.words._TOL)
API_BUDGET = 2e9  # |A|**L * L * n**2 flops above which sofic's words_of_length is not used

D, NON, REQ, REQ2, VAR = "default", "nondefault", "required", "required2", "variant"
FLOWER_REV = [[0.5, 0.5], [0.25, 0.75], [0.6, 0.4]]
FLOWER_REV2 = [[0.2, 0.3, 0.5], [0.5, 0.25, 0.25]]

# name -> [(setting, kwargs)].  A constructor absent from here is not exported (see SKIPPED).
SETTINGS: dict[str, list[tuple[str, dict]]] = {
    # sofic.examples.processes
    "ABC": [(D, {}), (NON, {"p": 0.6, "q": 0.2})],
    "AFC": [(REQ, {"n": 3}), (REQ2, {"n": 5})],
    "AFC2": [(REQ, {"n": 3}), (REQ2, {"n": 2})],
    "BandMerging": [(D, {}), (VAR, {"machine_type": EpsilonMachine})],
    "BeadsOnNecklace": [(D, {}), (NON, {"probs": 0.25})],
    "BeforeAfter": [(D, {}), (VAR, {"style": "cayley"})],
    "BiasedCoin": [(REQ, {"bias": 0.25}), (REQ2, {"bias": 0.6})],
    "FairCoin": [(D, {})],
    "IID": [(REQ, {"k": 3}), (REQ2, {"k": 5})],
    "BinaryMarkovChain": [(D, {}), (NON, {"p": 0.2, "q": 0.5})],
    "BMC_eM": [(REQ, {"p": 0.4, "q": 0.3}), (REQ2, {"p": 0.2, "q": 0.5})],
    "BMC_gen": [(REQ, {"p": 0.4, "q": 0.3}), (REQ2, {"p": 0.2, "q": 0.5}), (VAR, {"p": 0.7, "q": 0.6})],
    "BMC_param": [(REQ, {"p": 0.4, "q": 0.3, "a": 0.2, "b": 0.8}), (REQ2, {"p": 0.2, "q": 0.5, "a": 0.1, "b": 0.9})],
    "BMC_lohr": [(REQ, {"p": 0.2}), (REQ2, {"p": 0.1})],
    "Butterfly": [(D, {})],
    "Cantor": [(D, {})],
    "CoupledGMPs": [(D, {}), (NON, {"epsilon": 0.1, "p": 0.25}), (VAR, {"alt": False})],
    "UncoupledGMPs": [(D, {}), (NON, {"p": 0.25})],
    "CyclicBranching": [
        (REQ, {"num_states": 4, "num_branchings": 2}),
        (REQ2, {"num_states": 5, "num_branchings": 1, "num_symbols": 3}),
    ],
    "Ehrenfest": [(D, {}), (NON, {"p": 0.25, "N": 3})],
    "Even": [(D, {}), (NON, {"bias": 0.25})],
    "EvenRedundant": [(D, {}), (NON, {"bias": 0.25})],
    "ThreEven": [(D, {})],
    "Flower": [  # its default draws reverse_dists at random: given here
        (D, {"reverse_dists": np.array(FLOWER_REV)}),
        (
            NON,
            {
                "N": 3,
                "M": 4,
                "forward_dist": [0.25, 0.75],
                "reverse_dists": np.array([[0.2, 0.3, 0.5], [0.5, 0.25, 0.25]]),
            },
        ),
    ],
    "FourStateAlmostIID": [(D, {}), (NON, {"delta": 0.1})],
    "Girvan_fig6b": [(D, {}), (NON, {"alpha": 0.3, "pi": 0.6})],
    "Girvan_fig6c": [(D, {}), (NON, {"alpha": 0.3, "pi": 0.6, "rho": 0.5})],
    "Girvan_fig6d": [(D, {}), (NON, {"alpha": 0.3, "pi": 0.6, "rho": 0.5, "iota": 0.4})],
    "GoldenMean": [(D, {}), (NON, {"bias": 0.25})],
    "RestrictedGM": [(REQ, {"k": 2}), (REQ2, {"k": 3})],
    "StretchedGM": [(REQ, {"k": 2}), (REQ2, {"k": 3})],
    "RNGM": [(REQ, {"R": 3, "N": 2}), (REQ2, {"R": 4, "N": 1, "p": 0.25})],
    "RkGM": [(REQ, {"R": 2, "k": 3}), (REQ2, {"R": 1, "k": 2, "p": 0.25})],
    "GoldenMeanGHMM": [(D, {})],
    "NonunifilarGoldenMean": [(D, {}), (NON, {"bias": 0.5, "free": 0.75})],
    "IrreversibleTwoState": [(D, {}), (NON, {"p": 0.25, "q": 0.6})],
    "Ising": [(D, {}), (NON, {"J": 0.5, "B": 0.1, "T": 2.0})],
    "Lollipop": [(REQ, {"N": 3, "M": 3}), (REQ2, {"N": 4, "M": 2, "p": 0.25, "q": 0.6, "r": 0.2})],
    "LogicMachine": [(REQ, {"logic": "RRX"}), (REQ2, {"logic": "Rn1C", "noise": 0.25, "bias": 0.6})],
    "markov_skeleton": [(REQ, {"R": 2, "k": 2}), (REQ2, {"R": 1, "k": 3})],
    "Misiurewicz": [(D, {})],
    "MisiurewiczSimplified": [(D, {})],
    "MisiurewiczUniform": [(D, {})],
    "Multiple3": [(D, {}), (NON, {"bias": 0.25})],
    "Multiple4": [(D, {}), (NON, {"bias": 0.25})],
    "MultipleN": [(REQ, {"n": 5}), (REQ2, {"n": 2, "bias": 0.25})],
    "Nemo": [(D, {}), (NON, {"p": 0.25, "q": 0.6})],
    "NemoRedundant": [(D, {}), (NON, {"p": 0.25, "q": 0.6})],
    "NoisyPeriod2": [(D, {}), (NON, {"noise": 0.25})],
    "NRPS": [(D, {})],
    "Odd": [(D, {}), (NON, {"bias1": 0.25, "bias2": 0.6})],
    "OddGHMM": [(D, {}), (NON, {"variant": 2})],
    "EvenOdd": [(D, {})],
    "ThreEvenOdd": [(D, {})],
    "Period": [(REQ, {"P": 5}), (REQ2, {"P": 3})],
    "Periodic": [(REQ, {"word": "0011"}), (REQ2, {"word": "010010", "reduce": False})],
    "Period1": [(D, {}), (VAR, {"machine_type": EpsilonMachine})],
    "Period2": [(D, {}), (VAR, {"machine_type": EpsilonMachine})],
    "Period4": [(D, {}), (VAR, {"machine_type": EpsilonMachine})],
    "Period7": [(D, {})],
    "Period8": [(D, {})],
    "Period12": [(D, {})],
    "Period16": [(D, {})],
    "PerturbedCoin": [(D, {}), (NON, {"p": 0.1, "q": 0.3}), (VAR, {"machine_type": "lohr"})],
    "PSB": [(D, {})],
    "RIP": [(D, {}), (NON, {"p": 0.25, "q": 0.6}), (VAR, {"reverse": True})],
    "Rn1C": [(D, {}), (NON, {"noise": 0.25, "bias": 0.6})],
    "Rn1N": [(D, {}), (NON, {"bias": 0.25, "noise": 0.3})],
    "RRX": [(D, {}), (VAR, {"machine_type": MealyHMM})],
    "RRXRO": [(D, {})],
    "SNS": [(D, {})],
    "ThreeHundred": [(D, {}), (NON, {"biases": (0.25, 0.6, 0.3)})],
    # sofic.examples.epsilon_machines
    "bernoulli": [(D, {}), (NON, {"p": 0.25})],
    "fair_coin": [(D, {})],
    "even_process": [(D, {}), (NON, {"p": 0.25})],
    "noisy_random_phase_slip": [(D, {})],
    "golden_mean": [(D, {}), (NON, {"p": 0.25})],
    "golden_mean_forward": [(D, {}), (NON, {"p": 0.25})],
    "golden_mean_reverse": [(D, {}), (NON, {"p": 0.25})],
    "golden_mean_bidirectional": [(D, {}), (NON, {"p": 0.25})],
    "golden_mean_markov": [(D, {}), (NON, {"p": 0.25})],
    "golden_mean_shift_parry": [(D, {})],
    "alternating_biased_coins": [(D, {}), (NON, {"p": 0.25, "q": 0.6})],
    "restricted_golden_mean": [(D, {}), (NON, {"k": 3})],
    "nemo_process": [(D, {}), (NON, {"p": 0.25, "q": 0.6})],
    "phase_slip_backtrack": [(D, {}), (NON, {"p": 0.25, "q": 0.6})],
    "butterfly_process": [(D, {})],
    "ellison_fig9_forward": [(D, {})],
    "ellison_fig9_reverse": [(D, {})],
    "ellison_fig15_bidirectional": [(D, {})],
    "tent_map_misiurewicz_forward": [(D, {}), (NON, {"a": 1.5})],
    "tent_map_misiurewicz_partition_forward": [
        (REQ if k == 0 else f"{VAR}{k if k > 1 else ''}", {"partition": p})
        for k, p in enumerate(EM.TENT_MAP_MISIUREWICZ_PARTITIONS)
    ],
    "tent_map_misiurewicz_hmm": [(D, {}), (NON, {"a": 1.5})],
    "tent_map_misiurewicz_reverse": [(D, {})],
    "tent_map_misiurewicz_bidirectional": [(D, {})],
    "tent_map_misiurewicz_bidirectional_fig8": [(D, {})],
    "wheeler_infinite_order_process": [(D, {}), (NON, {"p": 0.25, "q": 0.6, "r": 0.3})],
    # sofic.examples.tetris
    "tetris_iid": [(D, {})],
    "tetris_nes": [(D, {})],
    "tetris_bag": [(D, {})],
    "tetris_history": [(D, {}), (NON, {"window": 2, "rolls": 3})],
    "tetris_tgm": [(D, {})],
    "tetris_tgm2": [(D, {})],
    "tetris_gameboy": [(D, {})],
}
# Public functions of those modules that are not exported, and why.
SKIPPED = {
    "RandomBiasedCoin": "random",
    "RandomEven": "random",
    "RandomGoldenMean": "random",
    "uniform_mealyhmm": "random (Dirichlet weights on a given topology)",
    "uniform_mealymc": "random",
    "GMtoEven": "transducer",
    "RCT": "transducer",
    "BitFlip": "transducer",
    "FlipEveryOther": "transducer",
    "Delay": "transducer",
    "TwoPerm": "transducer",
    "BinaryChannel": "transducer",
    "SlidingNOR": "transducer",
    "Parity": "transducer",
    "GME": "transducer",
    "BinaryChannelET": "epsilon-transducer",
    "GMtoEvenET": "epsilon-transducer",
    "from_symbol_matrices": "builder from given matrices",
    "tent_map_misiurewicz_a": "a number",
    "tent_map_misiurewicz_fig7_symbol_matrices": "matrices",
    "tent_map_misiurewicz_partition_symbol_matrices": "matrices",
    "tent_map_misiurewicz_partition_cuts": "numbers",
    "tent_map_misiurewicz_information_expected": "numbers",
    "tent_map_misiurewicz_partition_information_expected": "numbers",
}


def constructors() -> dict:
    """Every public function defined in the three catalog modules, by name."""
    out = {}
    for mod_name, mod in MODULES.items():
        for name, fn in inspect.getmembers(mod, inspect.isfunction):
            if not name.startswith("_") and fn.__module__ == mod.__name__:
                out[name] = (mod_name, fn)
    return out


def shown(value):
    """A JSON form of a parameter value (classes by name, arrays as lists)."""
    if isinstance(value, type):
        return value.__name__
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, tuple):
        return list(value)
    return value


TENT_A = "a: the real root of a**3 - 2*a - 2 (sofic's tent_map_misiurewicz_a)"


def exact_twin(fn, kwargs: dict):
    """The same constructor with every float parameter (given or default) as an exact sympy number.

    The tent-map constructors (parameter ``a``, default the Misiurewicz point) get a sympy symbol ``a``:
    with the radical itself sofic's symbolic stationary law takes minutes.  Returns the machine and the
    values of the symbols for the float comparison.
    """
    import sympy

    args, values = {}, {}
    for name, p in inspect.signature(fn).parameters.items():
        v = kwargs.get(name, p.default)
        if isinstance(v, float):
            args[name] = sympy.Rational(repr(v))
        elif isinstance(v, tuple) and all(isinstance(x, float) for x in v):
            args[name] = tuple(sympy.Rational(repr(x)) for x in v)
        elif v is None and name == "a" and fn.__module__ == EM.__name__:
            args[name] = sympy.Symbol("a", positive=True)
            values[args[name]] = EM.tent_map_misiurewicz_a()
        elif name in kwargs:
            args[name] = v
    return fn(**args), values


def edges_of(m, twin, values: dict) -> list:
    quasi = isinstance(m, QuasiStochasticModel)
    key = "quasiprob" if quasi else "prob"
    rows = [(str(t.source), str(t.target), str(t.data["emission"]), float(t.data[key])) for t in m.transitions()]
    exact = [None] * len(rows)
    if twin is not None:
        from sofic.generators.prob import is_symbolic

        tw = list(twin.transitions())
        same = len(tw) == len(rows) and all(
            (str(t.source), str(t.target), str(t.data["emission"])) == r[:3] for t, r in zip(tw, rows)
        )
        vals = [t.data.get(key) for t in tw]
        if same and any(is_symbolic(v) for v in vals):  # sofic kept sympy values: its exact mode
            for i, (v, r) in enumerate(zip(vals, rows)):
                held = is_symbolic(v) or isinstance(v, int) or (isinstance(v, float) and v.is_integer())
                x = float(v.subs(values)) if values and hasattr(v, "subs") else float(v)
                if held and abs(x - r[3]) <= 1e-12:
                    exact[i] = str(int(v) if isinstance(v, float) else v)
    return [[*r, e] for r, e in zip(rows, exact)]


def word_key(word, index) -> str:
    return "".join(DIGITS[index[s]] for s in word)


def tensors(m):
    """sofic's stationary law and symbol matrices (``_stationary_emission_tensors``), as floats."""
    import scipy.sparse as sp

    pi, joint = _stationary_emission_tensors(m)
    symbols = sorted(joint, key=repr)
    mats = [np.asarray(joint[s], dtype=float) for s in symbols]
    if len(pi) > 200:
        mats = [sp.csr_matrix(x) for x in mats]
    return np.asarray(pi, dtype=float), symbols, mats


def step(vec, mat):
    return np.asarray(mat.T @ vec if hasattr(mat, "tocsr") else vec @ mat).ravel()


def count_words(pi, mats, length: int) -> int:
    """How many words of ``length`` have probability above TOL (stops counting past MAX_WORDS)."""
    count = 0

    def walk(vec, depth):
        nonlocal count
        for m in mats:
            nxt = step(vec, m)
            if count <= MAX_WORDS and float(nxt.sum()) > TOL:
                if depth + 1 == length:
                    count += 1
                else:
                    walk(nxt, depth + 1)

    walk(pi, 0)
    return count


def prefix_tree(pi, mats, max_length: int) -> dict:
    """Pr(w) = pi T[w1] .. T[wL] 1 for every word of length <= max_length with |Pr(w)| > TOL, depth first.

    (Signed weights for a GHMM: a prefix is extended while some entry of its vector exceeds TOL.)
    """
    out = {L: {} for L in range(1, max_length + 1)}

    def walk(vec, word):
        for k, m in enumerate(mats):
            nxt = step(vec, m)
            p = float(nxt.sum())
            w = word + DIGITS[k]
            if abs(p) > TOL:
                out[len(w)][w] = p
            if len(w) < max_length and float(np.abs(nxt).max()) > TOL:
                walk(nxt, w)

    walk(pi, "")
    return out


def words_of(m, pi, symbols, mats, max_length: int, stationary_initial: bool):
    """The word distributions, by sofic's API where it applies, else by the prefix tree; and the method."""
    tree = prefix_tree(pi, mats, max_length)
    cost = sum(len(symbols) ** L * L for L in range(1, max_length + 1)) * len(pi) ** 2
    if not stationary_initial or cost > API_BUDGET:
        return tree, "stationary prefix tree"
    index = {s: k for k, s in enumerate(symbols)}
    api = {L: {word_key(w, index): p for w, p in m.words_of_length(L).items()} for L in range(1, max_length + 1)}
    for L in api:
        if api[L].keys() != tree[L].keys():
            raise AssertionError(f"{m.name}: words of length {L} differ between the API and the prefix tree")
        if any(abs(api[L][w] - tree[L][w]) > 1e-13 for w in api[L]):
            raise AssertionError(f"{m.name}: a word probability of length {L} differs by more than 1e-13")
    return api, "words_of_length"


def export(name: str, mod_name: str, fn, setting: str, kwargs: dict) -> dict:
    m = fn(**kwargs)
    quasi = isinstance(m, QuasiStochasticModel)
    if not quasi and not isinstance(m, HiddenMarkovModel):
        raise TypeError(f"{name}: {type(m).__name__} is not an HMM")
    twin, values = None, {}
    if mod_name != "tetris":
        try:
            twin, values = exact_twin(fn, kwargs)
        except Exception:  # a constructor that converts its parameters to floats refuses sympy numbers
            twin = None
    edges = edges_of(m, twin, values)
    states = [str(s) for s in m.states()]
    if len(set(states)) != len(states):
        raise AssertionError(f"{name}: state labels collide as strings")
    if quasi:
        symbols = sorted(m.observation_alphabet, key=repr)
        max_length = max(L for L in range(1, MAX_LENGTH + 1) if len(symbols) ** L <= MAX_WORDS)
    else:
        if [str(s) for s in m.reindex().states] != states:
            raise AssertionError(f"{name}: sofic's state index differs from its state list")
        pi, symbols, mats = tensors(m)
        max_length = next(L for L in range(MAX_LENGTH, 0, -1) if count_words(pi, mats, L) <= MAX_WORDS)
    alphabet = [str(s) for s in symbols]
    if len(set(alphabet)) != len(alphabet):
        raise AssertionError(f"{name}: symbols collide as strings")
    entry = {
        "name": name,
        "module": mod_name,
        "setting": setting,
        "params": {k: shown(v) for k, v in kwargs.items()},
        "class": type(m).__name__,
        "kind": "ghmm" if quasi else "hmm",
        "states": states,
        "alphabet": alphabet,
        "edges": edges,
        "max_length": max_length,
        "max_length_reason": None
        if max_length == MAX_LENGTH
        else f"more than {MAX_WORDS} words of length {max_length + 1}",
        "tol": TOL,
    }
    if values and any(e[4] is not None for e in edges):
        entry["exact_symbols"] = TENT_A
    t0 = time.perf_counter()
    if quasi:
        # sofic's words_of_length starts a GHMM from initial_quasidistribution, which is not stationary
        # for its two GHMMs: the words come from its stationary_quasidistribution instead.
        init = m.initial_quasidistribution
        pi0 = np.array([float(init.get(s, 0.0)) for s in m.reindex().states])
        pi = np.asarray(m.stationary_quasidistribution(), dtype=float)
        quasi_mats = m.transition_matrices()
        mats = [np.asarray(quasi_mats[x], dtype=float) for x in symbols]
        entry["initial"] = pi0.tolist()
        entry["start"] = pi.tolist()
        entry["initial_is_stationary"] = bool(np.allclose(pi0 @ sum(mats), pi0, rtol=0, atol=1e-13))
        words = prefix_tree(pi, mats, max_length)
        entry["method"] = "stationary prefix tree (stationary_quasidistribution, transition_matrices)"
    else:
        init = m.initial_distribution
        pi0 = np.array([float(init.get(s, 0.0)) for s in m.reindex().states]) if init else None
        T = sum(mats)
        entry["initial"] = None if pi0 is None else pi0.tolist()
        entry["start"] = pi.tolist()
        entry["initial_is_stationary"] = pi0 is not None and bool(np.allclose(step(pi0, T), pi0, rtol=0, atol=1e-13))
        entry["unifilar"] = bool(m.is_unifilar())
        same = pi0 is not None and bool(np.allclose(pi0, pi, rtol=0, atol=1e-13))
        words, entry["method"] = words_of(m, pi, symbols, mats, max_length, same)
    entry["words"] = {str(L): w for L, w in words.items()}
    n_words = sum(len(w) for w in words.values())
    print(
        f"{name:40s} {setting:10s} {len(states):5d} states {len(alphabet):2d} symbols L<={max_length} "
        f"{n_words:6d} words {time.perf_counter() - t0:5.1f} s  {entry['method']}",
        file=sys.stderr,
    )
    return entry


def export_all(export_one) -> list:
    """``export_one(name, module, constructor, setting, kwargs)`` for every setting of ``SETTINGS``, in order."""
    found = constructors()
    return [
        export_one(name, *found[name], setting, kwargs) for name, sets in SETTINGS.items() for setting, kwargs in sets
    ]


def main() -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":  # sofic's bidirectional machines order states by set iteration
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    found = constructors()
    unknown = sorted(set(found) - set(SETTINGS) - set(SKIPPED))
    if unknown:
        print(f"unclassified constructors: {unknown}", file=sys.stderr)
        return 1
    entries = export_all(export)
    doc = {
        "sofic_version": importlib.metadata.version("sofic"),
        "numpy_version": np.__version__,
        "generated_by": "benchmarks/_peer_sofic_words.py",
        "word_letters": "base-36 digits: the index of each symbol in the entry's alphabet",
        "skipped": SKIPPED,
        "processes": entries,
    }
    data = json.dumps(doc, separators=(",", ":")).encode()
    with (
        open(sys.argv[1], "wb") as raw,
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", compresslevel=9, mtime=0) as f,
    ):
        f.write(data)  # mtime=0: the same catalog gives the same bytes
    print(f"{len(entries)} entries from {len(SETTINGS)} constructors", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
