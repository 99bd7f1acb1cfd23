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


def test_inference_benchmark_fits_the_rates_it_claims():
    """benchmarks/bench_inference.py: the least-squares slope of log error against log N, and which sizes count."""
    bench = _load(ROOT / "benchmarks" / "bench_inference.py")
    N = [1_000, 10_000, 100_000, 1_000_000]
    slope, se, n = bench.fit_slope(N, [3 * x**-0.5 for x in N])
    assert abs(slope + 0.5) < 1e-12 and se < 1e-12 and n == 4
    slope, se, _ = bench.fit_slope(N, [2 * x**-1.0 * f for x, f in zip(N, (1.3, 0.8, 1.1, 0.9))])
    assert abs(slope + 1) < 2 * se and 0 < se < 0.1
    assert bench.fit_slope(N[:2], [1e-2, 1e-3])[0] is None

    def row(N, iso, dh):
        return {
            "process": "p",
            "set": "held-out",
            "method": "cssr",
            "N": N,
            "isomorphic": iso,
            "dh_mean": dh,
            "dC_mean": 0.0,
        }

    # a size where some seed missed the topology, and an exactly-zero error, are left out of the fit
    rows = [row(1_000, 0.6, 5e-1), row(10_000, 1.0, 1e-2), row(100_000, 1.0, 1e-3), row(1_000_000, 1.0, 1e-4)]
    (fit,) = bench.fit_rates(rows)
    assert fit["dh"]["points"] == 3 and abs(fit["dh"]["slope"] + 1) < 1e-12
    assert fit["dC"]["exact_zero"] and fit["dC"]["slope"] is None
