"""Hostile input, round 2 ([trust2], issue 29): specifications, GHMM files, dense rationals, inference, samples.

One test (or one parametrized case) per finding of the audit, reproduced first and then fixed: every
case ends in one clear line from :mod:`compmech.errors` (a non-zero exit on the command line) or in
the right answer, in seconds and bounded memory.  Command-line cases run the real ``compmech``
process (helpers shared with ``test_hostile_input.py``).
"""

import functools
import time

import pytest
from test_hostile_input import assert_one_line_error, cli

import compmech.processes as P
from compmech.errors import BudgetExceededError, CompmechError, InvalidArgumentError, excerpt
from compmech.spec import MAX_PARTS, parse_spec


def _refused_quickly(fn, error, needle=None, seconds=2.0):
    """``fn()`` raises ``error`` (message containing ``needle``) within ``seconds``; returns the message."""
    t0 = time.perf_counter()
    with pytest.raises(error, match=needle) as info:
        fn()
    assert time.perf_counter() - t0 < seconds, f"refused after {time.perf_counter() - t0:.1f} s"
    return str(info.value)


# ------------------------------------------------------------------ 1. budgets of specifications, from the text
@pytest.mark.parametrize(
    "spec",
    [
        "mixture(" + "; ".join(["1/40000*biased_coin"] * 40_000) + ")",  # 10.6 s before the fix
        "mixture(" + "; ".join(["1/400000*biased_coin"] * 400_000) + ")",  # past 30 s
        "product(" + "; ".join(["biased_coin"] * 800_000) + ")",  # past 30 s
    ],
)
def test_specifications_with_too_many_parts_are_refused_from_the_text(spec):
    msg = _refused_quickly(lambda: parse_spec(spec), BudgetExceededError, "MAX_PARTS|MAX_SPEC_CHARS", 1.0)
    assert len(msg) < 400


def test_combination_sizes_are_counted_before_anything_is_built(monkeypatch):
    built = []
    fn, defaults = P.CATALOG["biased_coin"]

    @functools.wraps(fn)
    def counting(**kw):
        built.append(kw)
        return fn(**kw)

    monkeypatch.setitem(P.CATALOG, "biased_coin", (counting, defaults))
    n = MAX_PARTS - 1
    spec = "mixture(" + "; ".join([f"1/{n}*biased_coin:p=1/3"] * n) + ")"  # 999 states, 2 symbols
    msg = _refused_quickly(lambda: parse_spec(spec), BudgetExceededError, "999 states and 2 symbols", 1.0)
    assert built in ([], [{}]) and "MAX_ENTRIES" in msg  # at most the default, once, for its size
    deep = "product(" + "; ".join(["golden_mean"] * 30) + ")"  # 2^30 states: counted exactly, not built
    _refused_quickly(lambda: parse_spec(deep), BudgetExceededError, "1,073,741,824 states", 1.0)


# --------------------------------------------------------------- 2. error messages quote a short excerpt
@pytest.mark.parametrize(
    "template",
    [
        "{big}",
        "mixture({big})",
        "mixture(1/2*{big}; 1/2*mess3)",
        "product(mess3; {big})",
        "mess3:x={big}",
        "mess3:{big}",
        "channel(mess3; bsc={big})",
        "mixture({big}*mess3)",
        "./{big}.json",
        "mixture(" + "(" * 1000 + "{big})",
    ],
)
def test_error_messages_quote_at_most_a_short_excerpt(template):
    spec = template.format(big="x" * 10_000_000)  # 10 MB from the library
    msg = _refused_quickly(lambda: parse_spec(spec), CompmechError)
    assert len(msg) < 400, msg[:500]
    assert "characters" in msg  # the position (or the size) of the part at fault


def test_excerpt_names_the_position_of_a_part():
    assert excerpt("mixture(1/2*nope; 1/2*mess3)", 12, 16) == "'nope' (characters 13-16 of 28)"
    assert len(excerpt("y" * 10**7)) < 120 and len(excerpt(list(range(10**6)))) < 160


@pytest.mark.integration
def test_command_line_errors_are_one_short_line():
    big = "x" * 120_000  # 120 KB on the command line
    for args in (
        ["msp", f"mixture(1/2*{big}; 1/2*mess3)"],
        ["sample", "mess3", "-n", big, "--length", "3", "--out", "s.npz"],
    ):
        result = cli(*args)
        assert_one_line_error(result)
        assert len(result[2]) < 600, result[2][:700]
    assert_one_line_error(cli("msp", "mixture(1/2*nope; 1/2*mess3)"), "'nope' (characters 13-16 of 28)")


def test_unknown_process_messages_still_list_the_catalog():
    msg = _refused_quickly(lambda: parse_spec("nope"), InvalidArgumentError)
    assert msg.startswith("unknown process 'nope'; known: mess3")
