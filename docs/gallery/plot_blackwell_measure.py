"""
The Blackwell measure of Mess3
==============================

Left: 2 million points of the Blackwell measure of Mess3(1/20, 17/20), the stationary
distribution of the observer's belief, sampled by the chaos game and drawn as a density on a log
colour scale. Right: the exact belief set to depth 10 (88,573 rational points). The set looks
two-dimensional, but the measure piles up on a much thinner part of it. Its information dimension,
the statistical complexity dimension ``d_mu``, is at most about 0.52: that is the Lyapunov dimension,
an upper bound on ``d_mu`` because Mess3's belief maps overlap (see the theory page).
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm

from compmech.measures import blackwell_measure
from compmech.plot import project_beliefs, simplex
from compmech.processes import mess3

pts = blackwell_measure(mess3(), 2_000_000, seed=0)
xy = project_beliefs(pts)  # the same triangle coordinates as compmech.plot.simplex

fig, axes = plt.subplots(1, 2, figsize=(11, 5))
h = axes[0].hist2d(xy[:, 0], xy[:, 1], bins=400, norm=LogNorm(), cmap="magma_r")
axes[0].plot([0, 1, 0.5, 0], [0, 0, 3**0.5 / 2, 0], color="0.7", lw=0.8)
fig.colorbar(h[3], ax=axes[0], label="points per bin (log scale)")
axes[0].set_aspect("equal")
axes[0].set_axis_off()
axes[0].set_title("Blackwell measure (2,000,000 points)")
simplex(mess3(), depth=10, ax=axes[1], s=0.1, title="exact beliefs to depth 10")

# %%
# Estimates converge; certified bounds do not move
# ------------------------------------------------
# Left: the Blackwell estimate of ``h_mu`` with its standard error, against the certified interval
# (width 8e-7, a line at this scale). Right: the Lyapunov dimension, an upper bound on ``d_mu``. Both
# use more belief updates from left to right.

from compmech.measures import entropy_rate, entropy_rate_estimate, statistical_complexity_dimension  # noqa: E402

steps = [10_000, 40_000, 160_000, 640_000]
h_est = [entropy_rate_estimate(mess3(), n_steps=n, seed=1) for n in steps]
d_est = [statistical_complexity_dimension(mess3(), n_steps=n, seed=1) for n in steps]
iv = entropy_rate(mess3())
fig, axes = plt.subplots(1, 2, figsize=(11, 4))
axes[0].errorbar(steps, [e.value for e in h_est], yerr=[e.stderr for e in h_est], fmt="o-", label="Blackwell integral")
axes[0].axhspan(float(iv.lower), float(iv.upper), color="C2", label="certified interval")
axes[0].axhline(float(iv.midpoint), color="C2", lw=1)
axes[0].set(xscale="log", xlabel="belief updates", ylabel="h_mu (bits)", title="entropy rate of Mess3")
axes[0].legend()
axes[1].errorbar(steps, [d.value for d in d_est], yerr=[d.stderr for d in d_est], fmt="o-", color="C3")
axes[1].set(xscale="log", xlabel="belief updates", ylabel="Lyapunov dimension", title="upper bound on d_mu")
print("h_mu in", iv, "; estimates:", [str(e) for e in h_est])
print("Lyapunov dimension (>= d_mu):", [str(d) for d in d_est])

# %%
# Memory that grows without bound
# -------------------------------
# Left: ``C_mu(L)``, the exact entropy of the distribution over depth-``L`` beliefs. For Mess3 it
# grows about ``h_mu`` bits per symbol (every word has its own belief), as ``C_mu = +oo`` says. For
# the simple nonunifilar source it converges, because its causal states are countable and their
# entropy is finite. Right: the entropy of the Blackwell measure coarse-grained into boxes of side
# ``eps``. It grows like ``d_mu log2(1/eps)``, the definition of the information dimension; the line
# has the slope of the Lyapunov dimension, 0.52, an upper bound on ``d_mu``.

from compmech.measures import information_dimension, mixed_state_entropies  # noqa: E402
from compmech.processes import sns  # noqa: E402

fig, axes = plt.subplots(1, 2, figsize=(11, 4))
for hmm, L in ((mess3(), 8), (sns(), 20)):
    values = [float(v) for v in mixed_state_entropies(hmm, L)]
    axes[0].plot(range(L + 1), values, "o-", label=hmm.name)
axes[0].set(xlabel="L", ylabel="C_mu(L) (bits)", title="entropy of the depth-L mixed states")
axes[0].legend()
fit = information_dimension(mess3(), n_points=2_000_000, seed=2)
x = np.log2(1 / fit.eps)
axes[1].plot(x, fit.y, "o", label="coarse-grained entropy H_eps")
d = d_est[-1].value
axes[1].plot(x, fit.y.mean() + d * (x - x.mean()), "--", label=f"slope {d:.2f} (Lyapunov dimension)")
axes[1].set(xlabel="log2(1/eps)", ylabel="H_eps (bits)", title="Mess3: information dimension")
axes[1].legend()
print("information dimension fit:", fit)
plt.show()
