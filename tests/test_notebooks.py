"""The docs notebooks run in a real Jupyter kernel (nbclient + ipykernel) and show the rich displays.

The notebooks are committed without outputs (what a reader runs, not what someone once saw); here
every cell is executed in a fresh kernel, an exception in any cell fails the test, and the outputs
must hold the LaTeX of the labelled matrices and the SVG drawings of the state graphs.
"""

import pathlib

import pytest

pytestmark = pytest.mark.integration  # starts a Jupyter kernel

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "docs" / "notebooks").glob("*.ipynb"))


def outputs(nb, mime):
    """The ``mime`` outputs of every code cell, in order (empty strings for cells without one)."""
    out = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            data = [o.get("data", {}).get(mime, "") for o in cell.outputs]
            out.append("".join("".join(d) if isinstance(d, list) else d for d in data))
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path):
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: outputs committed"


@pytest.fixture(scope="module")
def executed():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(ROOT / "docs" / "notebooks" / "verify_belief_geometry.ipynb", as_version=4)
    # in the repository root, so that the kernel imports this checkout's compmech
    nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    ).execute()
    return nb


def test_belief_geometry_notebook_shows_latex_and_svg(executed):
    latex = outputs(executed, "text/latex")
    svg = outputs(executed, "image/svg+xml")
    html = outputs(executed, "text/html")
    # the golden mean displays as its labelled exact matrices, and draws as a graph with x|p labels
    assert any(r"T^{(0)} = \begin{array}{r|cc}" in t and r"\frac{1}{2}" in t for t in latex)
    assert any("0|1/2" in s and "1|1/2" in s and "0|1<" in s for s in svg)
    # the parametric golden mean keeps its symbol
    assert any(r"1 - p" in t for t in latex)
    # the MSPs: summaries with the drawing inline, RRXOR's 31 transient and 5 recurrent beliefs
    assert any("31 transient, 5 recurrent" in h and "<svg" in h for h in html)
    # Mess3 to depth 6 (1093 beliefs) is summarised, not drawn
    assert any("1093 beliefs (more than 40: summarised)" in s for s in svg)
    # the measure table, with the exact values as math
    assert any(r"h_\mu & \frac{2}{3}" in t for t in latex)
    # the simplex figure (matplotlib) came out as a PNG
    assert any(outputs(executed, "image/png"))
    # the TikZ for a paper was printed
    streams = "".join(o.get("text", "") for c in executed.cells if c.cell_type == "code" for o in c.outputs)
    assert r"\documentclass[tikz,border=4pt]{standalone}" in streams
