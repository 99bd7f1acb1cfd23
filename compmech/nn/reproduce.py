"""``compmech reproduce mess3|rrxor|--recipe FILE``: ground truth, CPU training, probes, checks, report.

Each run writes ``runs/<name>/`` with ``report.md``, ``report.json``, PNG
figures, the training metrics and the model, and prints a summary table.
Training resumes from its checkpoint when the run is interrupted.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict
from typing import TYPE_CHECKING

import numpy as np

from ..errors import CheckpointError, InvalidArgumentError
from ..kernel.atomic import atomic_write
from ..presentations.ground_truth import ground_truth
from .geometry import belief_geometry, heldout_streams, unseen_belief_streams
from .model import load_transformerlens
from .recipe import RECIPES, Recipe, load_recipe, recipe_quantities
from .report import class_size_summary, console_summary, report_blocks, to_html, to_markdown
from .train import EvalSet, TrainConfig, expected_loss, train, train_distributed

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

__all__ = ["RECIPES", "reproduce", "published_dir", "published_or_trained", "load_published", "published_checkpoints"]

PUBLISHED_ENV = "COMPMECH_PUBLISHED"
PUBLISHED_HINT = (
    "the seed paper's checkpoints are the .pt files of examples/models/<process>/ in its authors' public "
    "repository; put them in DIR/<process>/ and pass --published DIR or set COMPMECH_PUBLISHED=DIR"
)


def _as_recipe(name_or_recipe) -> Recipe:
    return name_or_recipe if isinstance(name_or_recipe, Recipe) else RECIPES[name_or_recipe]


def published_dir(name: str | Recipe, published: str | os.PathLike | None = None) -> str | None:
    """The folder of the published checkpoints of recipe ``name``, or None.

    Looked up, in order: ``published`` (``--published DIR``), the environment variable
    ``COMPMECH_PUBLISHED``, then -- a fallback for this repository's own checkout and test suite -- a
    ``shared/published-models`` folder beside or above the working directory or the package.  Each
    candidate ``DIR`` holds one subfolder per process (``DIR/mess3/6400.pt``, ...).
    """
    recipe = _as_recipe(name)
    folder = recipe.published_folder or recipe.name
    if published is not None or os.environ.get(PUBLISHED_ENV):
        base = published if published is not None else os.environ[PUBLISHED_ENV]
        d = os.path.join(os.fspath(base), folder)
        if not os.path.isdir(d):
            raise FileNotFoundError(2, f"no folder {folder}/ of published checkpoints in {base}; {PUBLISHED_HINT}", d)
        return d
    here = os.path.dirname(os.path.abspath(__file__))
    for base in (os.path.join(here, "..", "..", ".."), os.getcwd(), os.path.join(os.getcwd(), "..")):
        d = os.path.normpath(os.path.join(base, "shared", "published-models", folder))
        if os.path.isdir(d):
            return d
    return None


def published_checkpoints(folder: str) -> list[str]:
    """The checkpoint names (token counts) in a folder of published checkpoints, in increasing order.

    Only files named ``<digits>.pt`` count (the published naming); anything else
    there (``best.pt``, notes) is ignored.
    """
    return sorted((f[:-3] for f in os.listdir(folder) if f.endswith(".pt") and f[:-3].isdigit()), key=int)


def load_published(recipe: Any, folder: str, checkpoint: str):
    """Load one published checkpoint, refusing a file whose sha256 differs from the one the recipe records."""
    recipe = _as_recipe(recipe)
    path = os.path.join(folder, f"{checkpoint}.pt")
    want = recipe.sha256.get(checkpoint)
    if want is not None:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        if h.hexdigest() != want:
            raise CheckpointError(
                f"{path}: sha256 {h.hexdigest()[:16]}... is not that of the published checkpoint "
                f"{checkpoint} ({want[:16]}...); {PUBLISHED_HINT}"
            )
    return load_transformerlens(path)


def published_or_trained(
    name: str,
    checkpoint: str | None = None,
    cache_dir: str | os.PathLike | None = None,
    n_tokens: int | None = None,
    progress: bool = False,
):
    """The seed paper's model of ``name``: its published checkpoint if present, else a stand-in trained here.

    Parameters
    ----------
    name : str or Recipe
        A shipped recipe's name (``"mess3"``, ``"rrxor"``) or a :class:`Recipe`.
    checkpoint : str, optional
        Published checkpoint (training tokens, e.g. ``"640000"``); default the last one.
    cache_dir : path, optional
        Where a stand-in is trained (and found again next time: a finished run is
        not repeated); default ``$XDG_CACHE_HOME/compmech/stand-ins/<name>-<n_tokens>``
        (``~/.cache`` when unset).
    n_tokens : int, optional
        Training tokens of a stand-in (default: the recipe's ``stand_in_tokens``): the published
        architecture trained on CPU with exact next-token targets.

    Returns
    -------
    (Transformer, str)
        The model and a label that says which it is.

    Examples
    --------
    >>> import tempfile
    >>> model, label = published_or_trained("rrxor", cache_dir=tempfile.mkdtemp(), n_tokens=25_600)
    >>> model.cfg.n_layers, label.startswith(("published checkpoint", "stand-in trained here"))
    (4, True)
    """
    recipe = _as_recipe(name)
    pub = published_dir(recipe)
    if pub is not None:
        have = published_checkpoints(pub)
        ck = checkpoint or have[-1]
        if ck not in have:
            raise FileNotFoundError(f"no published checkpoint {ck!r} for {recipe.name} in {pub}; have {have}")
        return load_published(recipe, pub, ck), f"published checkpoint {ck}"
    n = n_tokens or recipe.stand_in_tokens
    if cache_dir is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        cache_dir = os.path.join(base, "compmech", "stand-ins", f"{recipe.name}-{n}")
        try:
            os.makedirs(cache_dir, exist_ok=True)
        except OSError:  # no writable cache: train in memory (again next time)
            cache_dir = None
    tc = TrainConfig(**{**asdict(recipe.train), "n_tokens": n, "targets": "exact", "progress": progress})
    result = train(recipe.hmm(), recipe.model, tc, out_dir=cache_dir)
    return result.model, f"stand-in trained here on CPU ({n:,} tokens, exact targets; published checkpoints absent)"


def _train_run(recipe, hmm, tc, out, ev, restart, nproc):
    """Train in this process, or in ``nproc`` data-parallel workers (node 0 reads the run back)."""
    if nproc > 1:
        launched = train_distributed(recipe.process, recipe.model, tc, out, nproc, restart)
        assert launched is not None  # one node: node 0 reads the run back
        return launched
    return train(hmm, recipe.model, tc, out_dir=out, eval_set=ev, restart=restart)


def reproduce(
    name: str,
    out_root: str = "runs",
    targets: str | None = None,
    n_tokens: int | None = None,
    with_published: bool = True,
    log: Callable = print,
    published: str | os.PathLike | None = None,
    restart: bool = False,
    nproc: int = 1,
) -> dict:
    """Run the reproduction of a recipe (a shipped name, a TOML path or a :class:`Recipe`); return the summary.

    The recipe's checks decide PASS or FAIL; ``published`` is the folder of the published checkpoints
    (see :func:`published_dir`); ``restart`` discards a different run found in the output folder;
    ``nproc > 1`` trains in that many data-parallel workers (:func:`compmech.nn.train.train_distributed`).
    """
    recipe = name if isinstance(name, Recipe) else load_recipe(name)
    name = recipe.name
    hmm = recipe.hmm()
    if hasattr(hmm, "marginal_maps"):  # a factored process: the two-hypothesis experiment (factored_run.py)
        from .factored_run import reproduce_factored

        return reproduce_factored(recipe, out_root=out_root, n_tokens=n_tokens, log=log)
    tc = recipe.train
    if targets:
        tc = TrainConfig(**{**asdict(tc), "targets": targets})
    if n_tokens is not None:
        if isinstance(n_tokens, bool) or not isinstance(n_tokens, int) or n_tokens < 1:
            raise InvalidArgumentError(f"n_tokens must be a positive whole number, got {n_tokens!r}")
        tc = TrainConfig(**{**asdict(tc), "n_tokens": n_tokens})
    # a --targets that overrides the recipe's gets a folder of its own
    run_name = name if tc.targets == recipe.train.targets else f"{name}_{tc.targets}"
    out = os.path.join(out_root, run_name)
    os.makedirs(out, exist_ok=True)
    pub = published_dir(recipe, published) if with_published else None
    if with_published and pub is None and recipe.published_folder:
        log(f"note: published checkpoints for {name} not found ({PUBLISHED_HINT})")
    t0 = time.perf_counter()
    target = recipe.probe_presentation()  # the presentation whose beliefs are probed (the process's words)
    gt = ground_truth(target, recipe.model.n_ctx)
    ev = EvalSet(gt)
    log(
        f"[1/4] ground truth: {gt.n_words} words of length {gt.context_length}, {len(gt.unique_beliefs)} distinct "
        f"beliefs; optimal mean loss {gt.optimal_loss_nats.mean():.5f} nats"
    )
    log(f"[2/4] training ({tc.targets} targets, {tc.n_tokens / 1e6:.1f} M tokens) -> {out}")
    result = _train_run(recipe, hmm, tc, out, ev, restart, nproc)
    t_train = result.final["seconds"]
    log("[3/4] probing the trained model")
    rep = belief_geometry(result.model, target, gt=gt)
    rep.save_json(os.path.join(out, "geometry.json"))
    summary = {
        "process": hmm.name,
        "recipe": recipe.path or recipe.name,
        "targets": tc.targets,
        "train": asdict(tc),
        "model": asdict(recipe.model),
        "optimum_nats": float(gt.optimal_loss_nats.mean()),
        "final": result.final,
        "train_seconds": t_train,
        "ours": _stream_summary(rep),
        "checks": [],
        "published": {},
        "published_folder": pub,
    }
    if pub:
        log(f"[3/4] probing the published checkpoints in {pub}")
        summary["published"] = _probe_published(recipe, pub, hmm, gt, ev, log)
    if recipe.heldout:
        summary["heldout"] = heldout_streams(result.model, gt)
    quantities = recipe_quantities(rep, recipe.model.n_layers) | _heldout_quantities(summary.get("heldout", {}))
    if recipe.beliefs == "minimal":
        summary["probe_targets"] = (
            f"{target.name}: {target.n_states} coordinates, Pr(v | past) for v in {[st[3:-1] for st in target.states]}"
        )
    quantities |= _probe_larger(recipe, result.model, gt, summary, log)
    quantities |= _probe_mixture(recipe, result.model, gt, summary, out, log)
    for check in recipe.checks:
        ok, text = check.evaluate(quantities)
        summary["checks"].append({"ok": ok, "check": text})
    _figures(name, out, result, rep, gt, target)
    summary["seconds_total"] = time.perf_counter() - t0
    _write_report(out, summary, rep, recipe, log)
    return summary


def _probe_larger(recipe, model, gt, summary, log) -> dict:
    """Unseen-belief probes of the targets and the same probes of the recipe's larger presentation, if any."""
    larger = recipe.larger_presentation()
    if larger is None:
        return {}
    summary["unseen"] = unseen_belief_streams(model, gt)
    quantities = {f"unseen:{k}": v[0] for k, v in summary["unseen"].items()}
    log(f"[3/4] probing the beliefs of a larger presentation, {larger.name} ({larger.n_states} coordinates)")
    gt_big = ground_truth(larger, recipe.model.n_ctx)
    big = belief_geometry(model, larger, gt=gt_big, quick=True)
    summary["larger"] = {"presentation": larger.name, "n_states": larger.n_states} | _stream_summary(big)
    summary["larger"]["unseen"] = unseen_belief_streams(model, gt_big)
    quantities |= {f"larger_{key}": v for key, v in recipe_quantities(big, recipe.model.n_layers).items() if ":" in key}
    quantities |= {f"larger_unseen:{k}": v[0] for k, v in summary["larger"]["unseen"].items()}
    return quantities


def _probe_mixture(recipe, model, gt, summary, out, log) -> dict:
    """A mixture: probes of the component posterior and the within-component beliefs, by position; its figures."""
    if gt.component_blocks is None:
        return {}
    from .figures import posterior_sharpening, truth_vs_probe
    from .mixture import mixture_geometry, mixture_quantities, mixture_targets

    log("[3/4] probing the component posterior and the within-component beliefs")
    predicted: dict = {}
    result = mixture_geometry(model, gt, predictions=predicted)
    summary["mixture"] = result
    n = recipe.model.n_layers
    final, embed = f"blocks.{n - 1}.hook_resid_post", "blocks.0.hook_resid_pre"
    posterior_sharpening(
        result,
        {"embedding only": embed, "layer 1": "blocks.0.hook_resid_post", "final layer": final},
        os.path.join(out, "posterior_sharpening.png"),
        title=f"{summary['process']}: how the model's component posterior sharpens with context",
    )
    if result["n_components"] == 3:  # the posterior lives in a triangle: draw it like a belief simplex
        truth_vs_probe(
            mixture_targets(gt)["posterior"].reshape(-1, 3),
            predicted[final],
            os.path.join(out, "posterior_simplex.png"),
            title="component posterior: exact (left) and linear probe of the final layer (right)",
        )
    return mixture_quantities(result, n)


def _probe_published(recipe, pub, hmm, gt, ev, log) -> dict:
    """Expected loss of every published checkpoint; the recipe's probe checkpoints are probed too."""
    entries = {}
    for ck in published_checkpoints(pub):
        model = load_published(recipe, pub, ck)
        loss = expected_loss(model, ev)
        entry = {"expected_loss": float(loss.mean()), "relative": float(loss.mean() / gt.optimal_loss_nats.mean())}
        if ck in recipe.probe_checkpoints:  # the others: validation/ and the tests
            entry.update(_stream_summary(belief_geometry(model, hmm, gt=gt, n_perm=50, quick=True, n_pairs=200_000)))
        entries[ck] = entry
        log(f"      {ck}: expected loss {entry['expected_loss']:.5f} (relative {entry['relative']:.5f})")
    return entries


def _heldout_quantities(heldout: dict) -> dict:
    q = {}
    for name, r in heldout.get("streams", {}).items():
        q[f"heldout_ols:{name}"], q[f"heldout_ridge:{name}"] = r["ols"][0], r["ridge"][0]
    return q


def _write_report(out, summary, rep, recipe, log) -> None:
    with atomic_write(os.path.join(out, "report.json")) as f:
        json.dump(summary, f, indent=1, default=float)
    blocks = report_blocks(summary, rep, recipe)
    with atomic_write(os.path.join(out, "report.md")) as f:
        f.write(to_markdown(blocks))
    with atomic_write(os.path.join(out, "report.html")) as f:
        f.write(to_html(blocks, out))
    log(f"[4/4] report: {os.path.join(out, 'report.md')} (and report.html, one self-contained file)")
    log(console_summary(summary, rep, recipe))


def _stream_summary(rep):
    return {
        s.name: {
            "mse": s.mse,
            "r2": s.r2,
            "mse_weighted": s.mse_weighted,
            "mse_heldout": s.mse_heldout,
            "mse_shuffled": s.mse_shuffled,
            "mse_next_token": s.mse_next_token,
        }
        for s in rep.streams
    } | {
        "distances": rep.distances,
        "separation_eta2": rep.separation.get("eta2"),
        "separation_p": rep.separation.get("p_value"),
        "classes": {
            "n_beliefs": rep.classes["n_beliefs"],
            "n_classes": rep.classes["n_classes"],
            "sizes": class_size_summary(rep.classes["sizes"]),
        },
    }


def _figures(name, out, result, rep, gt, hmm):
    from .figures import distance_histograms, loss_curve, per_layer_bars, truth_vs_probe

    Y = gt.beliefs_float.reshape(-1, hmm.n_states)
    final = f"blocks.{result.model.cfg.n_layers - 1}.hook_resid_post"
    pred = rep.predictions[final]
    truth_vs_probe(
        Y,
        pred,
        os.path.join(out, "beliefs_final_layer.png"),
        title=f"{hmm.name}: exact beliefs vs. linear probe of {final} (our CPU model)",
        simplex=hmm.is_classical(),
    )
    pred_c = rep.predictions["concat"]
    truth_vs_probe(
        Y,
        pred_c,
        os.path.join(out, "beliefs_concat.png"),
        title=f"{hmm.name}: exact beliefs vs. linear probe of the 6 concatenated streams",
        simplex=hmm.is_classical(),
    )
    per_layer_bars(rep, os.path.join(out, "per_layer_mse.png"), title=f"{hmm.name}: probe MSE per stream (ours)")
    distance_histograms(
        pred_c,
        Y,
        gt.next_token_distributions_float.reshape(Y.shape[0], -1),
        os.path.join(out, "distances.png"),
        np.random.default_rng(0),
        title=f"{hmm.name}: pairwise distances of probe predictions",
    )
    loss_curve(result.metrics, os.path.join(out, "loss.png"), title=f"{hmm.name}: exact relative loss")
