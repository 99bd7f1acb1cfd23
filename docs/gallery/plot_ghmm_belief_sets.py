"""
Belief sets of generalized HMMs
===============================

The beliefs of a GHMM are not probabilities, so they are drawn in their principal-component
plane. Left: the Bloch walk ``tom_quantum(1, 2)``, a qubit measured along z and x; its beliefs are
Bloch vectors and fill the disk, most of them near the pure states of the rim. Right: FRDN
(``fanizza``), whose beliefs walk a curve: a ``0`` resets the belief to one point, each ``1``
rotates it by an angle that is an irrational multiple of pi, so two new beliefs appear at every
depth and the set never closes. Every point is an exact rational vector.
"""

import matplotlib.pyplot as plt

from compmech import minimal_presentation, mixed_state_presentation, process_rank
from compmech.plot import simplex
from compmech.processes import fanizza, tom_quantum

bloch = tom_quantum(1, 2)
frdn = minimal_presentation(fanizza()).ghmm  # coordinates: Pr(v | past) for v = (), 0, 10, 110
print("ranks:", process_rank(bloch), process_rank(frdn))
print("Bloch walk, new beliefs per depth:", mixed_state_presentation(bloch, max_depth=7).nodes_per_depth())

fig, axes = plt.subplots(1, 2, figsize=(11, 5))
simplex(bloch, depth=8, ax=axes[0], s=0.3, title="Bloch walk tom_quantum(1, 2): depth 8")
simplex(frdn, depth=200, ax=axes[1], s=4, title="FRDN (minimal coordinates): depth 200")
plt.show()
