"""The reproduction report reads cleanly: no dumped lists, no bare nan, published beside ours, one HTML file."""

import math

import pytest

pytest.importorskip("torch")

from compmech.nn.geometry import GeometryReport, StreamResult  # noqa: E402
from compmech.nn.recipe import RECIPES  # noqa: E402
from compmech.nn.report import class_size_summary, console_summary, report_blocks, to_html, to_markdown  # noqa: E402


def _fake(n_beliefs, sizes, separation):
    names = ["blocks.0.hook_resid_pre"] + [f"blocks.{i}.hook_resid_post" for i in range(4)]
    names += ["ln_final.hook_normalized", "concat"]
    streams = [StreamResult(n, 64, 0.01 / (i + 1), 0.9, 0.01, 0.9, 0.012, 0.11, 0.001, 64) for i, n in enumerate(names)]
    rep = GeometryReport(
        "mess3",
        59049,
        10,
        streams=streams,
        classes={"n_beliefs": n_beliefs, "n_classes": len(sizes), "sizes": sizes},
        distances={"stream": "concat", "n_pairs": 1000, "r2_vs_belief_distance": 0.9, "r2_vs_next_token_distance": 0.9},
        separation=separation,
    )
    summary = {
        "process": "mess3(x=1/20, alpha=17/20)",
        "recipe": "mess3",
        "targets": "sampled",
        "final": {"tokens": 1000, "loss_nats": 0.81, "relative_loss": 1.01},
        "train_seconds": 3.0,
        "optimum_nats": 0.80251,
        "checks": [{"ok": True, "check": "x"}],
        "published_folder": "/pub/mess3",
        "ours": {s.name: {"mse": s.mse, "mse_heldout": s.mse_heldout, "mse_shuffled": s.mse_shuffled} for s in streams},
        "published": {
            "640000": {"expected_loss": 0.81343, "relative": 1.01361, "blocks.3.hook_resid_post": {"mse": 0.008408}},
            "6400": {"expected_loss": 0.88234, "relative": 1.09947},
        },
    }
    return summary, rep


def test_mess3_report_summarizes_and_explains(tmp_path):
    summary, rep = _fake(88573, [1] * 88573, {"classes": [], "eta2": math.nan, "p_value": math.nan})
    blocks = report_blocks(summary, rep, RECIPES["mess3"])
    md = to_markdown(blocks)
    assert max(len(line) for line in md.splitlines()) < 600  # no 265 KB line of class sizes
    assert "88,573 classes: all of size 1" in md and "nan" not in md.lower().replace("n/a", "")
    assert "the test does not apply" in md and "determines the belief" in md
    # published beside ours: the probed checkpoint and the paper's number, and the expected losses
    assert "| blocks.3.hook_resid_post |" in md and "0.008408 | 0.008408 |" in md
    assert "| 640,000 | 0.81343 | 1.01361 | 0.81343 |" in md and "| 6,400 | 0.88234 | 1.09947 | 0.88234 |" in md
    table = [line for line in md.splitlines() if line.startswith("| stream")]
    rows = [line for line in md.splitlines() if line.startswith("| blocks.") or line.startswith("| concat")]
    assert len(table) == 1 and all(r.count("|") == table[0].count("|") for r in rows)  # no extra empty column
    (tmp_path / "loss.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    page = to_html(blocks, str(tmp_path))
    assert page.startswith("<!DOCTYPE html>") and "data:image/png;base64," in page and 'src="loss.png"' not in page
    console = console_summary(summary, rep, RECIPES["mess3"])
    assert "published checkpoints: /pub/mess3" in console and "paper" in console


def test_class_sizes_are_a_histogram():
    assert class_size_summary([10, 4, 4, 4, 4, 2, 2, 2, 2, 1, 1]) == (
        "11 classes: 1 of size 10, 4 of size 4, 4 of size 2, 2 of size 1"
    )
    long = class_size_summary(list(range(1, 30)))
    assert long.endswith("... 19 more sizes")


def test_rrxor_separation_is_reported_with_its_p_value():
    summary, rep = _fake(
        36,
        [10, 4, 4, 4, 4, 2, 2, 2, 2, 1, 1],
        {"classes": [{"class": 0}], "eta2": 0.75, "p_value": 0.004975, "n_permutations": 200},
    )
    md = to_markdown(report_blocks(summary, rep, RECIPES["rrxor"]))
    assert "eta^2 = 0.750, permutation p = 0.0050 (200 permutations)" in md
