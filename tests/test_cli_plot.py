"""The command line and the pictures."""

import json
import subprocess
import sys

import numpy as np
import pytest

from compmech.cli import main
from compmech.processes import mess3


def run(*args):
    return subprocess.run([sys.executable, "-m", "compmech.cli", *args], capture_output=True, text=True)


def test_processes_and_msp(capsys):
    assert main(["processes"]) == 0
    assert "mess3:x=1/20,alpha=17/20" in capsys.readouterr().out
    assert main(["msp", "mess3", "--max-depth", "4"]) == 0
    assert "[1, 3, 9, 27, 81]" in capsys.readouterr().out


# Z1R's mixed-state presentation, derived by hand (states 0, 1, R; p = 1/2): from pi = (1/3, 1/3, 1/3) a 0
# comes from state 0 (-> 1) or R (-> 0, 1/2): Pr = 1/2, belief (1/3, 2/3, 0); a 1 from state 1 (-> R) or R:
# belief (1/3, 0, 2/3).  From (1/3, 2/3, 0): 0 only from state 0 (1/3) -> (0, 1, 0), 1 from state 1 -> (0, 0, 1).
# From (1/3, 0, 2/3): 0 w.p. 1/3 + 1/3 -> (1/2, 1/2, 0), 1 w.p. 1/3 -> (1, 0, 0).  From (1/2, 1/2, 0): 0 -> state
# 1, 1 -> R, 1/2 each.  Recurrent: 1 -1-> R, R -0|1/2, 1|1/2-> 0, 0 -0-> 1.
Z1R_EDGES = {
    ("1/3 1/3 1/3", "0", "1/2", "1/3 2/3 0"),
    ("1/3 1/3 1/3", "1", "1/2", "1/3 0 2/3"),
    ("1/3 2/3 0", "0", "1/3", "0 1 0"),
    ("1/3 2/3 0", "1", "2/3", "0 0 1"),
    ("1/3 0 2/3", "0", "2/3", "1/2 1/2 0"),
    ("1/3 0 2/3", "1", "1/3", "1 0 0"),
    ("1/2 1/2 0", "0", "1/2", "0 1 0"),
    ("1/2 1/2 0", "1", "1/2", "0 0 1"),
    ("0 1 0", "1", "1", "0 0 1"),
    ("0 0 1", "0", "1/2", "1 0 0"),
    ("0 0 1", "1", "1/2", "1 0 0"),
    ("1 0 0", "0", "1", "0 1 0"),
}
Z1R_RECURRENT = {"0 1 0", "0 0 1", "1 0 0"}


def _edges_from_json(text):
    data = json.loads(text)
    belief = {n["id"]: " ".join(n["belief"]) for n in data["nodes"]}
    recurrent = {belief[n["id"]] for n in data["nodes"] if n["recurrent"]}
    edges = {(belief[e["source"]], str(e["symbol"]), e["probability"], belief[e["target"]]) for e in data["edges"]}
    return edges, recurrent, len(data["edges"])


def _edges_from_graphml(path):
    import networkx as nx

    g = nx.read_graphml(path)  # networkx's own reader: an independent parser
    belief = dict(g.nodes(data="belief"))
    recurrent = {belief[n] for n, r in g.nodes(data="recurrent") if r}
    edges = [(belief[u], d["symbol"], d["probability"], belief[v]) for u, v, d in g.edges(data=True)]
    return set(edges), recurrent, len(edges)


def _edges_from_dot(text):
    import re

    belief = {m[0]: m[2] for m in re.findall(r'^  (\d+) \[shape=(\w+), label="\d+", tooltip="([^"]*)"\];$', text, re.M)}
    recurrent = {
        m[1] for m in re.findall(r'^  (\d+) \[shape=doublecircle, label="\d+", tooltip="([^"]*)"\];$', text, re.M)
    }
    edges = [
        (belief[u], x, p, belief[v])
        for u, v, x, p in re.findall(r'^  (\d+) -> (\d+) \[label="(\S+) \| (\S+)"\];$', text, re.M)
    ]
    return set(edges), recurrent, len(edges)


@pytest.mark.parametrize("fmt", ["json", "graphml", "dot"])
def test_msp_export(tmp_path, fmt):
    out = tmp_path / f"z1r.{fmt}"
    assert main(["msp", "z1r", "--format", fmt, "--out", str(out)]) == 0
    parse = {
        "json": lambda: _edges_from_json(out.read_text()),
        "graphml": lambda: _edges_from_graphml(out),
        "dot": lambda: _edges_from_dot(out.read_text()),
    }[fmt]
    edges, recurrent, n_edges = parse()
    assert edges == Z1R_EDGES and n_edges == 12 and recurrent == Z1R_RECURRENT


def test_measures_table(capsys):
    assert main(["measures", "golden_mean"]) == 0
    out = capsys.readouterr().out
    assert "-4/3 + log(3)/log(2)" in out and "0.251629167388" in out


def test_fixture_sample_plot(tmp_path, capsys):
    fx = tmp_path / "rr.json"
    assert main(["fixture", "rrxor", "--length", "6", "--out", str(fx)]) == 0
    from compmech import load_fixture

    assert load_fixture(fx).n_words > 0
    s = tmp_path / "s.npz"
    assert main(["sample", "mess3", "-n", "50", "--length", "7", "--seed", "3", "--states", "--out", str(s)]) == 0
    d = np.load(s)
    assert d["tokens"].shape == (50, 7) and d["states"].shape == (50, 8)
    T = mess3().to_numpy()  # every sampled step is a transition of positive probability
    assert all(T[d["tokens"][r, t], d["states"][r, t], d["states"][r, t + 1]] > 0 for r in range(50) for t in range(7))
    png = tmp_path / "m.png"
    assert main(["plot", "mess3", "--depth", "5", "--out", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and _png_ink(png) > 0.01
    g = tmp_path / "g.png"
    assert main(["plot", "rrxor", "--kind", "graph", "--out", str(g)]) == 0
    assert _png_ink(g) > 0.01


@pytest.mark.integration
@pytest.mark.parametrize(
    "args, msg",
    [
        (["msp", "nope"], "unknown process 'nope'"),
        (["msp", "golden_mean:q=1/2"], "bad parameter 'q=1/2'"),
        (["msp", "golden_mean:p=half"], "cannot read 'half'"),
        (["msp", "missing/file.json"], "no such HMM file"),
        (["fixture", "mess3:x=2", "--length", "3", "--out", "/tmp/x.json"], "must lie in [0, 1]"),
        (
            ["fixture", "rrxor", "--length", "3", "--out", "/nonexistent-dir/x.json"],
            "No such directory: /nonexistent-dir",
        ),
    ],
)
def test_errors_are_one_line(args, msg):
    r = run(*args)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and msg in lines[0] and "Traceback" not in r.stderr


def test_simplex_projection_and_pca():
    from compmech.plot import project_beliefs, simplex

    # 3 states: barycentric coordinates in the equilateral triangle (0, 0), (1, 0), (1/2, sqrt(3)/2)
    b3 = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0]])
    want = [[0, 0], [1, 0], [0.5, np.sqrt(3) / 2], [0.5, np.sqrt(3) / 6], [0.5, 0]]
    np.testing.assert_allclose(project_beliefs(b3), want, atol=1e-15)
    # more states: the first two principal components, checked against a covariance eigendecomposition
    b = np.random.default_rng(0).dirichlet(np.ones(5), size=50)
    xy = project_beliefs(b)
    centred = b - b.mean(0)
    vals, vecs = np.linalg.eigh(centred.T @ centred)
    ref = centred @ vecs[:, ::-1][:, :2]
    np.testing.assert_allclose(np.abs(xy), np.abs(ref), atol=1e-12)  # each axis up to its sign
    assert np.var(xy[:, 0]) >= np.var(xy[:, 1])
    # the scatter holds exactly the projected beliefs
    fig = simplex(b)
    np.testing.assert_allclose(fig.axes[0].collections[0].get_offsets(), xy, atol=1e-12)


def test_plots_draw_the_exact_beliefs():
    from compmech import mixed_state_presentation
    from compmech.plot import msp_graph, project_beliefs, simplex
    from compmech.processes import mess3, rrxor

    msp = mixed_state_presentation(mess3(), max_depth=3)
    fig = simplex(mess3(), depth=3)
    pts = fig.axes[0].collections[0].get_offsets()
    assert len(pts) == 1 + 3 + 9 + 27  # every belief of depth <= 3 is distinct (Mess3)
    np.testing.assert_allclose(np.sort(pts, axis=0), np.sort(project_beliefs(msp.beliefs_float), axis=0), atol=1e-12)
    g = msp_graph(mixed_state_presentation(rrxor()))
    nodes = [c for c in g.axes[0].collections if len(c.get_offsets()) == 36]
    assert len(nodes) == 1  # one marker per state of RRXOR's 36-state MSP
    colors = nodes[0].get_facecolors()
    assert sum(1 for col in colors if col[0] > 0.7 and col[1] < 0.3) == 5  # the 5 recurrent states in red


def _png_ink(path):
    """Fraction of pixels that are not background white (an empty figure has almost none)."""
    import matplotlib.image as mpimg

    img = mpimg.imread(path)
    return float(np.mean(np.any(img[..., :3] < 0.9, axis=-1)))


def test_measures_table_gives_rrxor_markov_order_its_own_reason(capsys):
    assert main(["measures", "rrxor"]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("Markov order R"))
    assert "infinite" in line and "never synchronizes" in line and "no atoms" not in line
