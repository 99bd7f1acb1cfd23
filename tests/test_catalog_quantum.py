"""The quantum family's signed presentations of classical processes: stationary, exact, the same process."""

from __future__ import annotations

import pytest
import sympy

from compmech import process_rank, same_process
from compmech.errors import InvalidArgumentError
from compmech.processes import get, golden_mean, golden_mean_ghmm, lookup, odd_ghmm
from compmech.processes._common import hmm_from_edges

R = sympy.Rational


def odd_process():
    """The odd process's epsilon-machine (Crutchfield and Feldman 2003), every branching 1/2."""
    h = R(1, 2)
    return hmm_from_edges([("A", "A", 0, h), ("A", "B", 1, h), ("B", "A", 0, h), ("B", "C", 1, h), ("C", "B", 1, 1)])


def test_golden_mean_ghmm_is_stationary_and_the_golden_mean():
    g = golden_mean_ghmm()
    assert any(v < 0 for x in g.alphabet for v in g.matrices[x])  # a genuinely signed presentation
    assert g.eta == (R(4, 3), R(-1, 3))  # eta T = eta, eta tau = 1: not sofic's starting (2/3, 1/3)
    t1 = g.matrices[1] * sympy.Matrix(g.tau)
    assert list(g.matrices[1] * t1) == [0, 0]  # T(1)^2 tau = 0: no two 1s in a row
    assert same_process(g, golden_mean())
    assert lookup("GoldenMeanGHMM")[0].name == "golden_mean_ghmm"


@pytest.mark.parametrize(("variant", "eta"), [(1, (R(6, 5), R(-3, 5), R(2, 5))), (2, (R(6, 5), R(3, 5), R(-4, 5)))])
def test_odd_ghmm_variants_are_the_odd_process(variant, eta):
    g = odd_ghmm(variant)
    assert g.eta == eta and g.tau == (1, 1, 1)
    assert same_process(g, odd_process())
    assert process_rank(g) == 3


def test_odd_ghmm_variant_domain():
    assert get("OddGHMM", variant=2) == odd_ghmm(2) == odd_ghmm("2")
    for bad in (0, 3, True, "1/2"):
        with pytest.raises(InvalidArgumentError, match="variant"):
            odd_ghmm(bad)
