"""Experiment recipes as TOML data, and where the published checkpoints come from."""

import os
import shutil

import pytest

pytest.importorskip("torch")

from compmech.errors import CheckpointError, CompmechError, InvalidArgumentError, UnknownNameError  # noqa: E402
from compmech.nn.recipe import RECIPES, Check, load_recipe, recipe_from_dict  # noqa: E402
from compmech.nn.reproduce import load_published, published_dir  # noqa: E402


@pytest.mark.integration
def test_shipped_recipes_hold_the_published_setup():
    m, r = RECIPES["mess3"], RECIPES["rrxor"]
    assert sorted(RECIPES) == ["factored", "fanizza", "mess3", "mixture", "rrxor"]
    assert (m.model.n_layers, m.model.d_model, m.model.n_heads, m.model.d_head, m.model.d_mlp) == (4, 64, 1, 8, 256)
    assert (r.model.d_model, r.model.n_heads, r.model.d_head, r.model.d_mlp, r.model.d_vocab) == (128, 4, 16, 512, 2)
    assert m.hmm().name == "mess3(x=1/20, alpha=17/20)" and r.hmm().n_states == 5
    assert m.published["expected_loss"]["640000"] == 0.81343 and r.published["mse"]["concat"] == 0.003473
    assert len(m.sha256) == 6 and len(m.checks) == 3 and len(r.checks) == 7 and r.heldout and not m.heldout


def test_the_frdn_recipe_probes_the_minimal_presentation():
    f = RECIPES["fanizza"]
    assert f.beliefs == "minimal" and f.hmm().n_states == 4
    target = f.probe_presentation()
    assert target.states[0] == "Pr()" and target.tau == (1, 0, 0, 0)  # canonical: Pr(empty word) first
    big = f.larger_presentation()
    assert big.n_states == 8 and big.word_probability([1, 0, 1]) == f.hmm().word_probability([1, 0, 1])
    bad = recipe_from_dict({**_base(), "process": "golden_mean", "larger": "even"})
    with pytest.raises(InvalidArgumentError, match="not a presentation of the process"):
        bad.larger_presentation()
    with pytest.raises(InvalidArgumentError, match="beliefs"):
        recipe_from_dict({**_base(), "beliefs": "smallest"})


@pytest.mark.integration
def test_frdn_reproduction_reports_the_larger_presentation(tmp_path):
    from compmech.nn.reproduce import reproduce

    s = reproduce("fanizza", out_root=str(tmp_path), n_tokens=50_000, log=lambda *a: None)
    assert s["larger"]["n_states"] == 8 and set(s["unseen"]) == {"final", "concat"}
    assert "Pr(v | past)" in s["probe_targets"]
    assert (tmp_path / "fanizza" / "report.md").read_text().count("Minimal or larger geometry?") == 1


def test_the_mixture_recipe_names_three_components():
    mix = RECIPES["mixture"].hmm()
    assert [c.name for c in mix.components] == [
        "mess3(x=1/20, alpha=17/20)",
        "mess3(x=3/20, alpha=3/5)",
        "rrxor(p1=1/2, p2=1/2)",
    ]
    assert mix.alphabet == (0, 1, 2) and RECIPES["mixture"].model.d_vocab == 3


@pytest.mark.integration
def test_a_mixture_reproduction_probes_the_component_posterior(tmp_path):
    """A tiny model on P2 + P3: every mixture quantity is reported, checkable and drawn."""
    from compmech.nn.reproduce import reproduce

    d = {
        **_base(),
        "name": "mix",
        "process": "mixture(1/2*period:word=01; 1/2*period:word=001)",
        "model": {"n_layers": 2, "d_model": 16, "n_ctx": 6, "d_head": 8, "n_heads": 2, "d_mlp": 32},
        "train": {"n_tokens": 60_000, "lr": 1e-2, "batch_size": 64},
        "checks": [{"left": "posterior_mse:final", "op": "<", "right": "posterior_shuffled:final"}],
    }
    s = reproduce(recipe_from_dict(d), out_root=str(tmp_path), log=lambda *a: None)
    mix = s["mixture"]
    assert mix["n_components"] == 2 and mix["targets"] == {"joint": 5, "posterior": 2, "within": 5}
    exact = mix["by_position"]["exact_posterior_entropy_bits"]
    assert exact[0] > exact[1] > exact[2] > exact[3] == 0.0  # identified after 4 tokens (theory_algebra.md)
    assert s["checks"][0]["ok"], s["checks"][0]["check"]
    bp = mix["by_position"]
    for stream, own in bp["mse_fit_per_position"]["posterior"].items():  # the best weighted fit at each position
        assert all(a <= b + 1e-12 for a, b in zip(own, bp["mse"]["posterior"][stream])), stream
    out = tmp_path / "mix"
    assert (out / "posterior_sharpening.png").stat().st_size > 0
    assert "In-context inference of the component" in (out / "report.md").read_text()


def test_checks_compare_named_quantities():
    q = {"mse:final": 0.01, "mse:concat": 0.001, "n_classes": 11}
    ok, text = Check("mse:concat", "<=", "mse:final", 1 / 7, "spread").evaluate(q)
    assert ok and text == "mse:concat = 0.001 <= 0.142857 x mse:final = 0.00142857: spread"
    assert not Check("mse:final", "<", 0.005).evaluate(q)[0]
    assert Check("n_classes", "==", 11).evaluate(q) == (True, "n_classes = 11 == 11")
    with pytest.raises(UnknownNameError, match="no quantity 'mse:embed'"):
        Check("mse:embed", "<", 1).evaluate(q)


def _base():
    return {
        "name": "t",
        "process": "golden_mean",
        "model": {"n_layers": 1, "d_model": 8, "n_ctx": 4, "d_head": 4, "d_mlp": 8},
        "train": {"n_tokens": 1000},
    }


@pytest.mark.parametrize(
    "change, needle",
    [
        (lambda d: d.update(bogus=1), "unknown keys"),
        (lambda d: d.update(process="__import__('os')"), "unknown process"),
        (lambda d: d["model"].update(d_model=-4), "d_model = -4"),
        (lambda d: d["model"].update(d_vocab=5), "d_vocab 5"),
        (lambda d: d["train"].update(lr="fast"), "lr = 'fast'"),
        (lambda d: d.update(checks=[{"left": "eval('1')", "op": "<", "right": 1}]), "known quantity"),
        (lambda d: d.update(checks=[{"left": "mse:final", "op": "~", "right": 1}]), "op '~'"),
        (lambda d: d.update(name="../escape"), "letters, digits"),
        (lambda d: d.update(published={"sha256": {"1": "xyz"}}), "64 hex digits"),
    ],
)
def test_bad_recipes_are_refused(change, needle):
    d = _base()
    change(d)
    with pytest.raises(CompmechError, match=needle):
        recipe_from_dict(d)


def test_a_users_recipe_file(tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text(
        'name = "mine"\nprocess = "even:p=1/3"\n[model]\nn_layers = 1\nd_model = 8\nd_head = 4\nd_mlp = 8\n'
        'n_ctx = 6\n[train]\nn_tokens = 2000\nlr = 0.01\n[[checks]]\nleft = "n_beliefs"\nop = ">="\nright = 3\n'
    )
    r = load_recipe(f)
    assert r.name == "mine" and r.path == str(f) and r.model.d_vocab == 2 and r.train.lr == 0.01
    f.write_text("name = [unclosed")
    with pytest.raises(InvalidArgumentError, match="not valid TOML"):
        load_recipe(f)
    with pytest.raises(UnknownNameError, match="shipped: factored, fanizza, mess3, mixture, rrxor"):
        load_recipe("nope")


@pytest.mark.integration
def test_published_folder_from_option_environment_and_fallback(tmp_path, monkeypatch):
    (tmp_path / "rrxor").mkdir()
    assert published_dir("rrxor", tmp_path) == str(tmp_path / "rrxor")
    monkeypatch.setenv("COMPMECH_PUBLISHED", str(tmp_path))
    assert published_dir("rrxor") == str(tmp_path / "rrxor")
    with pytest.raises(FileNotFoundError, match="--published DIR or set COMPMECH_PUBLISHED"):
        published_dir("mess3")  # named explicitly, so a missing folder is an error, not a silent fallback


@pytest.mark.integration
@pytest.mark.skipif(
    published_dir("rrxor") is None, reason="published checkpoints not found (--published DIR / COMPMECH_PUBLISHED)"
)
def test_published_checkpoints_are_checked_by_sha256(tmp_path):
    src = os.path.join(published_dir("rrxor"), "509376000.pt")
    assert load_published("rrxor", published_dir("rrxor"), "509376000").cfg.d_model == 128
    (tmp_path / "rrxor").mkdir()
    shutil.copy(src, tmp_path / "rrxor" / "509376000.pt")
    shutil.copy(os.path.join(published_dir("rrxor"), "train_config.json"), tmp_path / "rrxor")
    raw = bytearray((tmp_path / "rrxor" / "509376000.pt").read_bytes())
    raw[-100] ^= 1
    (tmp_path / "rrxor" / "509376000.pt").write_bytes(bytes(raw))
    with pytest.raises(CheckpointError, match="is not that of the published checkpoint"):
        load_published("rrxor", str(tmp_path / "rrxor"), "509376000")
