"""
Per-layer probe error (RRXOR)
=============================

For RRXOR no single residual stream holds the belief well: the probe error falls only slowly with
depth. Concatenating the six streams (embedding, each block's output, the final LayerNorm) gives a
probe several times better than the best single stream: the belief geometry is distributed across
layers (finding 2 of the seed paper). The 36 exact beliefs live in a 4-simplex, drawn here in the
plane of their first two principal components.
"""

import matplotlib.pyplot as plt

from compmech import ground_truth
from compmech.nn.figures import per_layer_bars, truth_vs_probe
from compmech.nn.geometry import belief_geometry
from compmech.nn.reproduce import published_or_trained
from compmech.processes import rrxor

hmm = rrxor()
gt = ground_truth(hmm, 10)
# the published checkpoint, or (when absent) a stand-in trained once and cached under ~/.cache/compmech
model, label = published_or_trained("rrxor")
report = belief_geometry(model, hmm, gt=gt, quick=True, n_pairs=20_000, n_perm=100)
print(label)
print(report.table())
best = min(report.streams[:-1], key=lambda s: s.mse)
print(
    f"best single stream {best.name}: {best.mse:.6f}; concatenation: {report.stream('concat').mse:.6f} "
    f"({best.mse / report.stream('concat').mse:.1f}x lower)"
)

fig, ax = plt.subplots(figsize=(8, 4))
per_layer_bars(report, ax=ax, title=f"RRXOR, {label}: probe MSE per residual stream")

# %%
# The concatenated probe's predictions against the exact beliefs, in the principal-component plane
# of the exact beliefs.

truth = gt.beliefs_float.reshape(-1, 5)
fig = plt.figure(figsize=(10, 4.8))
truth_vs_probe(truth, report.predictions["concat"], fig=fig, title=f"RRXOR, {label}: probe of the concatenation")

plt.show()
