"""Finding 3: the residual stream separates beliefs that predict the same next token (RRXOR).

Exact ground truth: RRXOR's 36 beliefs fall into 11 classes of identical
next-token distribution.  Over pairs of inputs, the distance between probe
predictions must follow the distance between exact beliefs more closely than
the distance between next-token distributions (published R^2: 0.95 vs 0.31),
and within each class the predictions of different beliefs must be separated
(between-belief share of variance, permutation test p < 0.01).  Writes
results/finding3_beyond_next_token.json and distance histograms.  Exits 1 when
the finding does not hold.
"""

from __future__ import annotations

import os
import sys

import numpy as np
from _common import OUT, finish, models, write

from compmech import ground_truth
from compmech.nn.figures import distance_histograms
from compmech.nn.geometry import activations, belief_geometry, default_streams
from compmech.nn.probe import LinearProbe
from compmech.processes import rrxor


def main() -> int:
    hmm = rrxor()
    gt = ground_truth(hmm, 10)
    results, data = [], {}
    for label, model in models("rrxor", ["509376000"]):
        rep = belief_geometry(model, hmm, gt=gt, n_perm=500)
        cls, dist, sep = rep.classes, rep.distances, rep.separation
        data[label] = {
            "classes": {k: cls[k] for k in ("n_beliefs", "n_classes", "sizes")},
            "distances": dist,
            "separation": sep,
        }
        good = (
            (cls["n_beliefs"], cls["n_classes"]) == (36, 11)
            and dist["r2_vs_belief_distance"] > dist["r2_vs_next_token_distance"] + 0.3
            and sep["p_value"] < 0.01
        )
        results.append(
            (
                label,
                good,
                f"{cls['n_beliefs']} beliefs / {cls['n_classes']} next-token classes; R2 vs belief "
                f"distance {dist['r2_vs_belief_distance']:.3f}, vs next-token distance "
                f"{dist['r2_vs_next_token_distance']:.3f}; within-class separation eta2 "
                f"{sep['eta2']:.3f} (p = {sep['p_value']:.3g})",
            )
        )
        streams = default_streams(model.cfg.n_layers)
        acts = activations(model, gt.tokens, streams)
        Y = gt.beliefs_float.reshape(-1, hmm.n_states)
        X = np.concatenate([acts[h].reshape(len(Y), -1) for h in streams], axis=1)
        pred = LinearProbe().fit(X, Y).predict(X)
        os.makedirs(OUT, exist_ok=True)
        distance_histograms(
            pred,
            Y,
            gt.next_token_distributions_float.reshape(len(Y), -1),
            os.path.join(OUT, f"finding3_{label.replace(' ', '_').replace('(', '').replace(')', '')}.png"),
            np.random.default_rng(0),
            title=f"RRXOR, {label}",
        )
    print("wrote", write("finding3_beyond_next_token", data))
    return finish(results)


if __name__ == "__main__":
    sys.exit(main())
