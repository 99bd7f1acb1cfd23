"""The exact ground truth of the seed paper's two processes, as a printable report."""

from __future__ import annotations

from ..presentations.machines import epsilon_machine
from ..presentations.msp import mixed_state_presentation
from ..processes import mess3, rrxor

__all__ = ["ground_truth_report"]


def _fmt(values):
    return "(" + ", ".join(str(v) for v in values) + ")"


def ground_truth_report(depth: int = 8, max_states: int | None = 1_000_000) -> str:
    """Exact facts about Mess3(1/20, 17/20) and RRXOR(1/2, 1/2).

    Examples
    --------
    ``max_states`` bounds the Mess3 belief tree (``3^(depth+1)/2`` beliefs):
    a depth beyond about 12 raises :class:`~compmech.errors.MSPTooLargeError`
    in seconds instead of exhausting memory.

    Every number below can be checked by hand: after a 0 the belief is the
    column sums of ``T[0]`` over 3, ``(alpha, beta, beta)``; after ``01`` it is
    ``(17/20, 3/40, 3/40) T[1]`` normalized, ``(927/16000, 1547/16000,
    273/32000) / (5221/32000)``; RRXOR's presentation has 31 transient and 5
    recurrent states (Shai et al. 2024).

    >>> print(ground_truth_report(depth=2))
    Mess3(x=1/20, alpha=17/20)
      stationary distribution: (1/3, 1/3, 1/3)
      new beliefs per depth 0..2: [1, 3, 9] (3^L: every word has its own belief)
      belief after 0: (17/20, 3/40, 3/40)
      belief after 01: (1854/5221, 3094/5221, 273/5221)
      belief after 012: (110217/618982, 173457/618982, 167654/309491)
      belief after 0000: (438145794/442936211, 4790417/885872422, 4790417/885872422)
    RRXOR(p1=1/2, p2=1/2)
      stationary distribution: (1/3, 1/6, 1/6, 1/6, 1/6)
      mixed-state presentation: 36 states (31 transient + 5 recurrent), new per depth [1, 2, 4, 8, 12, 7, 2]
      epsilon-machine: 5 causal states ('S', '0', '1', 'T', 'F')
        S --0 | 1/2--> 0
        0 --0 | 1/2--> F
        1 --0 | 1/2--> T
        F --0 | 1--> S
        S --1 | 1/2--> 1
        0 --1 | 1/2--> T
        1 --1 | 1/2--> F
        T --1 | 1--> S
    """
    out = []
    m = mess3()
    msp = mixed_state_presentation(m, max_depth=depth, max_states=max_states)
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
