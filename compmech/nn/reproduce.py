"""``compmech reproduce mess3|rrxor``: ground truth, CPU training, probes, checks, report.

Each run writes ``runs/<name>/`` with ``report.md``, ``report.json``, PNG
figures, the training metrics and the model, and prints a summary table.
Training resumes from its checkpoint when the run is interrupted.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict

import numpy as np

from .._atomic import atomic_write
from ..errors import InvalidArgumentError, UnknownNameError
from ..ground_truth import ground_truth
from ..processes import mess3, rrxor
from .geometry import belief_geometry
from .model import TransformerConfig, load_transformerlens
from .train import EvalSet, TrainConfig, expected_loss, train

__all__ = ["RECIPES", "reproduce", "published_dir", "published_or_trained"]

# Published architectures; CPU recipes sized to the time budgets of the README (2 cores).
RECIPES = {
    "mess3": {
        "hmm": mess3,
        "model": TransformerConfig(n_layers=4, d_model=64, n_heads=1, d_head=8, d_mlp=256, n_ctx=10, d_vocab=3),
        "train": TrainConfig(
            targets="sampled",
            lr=3e-3,
            batch_size=256,
            n_tokens=13_000_000,
            eval_every=1000,
            checkpoint_every=500,
            threads=2,
        ),
        "probe_checkpoints": ["640000"],
        "published": {
            "expected_loss": {"6400": 0.88234, "64000": 0.82781, "640000": 0.81343},
            "mse_final": {"6400": 0.012738, "64000": 0.011825, "640000": 0.008408},
            "mse_embed": 0.030193,
            "mse_concat": {"6400": 0.005791, "64000": 0.005465, "640000": 0.004044},
            "shuffled_final_640000": 0.111,
        },
    },
    "rrxor": {
        "hmm": rrxor,
        "model": TransformerConfig(n_layers=4, d_model=128, n_heads=4, d_head=16, d_mlp=512, n_ctx=10, d_vocab=2),
        "train": TrainConfig(
            targets="sampled",
            lr=2e-3,
            batch_size=256,
            n_tokens=9_500_000,
            eval_every=1000,
            checkpoint_every=500,
            threads=2,
        ),
        "probe_checkpoints": ["509376000"],
        "published": {
            "expected_loss": {"509376000": 0.57869},
            "mse": {
                "blocks.0.hook_resid_pre": 0.069569,
                "blocks.0.hook_resid_post": 0.041709,
                "blocks.1.hook_resid_post": 0.031789,
                "blocks.2.hook_resid_post": 0.025858,
                "blocks.3.hook_resid_post": 0.024377,
                "ln_final.hook_normalized": 0.029216,
                "concat": 0.003473,
            },
            "shuffled_final": 0.08491,
        },
    },
}


def published_dir(name: str) -> str | None:
    """``../shared/published-models/<name>`` (from the repository root or the working directory), if present."""
    here = os.path.dirname(os.path.abspath(__file__))
    for base in (os.path.join(here, "..", "..", ".."), os.getcwd(), os.path.join(os.getcwd(), "..")):
        d = os.path.normpath(os.path.join(base, "shared", "published-models", name))
        if os.path.isdir(d):
            return d
    return None


# Token budgets of the stand-in models that published_or_trained trains when the checkpoints are absent.
STAND_IN_TOKENS = {"mess3": 1_000_000, "rrxor": 500_000}


def published_checkpoints(folder: str) -> list[str]:
    """The checkpoint names (token counts) in a folder of published checkpoints, in increasing order.

    Only files named ``<digits>.pt`` count (the published naming); anything else
    there (``best.pt``, notes) is ignored.
    """
    return sorted((f[:-3] for f in os.listdir(folder) if f.endswith(".pt") and f[:-3].isdigit()), key=int)


def published_or_trained(
    name: str, checkpoint: str | None = None, cache_dir=None, n_tokens: int | None = None, progress: bool = False
):
    """The seed paper's model of ``name``: its published checkpoint if present, else a stand-in trained here.

    Parameters
    ----------
    name : {"mess3", "rrxor"}
    checkpoint : str, optional
        Published checkpoint (training tokens, e.g. ``"640000"``); default the last one.
    cache_dir : path, optional
        Where a stand-in is trained (and found again next time: a finished run is
        not repeated); default ``$XDG_CACHE_HOME/compmech/stand-ins/<name>-<n_tokens>``
        (``~/.cache`` when unset).
    n_tokens : int, optional
        Training tokens of a stand-in (default :data:`STAND_IN_TOKENS`): the published
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
    if name not in RECIPES:
        raise UnknownNameError(f"no recipe {name!r}; have {sorted(RECIPES)}")
    pub = published_dir(name)
    if pub is not None:
        have = published_checkpoints(pub)
        ck = checkpoint or have[-1]
        if ck not in have:
            raise FileNotFoundError(f"no published checkpoint {ck!r} for {name} in {pub}; have {have}")
        return load_transformerlens(os.path.join(pub, f"{ck}.pt")), f"published checkpoint {ck}"
    recipe = RECIPES[name]
    n = n_tokens or STAND_IN_TOKENS[name]
    if cache_dir is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        cache_dir = os.path.join(base, "compmech", "stand-ins", f"{name}-{n}")
        try:
            os.makedirs(cache_dir, exist_ok=True)
        except OSError:  # no writable cache: train in memory (again next time)
            cache_dir = None
    tc = TrainConfig(**{**asdict(recipe["train"]), "n_tokens": n, "targets": "exact", "progress": progress})
    result = train(recipe["hmm"](), recipe["model"], tc, out_dir=cache_dir)
    return result.model, f"stand-in trained here on CPU ({n:,} tokens, exact targets; published checkpoints absent)"


def _check(ok: bool, text: str, checks: list):
    checks.append({"ok": bool(ok), "check": text})


def reproduce(
    name: str,
    out_root: str = "runs",
    targets: str | None = None,
    n_tokens: int | None = None,
    with_published: bool = True,
    log=print,
) -> dict:
    """Run the reproduction for ``name`` (``"mess3"`` or ``"rrxor"``); return the summary dict."""
    recipe = RECIPES[name]
    hmm = recipe["hmm"]()
    tc = recipe["train"]
    if targets:
        tc = TrainConfig(**{**asdict(tc), "targets": targets})
    if n_tokens is not None:
        if isinstance(n_tokens, bool) or not isinstance(n_tokens, int) or n_tokens < 1:
            raise InvalidArgumentError(f"n_tokens must be a positive whole number, got {n_tokens!r}")
        tc = TrainConfig(**{**asdict(tc), "n_tokens": n_tokens})
    run_name = name if tc.targets == "sampled" else f"{name}_{tc.targets}"
    out = os.path.join(out_root, run_name)
    os.makedirs(out, exist_ok=True)
    t0 = time.perf_counter()
    gt = ground_truth(hmm, recipe["model"].n_ctx)
    ev = EvalSet(gt)
    log(
        f"[1/4] ground truth: {gt.n_words} words of length {gt.context_length}, {len(gt.unique_beliefs)} distinct "
        f"beliefs; optimal mean loss {gt.optimal_loss_nats.mean():.5f} nats"
    )
    log(f"[2/4] training ({tc.targets} targets, {tc.n_tokens / 1e6:.1f} M tokens) -> {out}")
    result = train(hmm, recipe["model"], tc, out_dir=out, eval_set=ev)
    t_train = result.final["seconds"]
    log("[3/4] probing the trained model")
    rep = belief_geometry(result.model, hmm, gt=gt)
    rep.save_json(os.path.join(out, "geometry.json"))
    summary = {
        "process": hmm.name,
        "targets": tc.targets,
        "train": asdict(tc),
        "model": asdict(recipe["model"]),
        "optimum_nats": float(gt.optimal_loss_nats.mean()),
        "final": result.final,
        "train_seconds": t_train,
        "ours": _stream_summary(rep),
        "checks": [],
        "published": {},
    }
    checks = summary["checks"]
    final_stream = f"blocks.{recipe['model'].n_layers - 1}.hook_resid_post"
    pub = published_dir(name) if with_published else None
    pub_reports = {}
    if pub:
        log(f"[3/4] probing the published checkpoints in {pub}")
        for ck in published_checkpoints(pub):
            model = load_transformerlens(os.path.join(pub, ck + ".pt"))
            loss = expected_loss(model, ev)
            entry = {"expected_loss": float(loss.mean()), "relative": float(loss.mean() / gt.optimal_loss_nats.mean())}
            if ck in recipe["probe_checkpoints"]:  # the others: validation/ and the tests
                r = belief_geometry(model, hmm, gt=gt, n_perm=50, quick=True, n_pairs=200_000)
                pub_reports[ck] = r
                entry.update(_stream_summary(r))
            summary["published"][ck] = entry
            log(f"      {ck}: expected loss {entry['expected_loss']:.5f} (relative {entry['relative']:.5f})")
    # the findings
    ours = rep
    fin = ours.stream(final_stream)
    if name == "mess3":
        _check(
            fin.mse <= 0.0003,
            f"our final-layer probe MSE {fin.mse:.6f} <= 0.0003 (published 629M-token model: 0.00039)",
            checks,
        )
        _check(
            fin.mse < fin.mse_shuffled / 20,
            f"final-layer MSE {fin.mse:.6f} far below shuffled control {fin.mse_shuffled:.4f}",
            checks,
        )
        _check(
            fin.mse < ours.stream("blocks.0.hook_resid_pre").mse / 5,
            "final layer beats the embedding-only baseline by 5x",
            checks,
        )
    else:
        conc = ours.stream("concat")
        best_single = min(s.mse for s in ours.streams if s.name != "concat")
        _check(
            conc.mse * 7 <= fin.mse,
            f"concatenation MSE {conc.mse:.5f} at least 7x below the final layer "
            f"{fin.mse:.5f} (ratio {fin.mse / conc.mse:.1f})",
            checks,
        )
        _check(
            conc.mse * 3 <= best_single,
            f"concatenation beats every single stream by >= 3x (best single {best_single:.5f})",
            checks,
        )
        _check(
            rep.classes["n_beliefs"] == 36 and rep.classes["n_classes"] == 11,
            f"{rep.classes['n_beliefs']} beliefs in {rep.classes['n_classes']} next-token classes (36, 11)",
            checks,
        )
        _check(
            rep.distances["r2_vs_belief_distance"] > rep.distances["r2_vs_next_token_distance"],
            f"probe distances follow belief distances (R2 {rep.distances['r2_vs_belief_distance']:.2f}) more than "
            f"next-token distances (R2 {rep.distances['r2_vs_next_token_distance']:.2f})",
            checks,
        )
        _check(
            rep.separation["p_value"] < 0.05,
            f"beliefs with identical next-token predictions are separated "
            f"(eta2 {rep.separation['eta2']:.3f}, permutation p {rep.separation['p_value']:.3g})",
            checks,
        )
    _figures(name, out, result, rep, gt, pub_reports, hmm)
    summary["seconds_total"] = time.perf_counter() - t0
    with atomic_write(os.path.join(out, "report.json")) as f:
        json.dump(summary, f, indent=1, default=float)
    with atomic_write(os.path.join(out, "report.md")) as f:
        f.write(_markdown(name, summary, rep, recipe))
    log(f"[4/4] report: {os.path.join(out, 'report.md')}")
    log(_summary_table(name, summary, recipe))
    return summary


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
        "classes": {k: rep.classes[k] for k in ("n_beliefs", "n_classes", "sizes")},
    }


def _figures(name, out, result, rep, gt, pub_reports, hmm):
    from .figures import distance_histograms, loss_curve, per_layer_bars, truth_vs_probe

    Y = gt.beliefs_float.reshape(-1, hmm.n_states)
    final = f"blocks.{result.model.cfg.n_layers - 1}.hook_resid_post"
    pred = rep.predictions[final]
    truth_vs_probe(
        Y,
        pred,
        os.path.join(out, "beliefs_final_layer.png"),
        title=f"{hmm.name}: exact beliefs vs. linear probe of {final} (our CPU model)",
    )
    pred_c = rep.predictions["concat"]
    truth_vs_probe(
        Y,
        pred_c,
        os.path.join(out, "beliefs_concat.png"),
        title=f"{hmm.name}: exact beliefs vs. linear probe of the 6 concatenated streams",
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
    del pub_reports


def _summary_table(name, s, recipe):
    lines = [
        f"== {s['process']} ({s['targets']} targets): relative loss {s['final']['relative_loss']:.5f} after "
        f"{s['final']['tokens'] / 1e6:.1f} M tokens, {s['train_seconds']:.0f} s of training"
    ]
    lines.append(f"{'stream':<30} {'ours':>10} " + " ".join(f"{'pub ' + ck:>14}" for ck in s["published"]))
    streams = [k for k in s["ours"] if k.startswith(("blocks", "ln_final", "concat"))]
    for st in streams:
        row = f"{st:<30} {s['ours'][st]['mse']:>10.6f} "
        row += " ".join(
            f"{s['published'][ck][st]['mse']:>14.6f}" if st in s["published"][ck] else f"{'-':>14}"
            for ck in s["published"]
        )
        lines.append(row)
    for c in s["checks"]:
        lines.append(f"[{'PASS' if c['ok'] else 'FAIL'}] {c['check']}")
    return "\n".join(lines)


def _markdown(name, s, rep, recipe):
    md = [f"# Reproduction: {s['process']}", ""]
    md.append(
        f"Training: {s['targets']} targets, {s['final']['tokens']:,} tokens, {s['train_seconds']:.0f} s on CPU; "
        f"exact expected loss {s['final']['loss_nats']:.5f} nats vs optimum {s['optimum_nats']:.5f} "
        f"(relative {s['final']['relative_loss']:.5f})."
    )
    md += ["", "## Probe MSE (OLS with intercept, unweighted, in-sample, all words and positions)", ""]
    cks = list(s["published"])
    md.append(
        "| stream | ours | ours held-out | ours weighted | shuffled | "
        + " | ".join(f"published {c}" for c in cks)
        + " |"
    )
    md.append("|---" * (5 + len(cks)) + "|")
    for st in [x.name for x in rep.streams]:
        o = s["ours"][st]
        md.append(
            f"| {st} | {o['mse']:.6f} | {o['mse_heldout']:.6f} | {o['mse_weighted']:.6f} | {o['mse_shuffled']:.4f} | "
            + " | ".join(f"{s['published'][c][st]['mse']:.6f}" if st in s["published"][c] else "-" for c in cks)
            + " |"
        )
    pub = recipe["published"]
    md += ["", "Published numbers (seed paper, same protocol): " + json.dumps(pub), ""]
    md += [
        "## Beyond next-token prediction",
        "",
        f"- {rep.classes['n_beliefs']} distinct beliefs in {rep.classes['n_classes']} classes of identical exact "
        f"next-token distributions (sizes {rep.classes['sizes']}).",
        f"- Pairs of inputs ({rep.distances['n_pairs']:,}): R^2 of probe-prediction distance against belief distance "
        f"{rep.distances['r2_vs_belief_distance']:.3f}, against next-token distance "
        f"{rep.distances['r2_vs_next_token_distance']:.3f} (stream {rep.distances['stream']}).",
        f"- Within next-token classes, share of probe-prediction variance explained by the belief: eta^2 = "
        f"{rep.separation.get('eta2', float('nan')):.3f}, permutation p = {rep.separation.get('p_value', float('nan')):.3g}.",
        "",
        "## Checks",
        "",
    ]
    md += [f"- {'PASS' if c['ok'] else 'FAIL'}: {c['check']}" for c in s["checks"]]
    md += [
        "",
        "## Figures",
        "",
        "![beliefs](beliefs_final_layer.png)",
        "",
        "![concat](beliefs_concat.png)",
        "",
        "![per layer](per_layer_mse.png)",
        "",
        "![distances](distances.png)",
        "",
        "![loss](loss.png)",
        "",
    ]
    return "\n".join(md)
