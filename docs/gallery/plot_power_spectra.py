"""
Power spectra of the standard processes
=======================================

The exact power spectrum of each process of the catalog (symbol values: their indices), drawn
beside the periodogram of 200 sampled sequences of 720 symbols (grey points). The continuous part
(blue) is an exact rational function of ``cos(omega)``; the lines (red arrows, labelled with their
exact weights) come from the eigenvalues of the transition matrix on the unit circle. The
periodogram estimates the continuous part and shows each line as a spike of height about
``720 * weight``, cut off at the top. Two generalized HMMs close the grid: their spectra come from the
same formula, with ``eta`` and ``tau`` in place of ``pi`` and ``1``.
"""

import matplotlib.pyplot as plt

from compmech.measures import power_spectrum
from compmech.plot import spectrum
from compmech.processes import even, fanizza, golden_mean, mess3, period, rrxor, sns, tom_quantum, z1r

processes = [golden_mean(), even(), sns(), mess3(), rrxor(), z1r(), period("0011"), tom_quantum(), fanizza()]
fig, axes = plt.subplots(3, 3, figsize=(13, 9.5), constrained_layout=True)
for hmm, ax in zip(processes, axes.flat):
    spectrum(hmm, ax=ax, seed=1)
    ax.set_xlabel("")
for hmm in processes:
    s = power_spectrum(hmm)
    print(f"{hmm.name}: P_c = {s.continuous}; lines {s.deltas}")

# %%
# Correlations and entropy convergence, exactly
# ---------------------------------------------
# Left: the autocovariance ``gamma(L) - <X>^2`` in closed form (lines) and its estimate from the same
# samples (points). Right: the myopic entropy ``h(L)`` from its closed form on the mixed states (lines)
# for the processes whose mixed-state presentation is finite; it converges to ``h_mu`` from above,
# and the area between the two is the excess entropy ``E``.

import numpy as np  # noqa: E402

from compmech import sample  # noqa: E402
from compmech.measures import autocorrelation_function, myopic_entropy_function  # noqa: E402

fig, axes = plt.subplots(1, 2, figsize=(12, 4.2), constrained_layout=True)
lags = np.arange(0, 16)
for i, hmm in enumerate([golden_mean(), even(), mess3(), z1r()]):
    g = autocorrelation_function(hmm)
    cov = [float(g(int(k)) - g.mean**2) for k in lags]
    x = sample(hmm, 200, 720, seed=2).astype(float)
    x -= x.mean()
    est = [np.mean(x[:, : x.shape[1] - k] * x[:, k:]) for k in lags]
    axes[0].plot(lags, cov, "-", color=f"C{i}", label=hmm.name)
    axes[0].plot(lags, est, "o", color=f"C{i}", ms=3)
axes[0].axhline(0, color="0.7", lw=0.8)
axes[0].set(xlabel="lag L", ylabel="gamma(L) - <X>^2", title="autocovariance: closed form and samples")
axes[0].legend(fontsize=8)
for i, hmm in enumerate([golden_mean(), even(), rrxor(), z1r()]):
    h = myopic_entropy_function(hmm)
    Ls = np.arange(1, 13)
    axes[1].plot(
        Ls,
        [float(h(int(k))) for k in Ls],
        "o-",
        color=f"C{i}",
        ms=3,
        label=f"{hmm.name}: E = {float(h.excess_entropy()):.4f}",
    )
    axes[1].axhline(float(h.entropy_rate), color=f"C{i}", lw=0.8, ls=":")
axes[1].set(xlabel="L", ylabel="h(L) (bits)", title="myopic entropy: closed form on the mixed states")
axes[1].legend(fontsize=8)
