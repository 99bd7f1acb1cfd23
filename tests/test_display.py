"""Rich display and drawings: LaTeX, HTML and SVG reprs, and ``compmech.draw`` in four formats.

Each drawing is checked against a second derivation of what it must show (the labels read off the
exact matrices or the networkx graph of the presentation, the counts of recurrent and transient
states), and its geometry for what makes it readable (no two states overlap, everything on the canvas).
"""

import math
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
import sympy
from hypothesis import given, settings

import compmech
from compmech import draw, epsilon_machine, ground_truth, mixed_state_presentation
from compmech.errors import InvalidArgumentError
from compmech.kernel.display import register_renderer, render
from compmech.kernel.latex import latex
from compmech.measures import MeasureTable, measure_table
from compmech.plot.graph import MAX_DRAWN_STATES, state_graph
from compmech.plot.layout import bezier, layout
from compmech.processes import even, golden_mean, mess3, random_hmm, rrxor, tom_quantum, z1r
from compmech.testing import hmms

SVG = "{http://www.w3.org/2000/svg}"


def svg_tree(text):
    return ET.fromstring(text)  # raises on text that is not well-formed XML


def edge_labels_svg(root):
    """Every edge label line drawn in an SVG drawing."""
    group = next(g for g in root.iter(SVG + "g") if g.get("class") == "edge-labels")
    return sorted(t.text for t in group.iter(SVG + "tspan"))


def expected_labels_hmm(hmm):
    """``x|p`` of every nonzero entry, read off the exact sympy matrices (not the kernel the drawing uses)."""
    return sorted(f"{x}|{m[i, j]}" for x, m in hmm.matrices.items() for i, j in zip(*_nonzero(m)))


def _nonzero(m):
    pairs = [(i, j) for i in range(m.rows) for j in range(m.cols) if m[i, j] != 0]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def node_classes(root):
    return [g.get("class") for g in root.iter(SVG + "g") if (g.get("class") or "").startswith("node ")]


# ----------------------------------------------------------------------------------------------- LaTeX


def test_latex_of_an_hmm_shows_labelled_exact_matrices_and_pi():
    text = golden_mean()._repr_latex_()
    assert text.startswith("$$") and text.endswith("$$")
    assert r"T^{(0)} = \begin{array}{r|cc}" in text and r"T^{(1)}" in text
    assert r"\text{A} & \frac{1}{2} & 0" in text  # the row named A of T[0]
    assert r"\pi = \left(\frac{2}{3},\ \frac{1}{3}\right)" in text


def test_latex_keeps_symbols_symbolic():
    p = sympy.Symbol("p")
    text = golden_mean(p)._repr_latex_()
    assert r"\text{A} & 1 - p & 0" in text
    assert r"\frac{1}{p + 1}" in text  # pi_A = 1/(1+p), exactly


def test_latex_of_a_ghmm_shows_eta_and_tau():
    text = tom_quantum()._repr_latex_()
    assert r"\eta = \left(1,\ 0,\ 0\right)" in text and r"\tau = \left(1,\ 0,\ 0\right)" in text
    assert text.count(r"\begin{array}") == 4  # four symbols


def test_latex_of_a_large_hmm_is_a_summary():
    text = random_hmm(20, 2, seed=3)._repr_latex_()
    assert "20 states" in text and r"\begin{array}" not in text


@settings(max_examples=15)
@given(hmms(max_states=4))
def test_latex_holds_every_entry(hmm):
    text = hmm._repr_latex_()
    for m in hmm.matrices.values():
        for i in range(m.rows):
            for j in range(m.cols):
                assert latex(m[i, j]) in text


def test_bits_print_as_log2():
    assert latex(sympy.log(3) / sympy.log(2) - sympy.Rational(2, 3)) == r"\log_2 3 - \frac{2}{3}"
    assert latex(sympy.log(3)) == r"\log{\left(3 \right)}"  # nats stay natural logs


# ----------------------------------------------------------------------------------------- registry


def test_registry_answers_none_without_a_renderer_and_the_plot_room_fills_svg():
    assert render("no-such-format", golden_mean()) is None
    register_renderer("test/echo", lambda obj: f"echo {obj!r}")
    assert render("test/echo", 1) == "echo 1"
    assert golden_mean()._repr_svg_() == compmech.plot.to_svg(golden_mean())


# ------------------------------------------------------------------------------------------------ SVG


@pytest.mark.parametrize("make", [golden_mean, even, z1r, rrxor, mess3, tom_quantum])
def test_svg_of_a_presentation_has_every_state_and_exact_label(make):
    hmm = make()
    root = svg_tree(hmm._repr_svg_())
    assert len(node_classes(root)) == hmm.n_states
    assert edge_labels_svg(root) == expected_labels_hmm(hmm)


def test_svg_of_an_msp_tells_recurrent_from_transient():
    msp = mixed_state_presentation(rrxor())
    root = svg_tree(msp._repr_svg_())
    classes = node_classes(root)
    assert classes.count("node recurrent") == len(msp.recurrent_states) == 5
    assert classes.count("node transient") == len(msp.transient_states) == 31
    want = sorted(f"{d['symbol']}|{d['probability']}" for _, _, d in msp.graph.edges(data=True))
    assert edge_labels_svg(root) == want


def test_svg_tooltips_carry_exact_beliefs():
    text = mixed_state_presentation(golden_mean())._repr_svg_()
    assert "0: belief (2/3, 1/3), depth 0" in text


def test_epsilon_machine_svg():
    em = epsilon_machine(rrxor())
    root = svg_tree(draw(em))
    assert node_classes(root) == ["node recurrent"] * 5
    assert edge_labels_svg(root) == expected_labels_hmm(em)


def test_large_graphs_are_summarised_with_beliefs_per_depth():
    msp = mixed_state_presentation(mess3(), max_depth=5)  # 364 beliefs
    assert msp.n_nodes > MAX_DRAWN_STATES
    root = svg_tree(msp._repr_svg_())
    text = "".join(root.itertext())
    assert "364 beliefs (more than 40: summarised)" in text
    assert not node_classes(root)
    assert [f"depth {d}" in text for d in range(6)] == [True] * 6
    assert "243 / 0" not in text and "0 / 243" in text  # depth 5 is the unexpanded frontier
    small = mixed_state_presentation(mess3(), max_depth=4)
    assert len(node_classes(svg_tree(draw(small, max_states=200)))) == 121  # on request, every state


def test_large_hmm_summary():
    text = "".join(svg_tree(random_hmm(60, 2, seed=0)._repr_svg_()).itertext())
    assert "HMM with 60 states" in text and "closed class" in text


def _circles_apart(lay):
    r = lay.radius
    pts = lay.centres
    return all(math.dist(a, b) >= 2 * r for i, a in enumerate(pts) for b in pts[i + 1 :])


def _on_canvas(lay):
    """Centres, labels and points along every curve lie on the canvas (control points may lie outside)."""
    pts = list(lay.centres) + [rt.label_at for rt in lay.routes]
    pts += [bezier(rt.points, t / 10) for rt in lay.routes for t in range(11)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs) >= 0 and min(ys) >= 0 and max(xs) <= lay.width and max(ys) <= lay.height


@pytest.mark.parametrize(
    "obj",
    [
        golden_mean(),
        rrxor(),
        tom_quantum(),
        random_hmm(40, 3, seed=1, unifilar=True),
        mixed_state_presentation(rrxor()),
        mixed_state_presentation(mess3(), max_depth=3),
        mixed_state_presentation(z1r()),
    ],
    ids=["golden_mean", "rrxor", "tom_quantum", "random40", "rrxor_msp", "mess3_depth3", "z1r_msp"],
)
def test_layout_is_readable(obj):
    lay = layout(state_graph(obj))
    assert _circles_apart(lay)
    assert _on_canvas(lay)


@settings(max_examples=20)
@given(hmms(max_states=6))
def test_layout_of_random_hmms_is_readable(hmm):
    lay = layout(state_graph(hmm))
    assert _circles_apart(lay) and _on_canvas(lay)
    assert edge_labels_svg(svg_tree(draw(hmm))) == expected_labels_hmm(hmm)


def test_escaping_in_svg():
    from compmech import HMM

    hmm = HMM({"<a>": [["1/2", "1/2"], [1, 0]], "&": [[0, 0], [0, 0]]}, states=["x<y", 'q"'], name="a<b>&c")
    text = draw(hmm)
    root = svg_tree(text)  # well-formed despite the markup in names
    assert "a<b>&c" in "".join(root.itertext())


# ----------------------------------------------------------------------------------------------- draw


def test_draw_formats_and_save(tmp_path):
    hmm = golden_mean()
    svg = draw(hmm, path=tmp_path / "g.svg")
    assert (tmp_path / "g.svg").read_text() == svg and svg._repr_svg_() == svg
    tikz = draw(hmm, "tikz")
    assert tikz._repr_svg_() is None
    assert r"\begin{tikzpicture}" in tikz and r"$0|\frac{1}{2}$" in tikz and r"$0|1$" in tikz
    assert tikz.count(r"circle[radius=") == 2
    dot = draw(hmm, "dot")
    assert dot.count("->") == 3 and 'label="0|1/2"' in dot
    png = draw(hmm, "png", path=tmp_path / "g.png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and (tmp_path / "g.png").read_bytes() == png
    assert png._repr_png_() == bytes(png)


def test_png_is_the_size_of_the_layout():
    import io

    from matplotlib.image import imread

    lay = layout(state_graph(rrxor()))
    image = imread(io.BytesIO(draw(rrxor(), "png", dpi=96)))
    assert abs(image.shape[1] - lay.width) <= 2 and abs(image.shape[0] - lay.height) <= 2
    assert image[..., :3].min() < 0.5  # something dark was drawn


def test_draw_refuses_clearly():
    with pytest.raises(InvalidArgumentError, match="unknown drawing format 'pdf'"):
        draw(golden_mean(), "pdf")
    with pytest.raises(InvalidArgumentError, match="cannot draw a list"):
        draw([1, 2])
    with pytest.raises(InvalidArgumentError, match="max_states must be a positive integer"):
        draw(golden_mean(), max_states=0)
    with pytest.raises(InvalidArgumentError, match="pass a larger max_states"):
        draw(mixed_state_presentation(mess3(), max_depth=4), "tikz")


def test_dot_has_every_state_however_many():
    msp = mixed_state_presentation(mess3(), max_depth=4)
    dot = draw(msp, "dot")
    assert dot.count(" -> ") == len(msp.edges[0]) + 1  # and the start arrow


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed (it is never required)")
def test_graphviz_reads_the_dot(tmp_path):
    for obj in (rrxor(), mixed_state_presentation(rrxor())):
        r = subprocess.run(["dot", "-Tsvg"], input=draw(obj, "dot"), capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr
        svg_tree(r.stdout)


@pytest.mark.slow
def test_tikz_compiles_with_pdflatex(tmp_path):
    if shutil.which("pdflatex") is None:
        pytest.skip(
            "pdflatex is not installed (apt-get install texlive-latex-base texlive-pictures texlive-latex-extra)"
        )
    for name, obj in [("gm", golden_mean()), ("msp", mixed_state_presentation(rrxor())), ("tom", tom_quantum())]:
        (tmp_path / f"{name}.tex").write_text(draw(obj, "tikz"))
        r = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert r.returncode == 0, r.stdout[-3000:]
        assert (tmp_path / f"{name}.pdf").stat().st_size > 1000


# ----------------------------------------------------------------------------------------------- HTML


def test_measure_table_displays():
    rows = measure_table(golden_mean())
    assert isinstance(rows, MeasureTable) and isinstance(rows, list)
    latex_text = rows._repr_latex_()
    assert r"\text{entropy rate} & h_\mu & \frac{2}{3} & \text{exact}" in latex_text
    assert r"\text{excess entropy} & \mathbf{E} & \log_2 3 - \frac{4}{3}" in latex_text
    html = rows._repr_html_()
    assert "<td>entropy rate h_mu</td><td>exact</td><td>2/3</td>" in html
    assert rows[1].exact == sympy.Rational(2, 3)


def test_msp_html_summary():
    html = mixed_state_presentation(even())._repr_html_()
    assert "4 beliefs" in html and "<svg" in html and "<td>(2/3, 1/3)</td>" in html
    big = mixed_state_presentation(mess3(), max_depth=6)
    html = big._repr_html_()
    assert "built to depth 6" in html and "… and 1,081 more." in html
    assert "summarised" in html  # the drawing is the summary


def test_ground_truth_and_fixture_html(tmp_path):
    from compmech import load_fixture, save_fixture

    gt = ground_truth(golden_mean(), 3)
    html = gt._repr_html_()
    assert "5 words" in html and "<td>0 0 0</td><td>1/6</td>" in html
    save_fixture(gt, tmp_path / "gm.json")
    html = load_fixture(tmp_path / "gm.json")._repr_html_()
    assert "sha256" in html and "gm.json" in html
