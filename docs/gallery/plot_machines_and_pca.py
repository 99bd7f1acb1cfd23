"""
Epsilon-machines with exact edge labels, and beliefs beyond three states
========================================================================

``compmech plot SPEC --kind machine`` draws the recurrent part of the mixed-state presentation (the
epsilon-machine of a unifilar presentation) with every edge labelled ``symbol | probability`` in exact
arithmetic, the convention of the field's drawings; parallel edges share one label. Here Z1R (0, 1,
then a random bit) and RRXOR's five causal states.
"""

import matplotlib.pyplot as plt

from compmech import mixed_state_presentation
from compmech.plot import msp_graph, simplex
from compmech.processes import rrxor, z1r

fig, axes = plt.subplots(1, 2, figsize=(11, 4.5))
msp_graph(mixed_state_presentation(z1r()), ax=axes[0], recurrent_only=True)
msp_graph(mixed_state_presentation(rrxor()), ax=axes[1], recurrent_only=True)

# %%
# With more than three hidden states the beliefs do not fit in a triangle: ``compmech plot rrxor``
# projects them on their first two principal components and says how much of the variance each axis
# holds. The marker size follows the number of beliefs (large for RRXOR's 36, tiny for Mess3's tens
# of thousands).

simplex(rrxor(), title="RRXOR: its 36 beliefs on the first two principal components")
plt.show()
