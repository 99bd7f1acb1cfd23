"""Every python example in docs/*.md runs (doctest syntax)."""

import doctest
import pathlib

import pytest

DOCS = sorted((pathlib.Path(__file__).resolve().parents[1] / "docs").glob("*.md"))


@pytest.mark.parametrize("page", DOCS, ids=[p.name for p in DOCS])
def test_doc_page(page):
    result = doctest.testfile(str(page), module_relative=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_html_docs_build_without_warnings(tmp_path):
    """The Sphinx site (pages + API reference from the docstrings) builds with warnings as errors."""
    pytest.importorskip("sphinx")
    pytest.importorskip("myst_parser")
    import subprocess
    import sys

    docs = pathlib.Path(__file__).resolve().parents[1] / "docs"
    r = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q", str(docs),
                        str(tmp_path / "html")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    assert (tmp_path / "html" / "api.html").exists()
