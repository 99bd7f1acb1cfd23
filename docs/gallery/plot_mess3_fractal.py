"""
Mess3's fractal belief set
==========================

Every word of length at most 10 leads Mess3's observer to its own belief: 88,573 exact rational
points of the 2-simplex, drawn here at their float64 values and coloured by their own coordinates
(red, green, blue for the hidden states A, B, C). The self-similar structure comes from the three
Bayesian update maps, which are projective contractions of the simplex.
"""

import matplotlib.pyplot as plt

from compmech import mixed_state_presentation
from compmech.plot import simplex
from compmech.processes import mess3

msp = mixed_state_presentation(mess3(), max_depth=10)
print(msp.n_nodes, "exact beliefs; new ones per depth:", msp.nodes_per_depth())

fig, ax = plt.subplots(figsize=(6, 5.5))
simplex(msp, ax=ax, s=0.2, title="Mess3 (x = 1/20, alpha = 17/20): all beliefs to depth 10")

# %%
# The same process at other parameters: the noise ``x`` controls how far the update maps
# contract, and with it the shape of the fractal. The parameters are exact rationals.

fig, axes = plt.subplots(1, 3, figsize=(12, 4))
for ax, x in zip(axes, ("1/100", "1/20", "3/20")):
    simplex(mess3(x=x, alpha="17/20"), depth=8, ax=ax, s=0.2, title=f"x = {x}")

plt.show()
