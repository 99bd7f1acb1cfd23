"""Data-parallel training through torch.distributed.run: the same run as one process, up to reduction order.

Tolerance: a worker's gradient is the mean over its half of the global batch, and DDP averages the
two halves; one process averages the whole batch at once.  The sums are the same numbers added in
another order, so they differ by float32 rounding (about 1e-7 relative per step).  Adam divides by
the gradient's running scale, so these differences do not grow quickly: over the 240 steps here the
exact expected loss of the two runs agrees to about 1e-8 relative (measured).  We require 1e-5.
A wrong split (both workers on the same half, or gradients summed instead of averaged) moves the
loss by 1e-3 or more.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from compmech.nn.distributed import DistContext, context_from_env, in_worker  # noqa: E402
from compmech.nn.train import load_run  # noqa: E402

pytestmark = pytest.mark.integration

TOL = 1e-5
ARGS = [
    "n_layers=1",
    "d_model=16",
    "n_heads=2",
    "d_head=4",
    "d_mlp=32",
    "n_ctx=6",
    "batch_size=64",
    "n_tokens=92160",  # 240 steps
    "eval_every=40",
    "checkpoint_every=40",
    "progress=false",
    "threads=1",
    "seed=7",
]


def _compmech(*argv, env=None, timeout=300):
    code = "import sys; from compmech.cli import main; sys.exit(main(sys.argv[1:]))"
    out = subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env or os.environ.copy(),
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return out


def _losses(run_dir, every=40):
    """The exact expected loss at the evaluations every ``every`` steps (an interrupted run adds its own)."""
    return np.array([m["loss_nats"] for m in load_run(run_dir).metrics if m["step"] % every == 0 or m["step"] == 240])


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    d = tmp_path_factory.mktemp("single")
    _compmech("train", "golden_mean", "--out", str(d), *ARGS)
    return d


def test_two_workers_give_the_single_process_run(single, tmp_path):
    out = _compmech("train", "golden_mean", "--out", str(tmp_path), "--nproc", "2", *ARGS)
    assert out.stdout.count("relative") == 1  # one report, by the launcher
    a, b = _losses(single), _losses(tmp_path)
    assert len(a) == len(b) == 7
    np.testing.assert_allclose(b, a, rtol=TOL, atol=0)
    assert a[-1] < a[0] - 0.05  # it did learn
    # the same function (parameters in flat directions, where Adam amplifies rounding, may differ more)
    x = torch.randint(0, 2, (256, 6), generator=torch.Generator().manual_seed(0))
    pa = torch.softmax(load_run(single).model(x), -1)
    pb = torch.softmax(load_run(tmp_path).model(x), -1)
    assert (pa - pb).abs().max().item() < 1e-4


def test_resume_with_another_number_of_workers(single, tmp_path):
    # two workers stop after their first step (wall-clock limit), one process finishes the run
    _compmech("train", "golden_mean", "--out", str(tmp_path), "--nproc", "2", *ARGS, "max_seconds=1e-9")
    assert load_run(tmp_path).metrics[-1]["step"] == 1
    _compmech("train", "golden_mean", "--out", str(tmp_path), *ARGS)
    np.testing.assert_allclose(_losses(tmp_path), _losses(single), rtol=TOL, atol=0)
    # and the other way round: one process starts, two workers finish
    other = tmp_path / "other"
    _compmech("train", "golden_mean", "--out", str(other), *ARGS, "max_seconds=1e-9")
    _compmech("train", "golden_mean", "--out", str(other), "--nproc", "2", *ARGS)
    np.testing.assert_allclose(_losses(other), _losses(single), rtol=TOL, atol=0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_two_nodes_on_localhost(single, tmp_path):
    """Two "nodes" (two launchers of one worker each) meet at a c10d rendezvous, as on two machines."""
    endpoint = f"127.0.0.1:{_free_port()}"
    code = "import sys; from compmech.cli import main; sys.exit(main(sys.argv[1:]))"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, "train", "golden_mean", "--out", str(tmp_path), *ARGS, "--nproc", "1"]
            + ["--nnodes", "2", "--node-rank", str(rank), "--rdzv-endpoint", endpoint],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for rank in (0, 1)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-2000:] for o in outs]
    assert "node 1: its workers finished" in outs[1][0]
    np.testing.assert_allclose(_losses(tmp_path), _losses(single), rtol=TOL, atol=0)


def test_a_batch_that_does_not_split_is_refused(tmp_path):
    code = "import sys; from compmech.cli import main; sys.exit(main(sys.argv[1:]))"
    out = subprocess.run(
        [sys.executable, "-c", code, "train", "golden_mean", "--out", str(tmp_path), "--nproc", "3", *ARGS],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode != 0 and "does not split evenly between 3 workers" in out.stderr + out.stdout


def test_context_outside_a_launcher(monkeypatch):
    for name in ("RANK", "WORLD_SIZE", "TORCHELASTIC_RUN_ID"):
        monkeypatch.delenv(name, raising=False)
    assert not in_worker()
    ctx, device = context_from_env("cpu")
    assert ctx == DistContext() and device == "cpu" and ctx.is_main and not ctx.active
    t = torch.ones(3)
    assert ctx.all_sum(t) is t and ctx.any_rank(True, "cpu") and not ctx.any_rank(False, "cpu")
    ctx.barrier()  # no group: nothing to wait for


def test_geometry_tracking_logs_probes_and_snapshots(tmp_path):
    from compmech.nn.figures import geometry_curves, geometry_strip

    _compmech("train", "mess3", "--out", str(tmp_path), *ARGS, "track_geometry=true")
    records = [json.loads(line) for line in (tmp_path / "metrics.jsonl").read_text().splitlines()]
    assert all("geometry" in r for r in records)
    final = records[-1]["geometry"]
    assert set(final) == {"blocks.0.hook_resid_pre", "blocks.0.hook_resid_post", "ln_final.hook_normalized"}
    for vals in final.values():
        assert 0 <= vals["mse"] < 0.2 and vals["r2"] <= 1 and 0 < vals["cev"] <= 1
    # the probe of the trained block beats the probe of the (untrained) start
    first = records[0]["geometry"]["blocks.0.hook_resid_post"]["mse"]
    assert final["blocks.0.hook_resid_post"]["mse"] < first
    snaps = sorted(os.listdir(tmp_path / "geometry"))
    assert snaps[0] == "predictions_000000000.npz" and "truth.npz" in snaps and len(snaps) == len(records) + 1
    assert len(geometry_curves(records).axes) == 2
    assert len(geometry_strip(tmp_path).axes) == 6  # the exact beliefs and five evaluations


def test_tensorboard_without_the_package_says_so(tmp_path):
    try:
        import tensorboard  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("tensorboard is installed")
    from compmech.errors import InvalidArgumentError
    from compmech.nn import TransformerConfig
    from compmech.nn.train import TrainConfig, train
    from compmech.processes import golden_mean

    mc = TransformerConfig(n_layers=1, d_model=16, n_heads=2, d_head=4, d_mlp=32, n_ctx=6, d_vocab=2)
    tc = TrainConfig(n_tokens=6 * 64 * 2, batch_size=64, progress=False, tensorboard=True)
    with pytest.raises(InvalidArgumentError, match="pip install tensorboard"):
        train(golden_mean(), mc, tc, out_dir=tmp_path)
