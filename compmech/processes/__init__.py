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
from .generators import bmc_generator, bmc_parametrized, lohr_generator
from .golden_mean import golden_mean
from .iid import biased_coin
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
from .nonunifilar import (
    cantor,
    dishonest_casino,
    gilbert_elliott,
    mess3,
    noisy_symmetric_markov,
    nonunifilar_golden_mean,
    sns,
)
from .periodic import period, z1r
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
from .renewal import even
from .tetris import tetris_bag, tetris_gameboy, tetris_history, tetris_iid, tetris_nes, tetris_tgm, tetris_tgm2

__all__ = [
    "mess3",
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
