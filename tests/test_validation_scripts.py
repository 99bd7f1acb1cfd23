"""The validation and benchmark scripts report FAIL where they should (a PASS that cannot fail is no check)."""

import importlib.util
import pathlib

import pytest

pytestmark = pytest.mark.integration  # builds the docs / runs the examples and scripts

pytest.importorskip("torch")

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _load(path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_finish_fails_without_checks(capsys):
    common = _load(ROOT / "validation" / "_common.py")
    assert common.finish([]) == 1 and "no check ran" in capsys.readouterr().out
    assert common.finish([("a", True, "fine")]) == 0
    assert common.finish([("a", True, "fine"), ("b", False, "off")]) == 1
    out = capsys.readouterr().out
    assert "[PASS] a: fine" in out and "[FAIL] b: off" in out


def test_float_reference_of_the_measures_benchmark_is_independent_and_agrees():
    """benchmarks/bench_measures.py's float64 reference, from the raw matrices, against exact values."""
    from compmech.measures import excess_entropy, statistical_complexity, transient_information
    from compmech.processes import golden_mean, rrxor

    bench = _load(ROOT / "benchmarks" / "bench_measures.py")
    values, _, n_mixed = bench.float_reference(rrxor())
    assert n_mixed == 36
    assert abs(values["excess_entropy"] - float(excess_entropy(rrxor()))) < 1e-9
    assert abs(values["transient_information"] - float(transient_information(rrxor()))) < 1e-7
    g, _, _ = bench.float_reference(golden_mean())
    assert (
        abs(g["crypticity"] - 2 / 3) < 1e-9
        and abs(g["statistical_complexity"] - float(statistical_complexity(golden_mean()))) < 1e-12
    )
