"""The process catalog: exact presentations of the standard example processes.

Every parameter defaults to an exact rational and may be any exact value
(``Fraction``, ``sympy.Rational``, a string such as ``"1/3"``) or a
``sympy.Symbol`` for parametric models.  Floats are refused, as everywhere in
the exact core.
"""

from __future__ import annotations

from collections.abc import Callable

from ..models.ghmm import GHMM
from ._registry import Alias, Entry, catalog, get, lookup
from .chaos import (
    MISIUREWICZ_SLOPE,
    misiurewicz,
    tent_map,
    tent_map_band_merging,
    tent_map_misiurewicz,
    tent_map_misiurewicz_markov,
    tent_map_misiurewicz_partition,
)
from .cryptic import (
    beads_on_necklace,
    before_after,
    butterfly,
    flower,
    four_state_almost_iid,
    lollipop,
    nemo,
    nrps,
    psb,
    rip,
    three_hundred,
    wheeler_infinite_order,
)
from .factored import factored_mess3, factored_mess3_fully
from .generators import bmc_generator, bmc_parametrized, lohr_generator
from .golden_mean import (
    coupled_golden_means,
    golden_mean,
    golden_mean_parry,
    restricted_golden_mean,
    rk_golden_mean,
    run_length_limited,
    uncoupled_golden_means,
)
from .iid import biased_coin, biased_die, uniform_iid
from .irreversible import (
    butterfly_reversed,
    golden_mean_bidirectional,
    irreversible_two_state,
    irreversible_two_state_bidirectional,
    irreversible_two_state_reversed,
    rip_bidirectional,
    rip_reversed,
    tent_map_misiurewicz_bidirectional,
    tent_map_misiurewicz_reversed,
)
from .logic import logic_machine, rn1c, rn1n, rrxor, rrxro
from .markov import binary_markov_chain, ehrenfest, ising, ising_nnn, markov_chain, observed_markov_chain, potts
from .nonunifilar import (
    cantor,
    dishonest_casino,
    gilbert_elliott,
    mess3,
    noisy_symmetric_markov,
    nonunifilar_golden_mean,
    sns,
)
from .periodic import alternating_biased_coins, noisy_period2, period, wildcard_period, z1r
from .quantum import (
    certified_value,
    fanizza,
    fanizza_register,
    golden_mean_ghmm,
    odd_ghmm,
    post_quantum,
    post_quantum_point,
    tom_quantum,
    with_hidden_register,
)
from .random_hmms import random_hmm
from .renewal import almost_fair_coin, almost_fair_coin2, even, even_odd, multiples, odd, three_even, three_even_odd
from .renewal_families import (
    eventually_delta_poisson,
    eventually_poisson,
    phase_type_renewal,
    renewal_process,
    uniform_renewal,
)
from .tetris import tetris_bag, tetris_gameboy, tetris_history, tetris_iid, tetris_nes, tetris_tgm, tetris_tgm2

__all__ = [
    "mess3",
    "factored_mess3",
    "factored_mess3_fully",
    "rrxor",
    "rrxro",
    "rn1c",
    "rn1n",
    "logic_machine",
    "z1r",
    "golden_mean",
    "even",
    "sns",
    "cantor",
    "nonunifilar_golden_mean",
    "noisy_symmetric_markov",
    "gilbert_elliott",
    "dishonest_casino",
    "bmc_generator",
    "bmc_parametrized",
    "lohr_generator",
    "biased_coin",
    "period",
    "random_hmm",
    "uniform_iid",
    "biased_die",
    "noisy_period2",
    "alternating_biased_coins",
    "wildcard_period",
    "golden_mean_parry",
    "restricted_golden_mean",
    "rk_golden_mean",
    "coupled_golden_means",
    "uncoupled_golden_means",
    "run_length_limited",
    "odd",
    "multiples",
    "almost_fair_coin",
    "almost_fair_coin2",
    "three_even",
    "even_odd",
    "three_even_odd",
    "renewal_process",
    "uniform_renewal",
    "eventually_poisson",
    "eventually_delta_poisson",
    "phase_type_renewal",
    "binary_markov_chain",
    "markov_chain",
    "observed_markov_chain",
    "ising",
    "ising_nnn",
    "potts",
    "ehrenfest",
    "tom_quantum",
    "fanizza",
    "post_quantum",
    "post_quantum_point",
    "certified_value",
    "with_hidden_register",
    "fanizza_register",
    "butterfly",
    "nemo",
    "rip",
    "nrps",
    "psb",
    "three_hundred",
    "flower",
    "beads_on_necklace",
    "before_after",
    "four_state_almost_iid",
    "lollipop",
    "wheeler_infinite_order",
    "irreversible_two_state",
    "irreversible_two_state_reversed",
    "irreversible_two_state_bidirectional",
    "golden_mean_bidirectional",
    "rip_reversed",
    "rip_bidirectional",
    "butterfly_reversed",
    "tent_map_misiurewicz_reversed",
    "tent_map_misiurewicz_bidirectional",
    "MISIUREWICZ_SLOPE",
    "tent_map",
    "tent_map_band_merging",
    "tent_map_misiurewicz",
    "tent_map_misiurewicz_markov",
    "tent_map_misiurewicz_partition",
    "misiurewicz",
    "golden_mean_ghmm",
    "odd_ghmm",
    "tetris_iid",
    "tetris_nes",
    "tetris_bag",
    "tetris_gameboy",
    "tetris_history",
    "tetris_tgm",
    "tetris_tgm2",
    "CATALOG",
    "catalog",
    "get",
    "lookup",
    "Entry",
    "Alias",
]

#: name -> (constructor, default parameters), for every catalog entry (see :func:`catalog` for the rest).
CATALOG: dict[str, tuple[Callable[..., GHMM], dict[str, str]]] = {
    e.name: (e.constructor, dict(e.defaults)) for e in catalog()
}
