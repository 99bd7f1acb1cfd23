"""
The anatomy of a bit, from finite windows to the limit
======================================================

Left: the I-diagram of the simple nonunifilar source, whose causal states are infinite: every
region is a certified interval (``compmech.anatomy``). Its enigmatic information ``q`` is negative.

Right: Mess3's ephemeral, bound and elusive information at windows of ``L`` symbols on each side
(``block_anatomy``, exact dots) and the certified intervals of the limits (bands, from windows with
the hidden states at both ends). The windows approach the limits from outside the bands: ``r(L)`` from
above, ``sigma(L)`` from below.
"""

import matplotlib.pyplot as plt

from compmech import anatomy, block_anatomy
from compmech.plot import anatomy_diagram
from compmech.processes import mess3, sns

fig, axes = plt.subplots(1, 2, figsize=(11, 4.6), gridspec_kw={"width_ratios": [1, 1.3]})
anatomy_diagram(anatomy(sns()), ax=axes[0], title="simple nonunifilar source (certified)")

limit = anatomy(mess3())
Ls = [0, 1, 2, 3]
blocks = [block_anatomy(mess3(), L) for L in Ls]
for name, colour in (("r", "tab:orange"), ("b", "tab:red"), ("sigma", "tab:green")):
    iv = getattr(limit, name)
    axes[1].axhspan(float(iv.lower), float(iv.upper), color=colour, alpha=0.35, lw=0)
    axes[1].axhline(float(iv.midpoint), color=colour, lw=0.6, ls=":")
    axes[1].plot(Ls, [float(getattr(b, name)) for b in blocks], "o-", color=colour, label=f"{name}(L)")
axes[1].set_xlabel("window L (symbols on each side of the present)")
axes[1].set_ylabel("bits")
axes[1].set_xticks(Ls)
axes[1].set_title(f"Mess3: windows (dots) and certified limits (bands, L = {limit.depth})", fontsize=10)
axes[1].legend(fontsize=8)
fig.tight_layout()
