"""Finding 1: the Mess3 fractal of beliefs is linearly represented in the final residual stream.

For each model (published checkpoints and our CPU-trained ones): probe
``blocks.3.hook_resid_post`` for the exact beliefs over all 59,049 words and
10 positions (published protocol).  The finding holds when the probe MSE is
far below both controls: 10x below the shuffled-target control and 3x below
the embedding-only probe.  Writes results/finding1_mess3_fractal.json and a
figure per model (exact beliefs next to probe predictions in the simplex).
Exits 1 when the finding does not hold for some model.
"""

from __future__ import annotations

import os
import sys

from _common import OUT, finish, models, write

from compmech import ground_truth
from compmech.nn.figures import truth_vs_probe
from compmech.nn.geometry import activations, belief_geometry
from compmech.nn.probe import LinearProbe
from compmech.processes import mess3


def main() -> int:
    hmm = mess3()
    gt = ground_truth(hmm, 10)
    Y = gt.beliefs_float.reshape(-1, 3)
    results, data = [], {}
    for label, model in models("mess3", ["640000", "629209600"]):
        rep = belief_geometry(
            model,
            hmm,
            gt=gt,
            quick=True,
            n_perm=10,
            n_pairs=100_000,
            hooks=["blocks.0.hook_resid_pre", "blocks.3.hook_resid_post"],
            concat=None,
        )
        fin, emb = rep.stream("blocks.3.hook_resid_post"), rep.stream("blocks.0.hook_resid_pre")
        data[label] = {
            "final_mse": fin.mse,
            "final_r2": fin.r2,
            "shuffled_mse": fin.mse_shuffled,
            "embedding_mse": emb.mse,
        }
        good = fin.mse * 10 <= fin.mse_shuffled and fin.mse * 3 <= emb.mse
        results.append(
            (
                label,
                good,
                f"final-layer MSE {fin.mse:.6f} (R2 {fin.r2:.4f}); shuffled {fin.mse_shuffled:.4f}; "
                f"embedding only {emb.mse:.6f}",
            )
        )
        X = activations(model, gt.tokens, ["blocks.3.hook_resid_post"])["blocks.3.hook_resid_post"].reshape(len(Y), -1)
        pred = LinearProbe().fit(X, Y).predict(X)
        os.makedirs(OUT, exist_ok=True)
        fig = os.path.join(OUT, f"finding1_{label.replace(' ', '_').replace('(', '').replace(')', '')}.png")
        truth_vs_probe(Y, pred, fig, title=f"Mess3, {label}: exact beliefs vs. probe of blocks.3.hook_resid_post")
        data[label]["figure"] = fig
    print("wrote", write("finding1_mess3_fractal", data))
    return finish(results)


if __name__ == "__main__":
    sys.exit(main())
