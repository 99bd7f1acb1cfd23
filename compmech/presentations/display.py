"""HTML summaries of mixed-state presentations and ground truths (their ``_repr_html_`` in Jupyter).

Each shows what a theorist checks first, exactly: the counts, the first beliefs or words with their
exact values, and (for a presentation small enough to draw) the state graph inline, from the SVG
renderer that the ``plot`` room registers (:mod:`compmech.kernel.display`).  Only the rows shown
are computed, so a summary of a presentation with 10^5 beliefs costs no more than one of 10.
"""

from __future__ import annotations

from typing import Any

from ..kernel.display import html_escape, html_table, render

__all__ = ["msp_html", "ground_truth_html", "ROWS_SHOWN"]

#: Rows of beliefs or words shown in a summary.
ROWS_SHOWN = 12


def _exact(values) -> str:
    return "(" + ", ".join(str(v) for v in values) + ")"


def _more(total: int) -> str:
    return f"<p>… and {total - ROWS_SHOWN:,} more.</p>" if total > ROWS_SHOWN else ""


def msp_html(msp: Any) -> str:
    """The summary of a mixed-state presentation: counts, the drawing (when small) and the first beliefs.

    Examples
    --------
    >>> from compmech import mixed_state_presentation
    >>> from compmech.processes import golden_mean
    >>> text = msp_html(mixed_state_presentation(golden_mean()))
    >>> "1 transient, 2 recurrent" in text, "<td>(2/3, 1/3)</td>" in text, "<svg" in text
    (True, True, True)
    """
    name = html_escape(msp.hmm.name or repr(msp.hmm))
    n, edges = msp.n_nodes, len(msp.edges[0])
    if msp.complete:
        n_rec = int(msp.recurrent_mask.sum())
        state = f"complete: {n - n_rec} transient, {n_rec} recurrent (the epsilon-machine's states)"
        kind = ["recurrent" if r else "transient" for r in msp.recurrent_mask[:ROWS_SHOWN]]
    else:
        state = f"built to depth {msp.max_depth} (not closed)"
        kind = ["frontier" if d == msp.max_depth else "inner" for d in msp.depths[:ROWS_SHOWN]]
    head = (
        f"<p><b>Mixed-state presentation of {name}</b>: {n:,} beliefs, {edges:,} edges, {state}; "
        f"new beliefs per depth {html_escape(msp.nodes_per_depth())}.</p>"
    )
    rows = [[u, int(msp.depths[u]), kind[u], _exact(msp.belief(u))] for u in range(min(n, ROWS_SHOWN))]
    table = html_table(["node", "depth", "kind", "belief (exact)"], rows)
    svg = render("svg", msp) or ""
    return f'<div class="compmech-summary">\n{head}\n{svg}\n{table}\n{_more(n)}</div>'


def ground_truth_html(gt: Any) -> str:
    """The summary of a ground truth (or a fixture read back): counts, optimal losses and the first words.

    Examples
    --------
    >>> from compmech import ground_truth
    >>> from compmech.processes import golden_mean
    >>> text = ground_truth_html(ground_truth(golden_mean(), 3))
    >>> "5 words" in text, "<td>0 0 0</td><td>1/6</td>" in text
    (True, True)
    """
    name = html_escape(gt.hmm.name or repr(gt.hmm))
    source = ""
    if "sha256" in gt.meta:
        source = (
            f" Read from <code>{html_escape(gt.meta.get('path', ''))}</code>, sha256 "
            f"<code>{html_escape(str(gt.meta['sha256'])[:16])}…</code>, written by compmech "
            f"{html_escape(gt.meta.get('compmech_version', '?'))}."
        )
    head = (
        f"<p><b>Ground truth of {name}</b>: every word of length {gt.context_length} of positive probability, "
        f"{gt.n_words:,} words, {len(gt.unique_beliefs):,} distinct beliefs, exact.{source}</p>"
    )
    losses = html_table(
        ["position t"] + [str(t) for t in range(gt.context_length)],
        [["optimal loss (bits)"] + [f"{v:.6f}" for v in gt.optimal_loss_bits]],
    )
    probs = gt.probabilities
    last = gt.belief_index[:, -1]
    rows = [
        [" ".join(str(int(x)) for x in gt.tokens[i]), str(probs[i]), _exact(gt.unique_beliefs[int(last[i])])]
        for i in range(min(gt.n_words, ROWS_SHOWN))
    ]
    words = html_table(["word", "probability", "belief after it"], rows)
    return f'<div class="compmech-summary">\n{head}\n{losses}\n{words}\n{_more(gt.n_words)}</div>'
