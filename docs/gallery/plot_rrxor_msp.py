"""
RRXOR's mixed-state presentation
================================

RRXOR emits two random bits and then their XOR. Its five-state generator has a 36-state
mixed-state presentation: 31 transient beliefs (grey) that an observer passes through while it
learns the phase of the XOR pattern, and 5 recurrent ones (red), the causal states. Rows are the
depth (word length) at which each belief is first reached.
"""

import matplotlib.pyplot as plt

from compmech import mixed_state_presentation
from compmech.plot import msp_graph
from compmech.processes import rrxor

msp = mixed_state_presentation(rrxor())
print(msp.n_nodes, "mixed states;", len(msp.transient_states), "transient,", len(msp.recurrent_states), "recurrent")
print("new beliefs per depth:", msp.nodes_per_depth())

fig, ax = plt.subplots(figsize=(9, 7))
msp_graph(msp, ax=ax)

# %%
# The exact beliefs of the first levels, over the states (S, 0, 1, T, F):

for node in range(7):
    print(node, "depth", int(msp.depths[node]), msp.beliefs[node])

plt.show()
