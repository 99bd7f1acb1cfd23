"""Mutation check of the test suite: apply each known bug, run the tests named to catch it, restore.

Run:  .venv/bin/python tests/mutations.py   (about a minute; prints a Markdown table, exits 1 if a bug slips through)

Each row is a bug that an earlier version of the suite let pass (or one the [tests] issue named).  The file
is restored after each run, also on error.  Not collected by pytest (no test_ prefix).
"""

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]

# (what the bug is, file, text to replace, the bug, the tests that must catch it)
MUTATIONS = [
    (
        "probe drops its intercept in predict",
        "compmech/nn/probe.py",
        "return np.asarray(X, dtype=np.float64) @ self.coef_ + self.intercept_",
        "return np.asarray(X, dtype=np.float64) @ self.coef_",
        ["tests/test_nn.py::test_probe_matches_numpy_and_handles_rank_deficiency"],
    ),
    (
        "block entropies shifted by one (H(L) reported at L+1)",
        "compmech/measures/blocks.py",
        "    out = [to_expr(total)]\n    for h",
        "    out = [to_expr(total), to_expr(total)]\n    for h",
        ["tests/test_measures.py::test_block_entropies_at_60_exact"],
    ),
    (
        "block entropies lose the last term",
        "compmech/measures/blocks.py",
        "        out.append(to_expr(total))\n    return out",
        "        out.append(to_expr(total))\n    return out[:-1] + [out[-2]]",
        ["tests/test_measures.py::test_block_entropies_at_60_exact"],
    ),
    (
        "beliefs_float index shifted by one",
        "compmech/presentations/ground_truth.py",
        "return self.unique_beliefs_float[self.belief_index[:, 1:]]",
        "return self.unique_beliefs_float[self.belief_index[:, :-1]]",
        ["tests/test_fixtures.py::test_ground_truth_against_word_by_word"],
    ),
    (
        "Mess3 T[1] and T[2] swapped",
        "compmech/processes/nonunifilar.py",
        'return HMM([T0, T1, T2], states=("A", "B", "C")',
        'return HMM([T0, T2, T1], states=("A", "B", "C")',
        ["tests/test_fixtures.py::test_mess3_beliefs_tell_states_b_and_c_apart"],
    ),
    (
        "reverse_statistical_complexity computed on the forward machine",
        "compmech/measures/reversal.py",
        "    bwd = _C(epsilon_machine(reverse(hmm), max_states=max_states))",
        "    bwd = _C(epsilon_machine(hmm, max_states=max_states))",
        ["tests/test_measures.py::test_reverse_complexity_by_brute_force"],
    ),
    (
        "GeometryReport.to_dict drops the streams",
        "compmech/nn/geometry.py",
        'return {k: v for k, v in asdict(self).items() if k != "predictions"}',
        'return {k: v for k, v in asdict(self).items() if k not in ("predictions", "streams")} | {"streams": []}',
        ["tests/test_nn.py::test_geometry_report_on_a_tiny_model"],
    ),
    (
        "DOT export swaps symbol and probability",
        "compmech/io/readwrite.py",
        'label="{dot_escape(d["symbol"])} | {dot_escape(d["probability"])}"',
        'label="{dot_escape(d["probability"])} | {dot_escape(d["symbol"])}"',
        ["tests/test_cli_plot.py::test_msp_export"],
    ),
    (
        "simplex projection with two vertices swapped",
        "compmech/plot/figures.py",
        "_TRIANGLE = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, np.sqrt(3) / 2]])",
        "_TRIANGLE = np.array([[1.0, 0.0], [0.0, 0.0], [0.5, np.sqrt(3) / 2]])",
        ["tests/test_cli_plot.py::test_simplex_projection_and_pca"],
    ),
    (
        "demo prints RRXOR's recurrent/transient counts swapped",
        "compmech/cli/demo.py",
        'f"  mixed-state presentation: {rmsp.n_nodes} states ({len(rmsp.transient_states)} transient + "',
        'f"  mixed-state presentation: {rmsp.n_nodes} states ({len(rmsp.recurrent_states)} transient + "',
        ["compmech/cli/demo.py::compmech.cli.demo.ground_truth_report"],
    ),
    (
        "minimization stops after one refinement round",
        "compmech/presentations/machines.py",
        "        if max(new) == max(labels):\n            return new",
        "        if True:\n            return new",
        ["tests/test_properties.py::test_minimize_against_brute_force_futures"],
    ),
    (
        "crypticity takes H[pi] of the given presentation, not of the causal states",
        "compmech/measures/memory.py",
        "    C = entropy_terms(em.kernel.stationary(), em.domain)\n    return to_expr(C - _excess",
        "    C = entropy_terms(hmm.kernel.stationary(), hmm.domain)\n    return to_expr(C - _excess",
        ["tests/test_measures_properties.py::test_measures_do_not_depend_on_the_presentation"],
    ),
    (
        "validation passes with no check",
        "validation/_common.py",
        '        print("[FAIL] no check ran (no model to check?)")\n        return 1',
        "        return 0",
        ["tests/test_validation_scripts.py::test_finish_fails_without_checks"],
    ),
    (
        "checkpoints unpickled (weights_only=False)",
        "compmech/nn/model.py",
        "return torch.load(path, map_location=map_location, weights_only=True)",
        "return torch.load(path, map_location=map_location, weights_only=False)",
        ["tests/test_hostile_input.py::test_checkpoints_are_never_unpickled"],
    ),
    (
        "number reader evaluates what it does not recognise",
        "compmech/kernel/numbers.py",
        '        self.fail(f"the construct {type(node).__name__}")',
        "        return eval(compile(ast.Expression(node), '<entry>', 'eval'))  # noqa: S307",
        ["tests/test_hostile_input.py::test_hmm_file_entries_are_never_evaluated"],
    ),
    (
        "atomic writes replace symbolic links and devices",
        "compmech/kernel/atomic.py",
        'if kind != "regular file":',
        'if kind == "directory":',
        ["tests/test_hostile_input.py::test_devices_links_and_fifos_are_never_replaced"],
    ),
]


def main() -> int:
    rows = []
    for label, path, old, new, tests in MUTATIONS:
        p = ROOT / path
        src = p.read_text()
        assert src.count(old) == 1, (label, src.count(old))
        p.write_text(src.replace(old, new))
        try:
            r = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-x", *tests],
                cwd=ROOT,
                capture_output=True,
                text=True,
                env={**os.environ, "CI": "true"},
            )
        finally:
            p.write_text(src)
        caught = r.returncode not in (0, 5)
        last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr.strip()[-200:]
        rows.append((label, tests, caught, last))
        print(
            f"| {label} | {', '.join(t.split('::')[-1] for t in tests)} | {'caught' if caught else 'MISSED'} | {last} |",
            flush=True,
        )
    print(sum(c for _, _, c, _ in rows), "of", len(rows), "caught")
    return 0 if all(c for _, _, c, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
