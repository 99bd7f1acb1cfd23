"""The intra-op threads of a training run: chosen to leave a core free, recorded, overridable."""

import json

import pytest

torch = pytest.importorskip("torch")

import compmech.nn.threads as T  # noqa: E402
from compmech.nn import TransformerConfig  # noqa: E402
from compmech.nn.distributed import DistContext  # noqa: E402
from compmech.nn.reproduce import RECIPES  # noqa: E402
from compmech.nn.train import TrainConfig, train  # noqa: E402
from compmech.processes import golden_mean  # noqa: E402

TINY = TransformerConfig(n_layers=1, d_model=8, n_heads=1, d_head=4, d_mlp=16, n_ctx=4, d_vocab=2)
LARGE = TransformerConfig(n_layers=4, d_model=512, n_heads=8, d_head=64, d_mlp=2048, n_ctx=10, d_vocab=3)


@pytest.mark.parametrize("cores, small, large", [(1, 1, 1), (2, 1, 1), (3, 2, 2), (4, 2, 3), (16, 2, 8), (64, 2, 8)])
def test_automatic_choice_leaves_a_core(monkeypatch, cores, small, large):
    monkeypatch.setattr(T, "available_cores", lambda: cores)
    assert T.choose_threads(0, TINY, "cpu")[0] == small
    assert T.choose_threads(0, LARGE, "cpu")[0] == large
    for name in ("mess3", "rrxor", "fanizza", "mixture"):  # the published sizes are small models
        assert RECIPES[name].model.n_params() <= T.SMALL_MODEL_PARAMS
        assert RECIPES[name].train.threads == 0  # the shipped recipes let the run choose


def test_workers_count_their_share_and_options_win(monkeypatch):
    monkeypatch.setattr(T, "available_cores", lambda: 16)
    two = DistContext(rank=0, world_size=2, local_rank=0, local_world_size=2)
    eight = DistContext(rank=0, world_size=8, local_rank=0, local_world_size=8)
    assert T.choose_threads(0, LARGE, "cpu", two)[0] == 7  # 8 cores each, one left
    assert T.choose_threads(0, LARGE, "cpu", eight)[0] == 1
    n, why = T.choose_threads(5, LARGE, "cpu")
    assert n == 5 and "threads = 5" in why
    assert T.choose_threads(0, LARGE, "cuda:0")[0] == 0  # torch's default where the GPU computes


def test_the_run_records_its_threads(tmp_path):
    before = torch.get_num_threads()
    try:
        for asked in (0, 1):
            out = tmp_path / f"run{asked}"
            tc = TrainConfig(
                n_tokens=4 * 8 * 3, batch_size=8, eval_every=2, checkpoint_every=2, threads=asked, progress=False
            )
            train(golden_mean(), TINY, tc, out_dir=out)
            rec = json.loads((out / "config.json").read_text())["threads"]
            expected = T.choose_threads(asked, TINY, "cpu")[0]
            assert rec["asked"] == asked and rec["used"] == expected == torch.get_num_threads()
            assert rec["why"].startswith("automatic" if asked == 0 else "set by")
    finally:
        torch.set_num_threads(before)
