"""The exact ground truth of the seed paper's two processes, as a printable report."""

from __future__ import annotations

from .machines import epsilon_machine
from .msp import mixed_state_presentation
from .processes import mess3, rrxor

__all__ = ["ground_truth_report"]


def _fmt(values):
    return "(" + ", ".join(str(v) for v in values) + ")"


def ground_truth_report(depth: int = 8) -> str:
    """Exact facts about Mess3(1/20, 17/20) and RRXOR(1/2, 1/2).

    Examples
    --------
    >>> print(ground_truth_report(depth=2))  # doctest: +ELLIPSIS
    Mess3(x=1/20, alpha=17/20)
      stationary distribution: (1/3, 1/3, 1/3)
      new beliefs per depth 0..2: [1, 3, 9] (3^L: every word has its own belief)
    ...
    """
    out = []
    m = mess3()
    msp = mixed_state_presentation(m, max_depth=depth, max_states=None)
    counts = msp.nodes_per_depth()
    tag = "3^L: every word has its own belief" if counts == [3**d for d in range(depth + 1)] else "not 3^L"
    out.append("Mess3(x=1/20, alpha=17/20)")
    out.append(f"  stationary distribution: {_fmt(m.stationary_distribution())}")
    out.append(f"  new beliefs per depth 0..{depth}: {counts} ({tag})")
    for w in ["0", "01", "012", "0000"]:
        out.append(f"  belief after {w}: {_fmt(m.belief(w))}")
    r = rrxor()
    rmsp = mixed_state_presentation(r)
    out.append("RRXOR(p1=1/2, p2=1/2)")
    out.append(f"  stationary distribution: {_fmt(r.stationary_distribution())}")
    out.append(
        f"  mixed-state presentation: {rmsp.n_nodes} states ({len(rmsp.transient_states)} transient + "
        f"{len(rmsp.recurrent_states)} recurrent), new per depth {rmsp.nodes_per_depth()}"
    )
    em = epsilon_machine(r)
    out.append(f"  epsilon-machine: {em.n_states} causal states {em.states}")
    for a, mat in em.matrices.items():
        for i in range(em.n_states):
            for j in range(em.n_states):
                if mat[i, j] != 0:
                    out.append(f"    {em.states[i]} --{a} | {mat[i, j]}--> {em.states[j]}")
    return "\n".join(out)
