"""The command line and the pictures."""

import json
import subprocess
import sys

import numpy as np
import pytest

from compmech.cli import main


def run(*args):
    return subprocess.run([sys.executable, "-m", "compmech.cli", *args], capture_output=True, text=True)


def test_processes_and_msp(capsys):
    assert main(["processes"]) == 0
    assert "mess3:x=1/20,alpha=17/20" in capsys.readouterr().out
    assert main(["msp", "mess3", "--max-depth", "4"]) == 0
    assert "[1, 3, 9, 27, 81]" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["json", "graphml", "dot"])
def test_msp_export(tmp_path, fmt):
    out = tmp_path / f"z1r.{fmt}"
    assert main(["msp", "z1r", "--format", fmt, "--out", str(out)]) == 0
    text = out.read_text()
    if fmt == "json":
        data = json.loads(text)
        assert len(data["nodes"]) == 7 and data["nodes"][0]["belief"] == ["1/3", "1/3", "1/3"]
    else:
        assert ("graphml" in text) if fmt == "graphml" else text.startswith("digraph")


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
    png = tmp_path / "m.png"
    assert main(["plot", "mess3", "--depth", "5", "--out", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    g = tmp_path / "g.png"
    assert main(["plot", "rrxor", "--kind", "graph", "--out", str(g)]) == 0


@pytest.mark.parametrize(
    "args, msg",
    [
        (["msp", "nope"], "unknown process 'nope'"),
        (["msp", "golden_mean:q=1/2"], "bad parameter 'q=1/2'"),
        (["msp", "golden_mean:p=half"], "cannot read 'half'"),
        (["msp", "missing/file.json"], "no such HMM file"),
        (["fixture", "mess3:x=2", "--length", "3", "--out", "/tmp/x.json"], "must lie in [0, 1]"),
        (["fixture", "rrxor", "--length", "3", "--out", "/nonexistent-dir/x.json"], "No such directory: /nonexistent-dir"),
    ],
)
def test_errors_are_one_line(args, msg):
    r = run(*args)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and msg in lines[0] and "Traceback" not in r.stderr


def test_simplex_projection_and_pca():
    from compmech.plot import project_beliefs, simplex

    b = np.random.default_rng(0).dirichlet(np.ones(5), size=50)
    assert project_beliefs(b).shape == (50, 2)
    fig = simplex(b)
    assert len(fig.axes) == 1
