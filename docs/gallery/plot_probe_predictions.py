"""
Probe predictions against the exact beliefs (Mess3)
===================================================

A linear probe maps the final residual stream of a transformer trained on Mess3 to the 3-simplex
of beliefs. Left: the exact belief after every prefix of every word of length 10 (590,490 points,
88,573 distinct). Right: the probe's predictions for the same inputs, coloured by the exact belief
they should match. The fractal is recovered by a single affine map (finding 1 of the seed paper).
"""

import matplotlib.pyplot as plt

from compmech import ground_truth
from compmech.nn.figures import per_layer_bars, truth_vs_probe
from compmech.nn.geometry import belief_geometry
from compmech.nn.reproduce import published_or_trained
from compmech.processes import mess3

hmm = mess3()
gt = ground_truth(hmm, 10)
# the published checkpoint, or (when absent) a stand-in trained once and cached under ~/.cache/compmech
model, label = published_or_trained("mess3")
report = belief_geometry(model, hmm, gt=gt, concat=None, quick=True, n_pairs=20_000, n_perm=20)
print(label)
print(report.table())

final = "blocks.3.hook_resid_post"
truth = gt.beliefs_float.reshape(-1, 3)
fig = plt.figure(figsize=(10, 4.8))
truth_vs_probe(
    truth,
    report.predictions[final],
    fig=fig,
    title=f"Mess3, {label}: probe of {final}, MSE {report.stream(final).mse:.6f}",
)

# %%
# Per stream: the embedding alone (token and position) cannot locate the belief; after the first
# block the probe error drops by more than an order of magnitude and keeps falling with depth.
# The horizontal marks are the shuffled-target control (same probe, targets permuted).

fig, ax = plt.subplots(figsize=(8, 4))
per_layer_bars(report, ax=ax, title=f"Mess3, {label}: probe MSE per residual stream")

plt.show()
