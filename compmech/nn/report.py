"""The report of ``compmech reproduce``: one list of blocks rendered as Markdown, self-contained HTML and a console table.

Every number goes through :func:`fmt`, which never prints a bare ``nan``: where a quantity does not
exist (the separation test when every belief has its own next-token distribution, a published number
that the paper does not give) the report says so.
"""

from __future__ import annotations

import base64
import html
import math
import os
from collections import Counter

__all__ = ["fmt", "class_size_summary", "report_blocks", "to_markdown", "to_html", "console_summary", "paper_mse"]


def fmt(v, digits: int = 6, missing: str = "-") -> str:
    """A number for the report: fixed decimals, ``missing`` for None, never a bare nan or inf.

    Examples
    --------
    >>> fmt(0.0123456789), fmt(None), fmt(float("nan")), fmt(float("inf"))
    ('0.012346', '-', 'n/a', 'inf')
    """
    if v is None:
        return missing
    v = float(v)
    if math.isnan(v):
        return "n/a"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return f"{v:.{digits}f}"


def class_size_summary(sizes) -> str:
    """The sizes of the next-token classes in one line: a histogram, never the list itself.

    Examples
    --------
    >>> class_size_summary([10, 4, 4, 4, 4, 2, 2, 2, 2, 1, 1])
    '11 classes: 1 of size 10, 4 of size 4, 4 of size 2, 2 of size 1'
    >>> class_size_summary([1] * 88573)
    '88,573 classes: all of size 1 (the next-token distribution determines the belief)'
    """
    sizes = list(sizes)
    if sizes and all(s == 1 for s in sizes):
        return f"{len(sizes):,} classes: all of size 1 (the next-token distribution determines the belief)"
    hist = sorted(Counter(sizes).items(), key=lambda kv: -kv[0])
    parts = [f"{count:,} of size {size:,}" for size, count in hist[:10]]
    more = f", ... {len(hist) - 10} more sizes" if len(hist) > 10 else ""
    return f"{len(sizes):,} classes: " + ", ".join(parts) + more


def paper_mse(recipe, checkpoint: str, stream: str, n_layers: int) -> float | None:
    """The published probe MSE of ``stream`` at ``checkpoint`` from the recipe's numbers, or None."""
    numbers = recipe.published
    if stream in numbers.get(f"mse_{checkpoint}", {}):
        return numbers[f"mse_{checkpoint}"][stream]
    if stream in numbers.get("mse", {}):
        return numbers["mse"][stream]
    alias = {f"blocks.{n_layers - 1}.hook_resid_post": "final", "blocks.0.hook_resid_pre": "embed", "concat": "concat"}
    value = numbers.get(f"mse_{alias.get(stream, '')}")
    if isinstance(value, dict):
        return value.get(checkpoint)
    return value


def _separation_text(rep) -> str:
    sep, cls = rep.separation, rep.classes
    if not sep.get("classes"):
        return (
            f"Within next-token classes: the test does not apply. Every one of the {cls['n_beliefs']:,} beliefs "
            f"has its own exact next-token distribution ({cls['n_classes']:,} classes), so no two beliefs "
            f"predict the same next token and there is nothing to separate: here the next-token distribution "
            f"determines the belief, and this report cannot show information beyond it."
        )
    return (
        f"Within next-token classes, share of probe-prediction variance explained by the belief: eta^2 = "
        f"{fmt(sep.get('eta2'), 3)}, permutation p = {fmt(sep.get('p_value'), 4)} "
        f"({sep.get('n_permutations', 0)} permutations)."
    )


def _probed(s: dict) -> list[str]:
    return [
        ck for ck in s["published"] if any(k.startswith(("blocks", "ln_final", "concat")) for k in s["published"][ck])
    ]


def _probe_section(s: dict, rep, recipe) -> list[tuple]:
    probed, n_layers = _probed(s), recipe.model.n_layers
    blocks: list[tuple] = []
    blocks.append(("h2", "Probe MSE per stream"))
    blocks.append(
        (
            "p",
            "Published protocol: ordinary least squares with intercept, unweighted, fitted and scored in-sample on all "
            "words and positions. Held-out: fitted on 80 % of the words, scored on the rest. "
            + (
                f"Published checkpoints from {s['published_folder']}."
                if s.get("published_folder")
                else "Published checkpoints not found: only our model is probed."
            ),
        )
    )
    header = ["stream", "ours", "ours held-out", "ours shuffled"]
    for ck in probed:
        header += [f"published {int(ck):,} (probed here)", f"published {int(ck):,} (paper)"]
    rows = []
    for st in [x.name for x in rep.streams]:
        o = s["ours"][st]
        row = [st, fmt(o["mse"]), fmt(o["mse_heldout"]), fmt(o["mse_shuffled"], 4)]
        for ck in probed:
            row += [fmt(s["published"][ck].get(st, {}).get("mse")), fmt(paper_mse(recipe, ck, st, n_layers))]
        rows.append(row)
    blocks.append(("table", header, rows))
    return blocks


def _heldout_section(h: dict | None) -> list[tuple]:
    if not h:
        return []
    blocks: list[tuple] = []
    blocks.append(("h2", "Held out"))
    blocks.append(
        (
            "p",
            f"Fitted on half of the words and scored on the other half, {h['n_splits']} random splits "
            f"(mean +- sd): plain least squares, and ridge on standardized features (alpha = "
            f"{h['alpha']:g}, intercept unpenalized). In-sample numbers of a probe with more "
            f"features than words measure interpolation; these measure what generalizes.",
        )
    )
    rows = [
        [name, f"{fmt(r['ols'][0])} +- {fmt(r['ols'][1])}", f"{fmt(r['ridge'][0])} +- {fmt(r['ridge'][1])}"]
        for name, r in h["streams"].items()
    ]
    blocks.append(("table", ["stream", "least squares, held out", "ridge, held out"], rows))
    return blocks


def _larger_section(s: dict) -> list[tuple]:
    big = s.get("larger")
    if not big:
        return []
    blocks: list[tuple] = [("h2", "Minimal or larger geometry?")]
    blocks.append(
        (
            "p",
            f"Probe targets: {s.get('probe_targets', 'the beliefs of the presentation')}. The same probes fitted to "
            f"the beliefs of {big['presentation']} ({big['n_states']} coordinates, the same process: equal "
            f"canonical minimal presentations). In sample, error relative to each presentation's own shuffled "
            f"control; on unseen beliefs (half of the distinct beliefs held out, ridge, 5 splits), the fraction of "
            f"variance unexplained. A small belief set is separable by any linear probe in sample; only the "
            f"unseen column asks whether the geometry is linear.",
        )
    )
    rows = []
    for stream in ("final", "concat"):
        name = "blocks.3.hook_resid_post" if stream == "final" else "concat"
        mine, theirs = s["ours"].get(name, {}), big.get(name, {})
        rel = [fmt(d["mse"] / d["mse_shuffled"], 4) if d.get("mse_shuffled") else "-" for d in (mine, theirs)]
        unseen = [f"{fmt(u[0], 3)} +- {fmt(u[1], 3)}" for u in (s["unseen"][stream], big["unseen"][stream])]
        rows.append([stream, rel[0], rel[1], unseen[0], unseen[1]])
    header = ["stream", "minimal: mse/shuffled", "larger: mse/shuffled", "minimal: unseen FVU", "larger: unseen FVU"]
    blocks.append(("table", header, rows))
    return blocks


def _mixture_section(s: dict) -> list[tuple]:
    mix = s.get("mixture")
    if not mix:
        return []
    blocks: list[tuple] = [("h2", "In-context inference of the component")]
    blocks.append(
        (
            "p",
            f"The process is a mixture of {mix['n_components']} components: the belief is over (component, state). "
            "Least-squares probes over every (word, position) pair, for the joint belief, the component posterior "
            "(its block sums, a linear image of it) and the belief within each component (a nonlinear one); "
            "'shuffled' fits the same probe to permuted targets.",
        )
    )
    rows = []
    for stream, row in mix["streams"].items():
        rows.append(
            [stream]
            + [f"{fmt(row[t]['mse'], 6)} / {fmt(row[t]['shuffled'], 6)} (R^2 {fmt(row[t]['r2'], 3)})" for t in row]
        )
    blocks.append(
        ("table", ["stream"] + [f"{t}: mse / shuffled" for t in mix["streams"][next(iter(mix["streams"]))]], rows)
    )
    bp = mix["by_position"]
    resid = [st for st in bp["probe_posterior_entropy_bits"] if st.endswith("hook_resid_post")]
    shown = ["blocks.0.hook_resid_pre"] + resid[-1:]  # embedding only, and the final residual stream
    header = ["tokens seen", "exact posterior entropy (bits)"]
    header += [f"entropy of the probed posterior, {st}" for st in shown] + [f"posterior MSE, {st}" for st in shown]
    header += [f"posterior MSE, {shown[-1]}, probe fit at this position"]
    rows = [
        [str(t + 1), fmt(h, 4)]
        + [fmt(bp["probe_posterior_entropy_bits"][st][t], 4) for st in shown]
        + [fmt(bp["mse"]["posterior"][st][t], 5) for st in shown]
        + [fmt(bp["mse_fit_per_position"]["posterior"][shown[-1]][t], 5)]
        for t, h in enumerate(bp["exact_posterior_entropy_bits"])
    ]
    blocks.append(("p", "How the component posterior sharpens with position (word-probability weighted means):"))
    blocks.append(("table", header, rows))
    blocks.append(("img", "posterior_sharpening.png", "posterior entropy and probe R^2 by position"))
    if mix["n_components"] == 3:
        blocks.append(("img", "posterior_simplex.png", "component posterior, exact and probed"))
    return blocks


def report_blocks(summary: dict, rep, recipe) -> list[tuple]:
    """The report as blocks: ``("h1"|"h2"|"p", text)``, ``("table", header, rows)``, ``("ul", items)``, ``("img", file, alt)``."""
    s = summary
    blocks: list[tuple] = [("h1", f"Reproduction: {s['process']}")]
    blocks.append(("p", f"Recipe {s.get('recipe', recipe.name)}: {recipe.description}"))
    blocks.append(
        (
            "p",
            f"Training: {s['targets']} targets, {s['final']['tokens']:,} tokens, {s['train_seconds']:.0f} s on CPU; "
            f"exact expected loss {s['final']['loss_nats']:.5f} nats against the optimum {s['optimum_nats']:.5f} "
            f"(relative {s['final']['relative_loss']:.5f}).",
        )
    )
    blocks.append(("h2", "Checks"))
    blocks.append(("ul", [f"{'PASS' if c['ok'] else 'FAIL'}: {c['check']}" for c in s["checks"]]))
    blocks += _probe_section(s, rep, recipe)
    blocks += _heldout_section(s.get("heldout"))
    blocks += _larger_section(s)
    blocks += _mixture_section(s)
    if s["published"]:
        paper = recipe.published.get("expected_loss", {})
        blocks.append(("h2", "Expected loss of the published checkpoints"))
        blocks.append(
            (
                "table",
                ["checkpoint (tokens)", "computed here (nats)", "relative", "paper (nats)"],
                [
                    [f"{int(ck):,}", fmt(e["expected_loss"], 5), fmt(e["relative"], 5), fmt(paper.get(ck), 5)]
                    for ck, e in s["published"].items()
                ],
            )
        )
    cls, dist = rep.classes, rep.distances
    blocks.append(("h2", "Beyond next-token prediction"))
    blocks.append(
        (
            "ul",
            [
                f"{cls['n_beliefs']:,} distinct beliefs in {class_size_summary(cls['sizes'])}.",
                f"Pairs of inputs ({dist['n_pairs']:,}): R^2 of probe-prediction distance against belief distance "
                f"{fmt(dist['r2_vs_belief_distance'], 3)}, against next-token distance "
                f"{fmt(dist['r2_vs_next_token_distance'], 3)} (stream {dist['stream']}, in-sample).",
                _separation_text(rep),
            ],
        )
    )
    blocks.append(("h2", "Figures"))
    for file, alt in (
        ("beliefs_final_layer.png", "exact beliefs against the final-layer probe"),
        ("beliefs_concat.png", "exact beliefs against the probe of the concatenated streams"),
        ("per_layer_mse.png", "probe MSE per stream"),
        ("distances.png", "pairwise distances"),
        ("loss.png", "exact relative loss during training"),
    ):
        blocks.append(("img", file, alt))
    return blocks


def to_markdown(blocks) -> str:
    """Markdown with relative image links (renders on any Markdown viewer next to the PNG files)."""
    out = []
    for b in blocks:
        kind = b[0]
        if kind == "h1":
            out += [f"# {b[1]}", ""]
        elif kind == "h2":
            out += [f"## {b[1]}", ""]
        elif kind == "p":
            out += [b[1], ""]
        elif kind == "ul":
            out += [f"- {item}" for item in b[1]] + [""]
        elif kind == "table":
            header, rows = b[1], b[2]
            out.append("| " + " | ".join(header) + " |")
            out.append("|" + "---|" * len(header))
            out += ["| " + " | ".join(r) + " |" for r in rows]
            out.append("")
        elif kind == "img":
            out += [f"![{b[2]}]({b[1]})", ""]
    return "\n".join(out)


def to_html(blocks, folder: str) -> str:
    """One self-contained HTML file: the same content, the figures inlined as data URIs."""
    e = html.escape
    body = []
    for b in blocks:
        kind = b[0]
        if kind in ("h1", "h2", "p"):
            body.append(f"<{kind}>{e(b[1])}</{kind}>")
        elif kind == "ul":
            body.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in b[1]) + "</ul>")
        elif kind == "table":
            head = "".join(f"<th>{e(h)}</th>" for h in b[1])
            rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in b[2])
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif kind == "img":
            path = os.path.join(folder, b[1])
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    data = base64.b64encode(f.read()).decode("ascii")
                body.append(
                    f'<figure><img alt="{e(b[2])}" src="data:image/png;base64,{data}"><figcaption>{e(b[2])}'
                    f"</figcaption></figure>"
                )
    style = (
        "body{font-family:sans-serif;max-width:64em;margin:2em auto;padding:0 1em;line-height:1.4}"
        "table{border-collapse:collapse;font-size:90%}td,th{border:1px solid #ccc;padding:.2em .5em;"
        "text-align:right}td:first-child,th:first-child{text-align:left}img{max-width:100%}"
    )
    title = e(blocks[0][1]) if blocks and blocks[0][0] == "h1" else "report"
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{style}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def console_summary(summary: dict, rep, recipe) -> str:
    """The summary printed at the end of a run: ours beside the published checkpoints and the paper."""
    s = summary
    lines = [
        f"== {s['process']} ({s['targets']} targets): relative loss {s['final']['relative_loss']:.5f} after "
        f"{s['final']['tokens'] / 1e6:.1f} M tokens, {s['train_seconds']:.0f} s of training"
    ]
    if s.get("published_folder"):
        lines.append(f"published checkpoints: {s['published_folder']}")
    probed = _probed(s)
    head = f"{'stream':<28} {'ours':>10}"
    for ck in probed:
        head += f" {'pub ' + ck:>14} {'paper':>10}"
    lines.append(head)
    for st in [x.name for x in rep.streams]:
        row = f"{st:<28} {fmt(s['ours'][st]['mse']):>10}"
        for ck in probed:
            row += f" {fmt(s['published'][ck].get(st, {}).get('mse')):>14} "
            row += f"{fmt(paper_mse(recipe, ck, st, recipe.model.n_layers)):>10}"
        lines.append(row)
    lines += [f"[{'PASS' if c['ok'] else 'FAIL'}] {c['check']}" for c in s["checks"]]
    return "\n".join(lines)
