"""The documentation cannot drift from the code.

- every ``python`` block of docs/*.md and README.md is a doctest and runs;
- every ``console`` block runs, command by command, in a fresh folder, and its output is compared;
- every ``bash`` block (long jobs such as ``make demo``) is checked without running: ``make``
  targets must exist and ``compmech`` command lines must parse with the real argument parser;
- any other fenced block must say what it is (``text``, ``json``, or a MyST directive);
- the Sphinx site (pages, gallery scripts run from scratch, API reference) builds with warnings as errors;
- the test file that the fixtures tutorial tells you to copy passes against a fresh fixture.
"""

import doctest
import json
import os
import pathlib
import re
import shlex
import subprocess
import sys

import pytest

pytestmark = pytest.mark.integration  # builds the docs / runs the examples and scripts

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
ALL_PAGES = PAGES + [ROOT / "README.md"]
BIN = pathlib.Path(sys.executable).parent
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```[ \t]*$", re.S | re.M)


def blocks(page):
    """``(language, body, line)`` of every fenced block of a Markdown page."""
    text = page.read_text()
    for m in FENCE.finditer(text):
        lang = m.group(1).strip().split(" ")[0] if m.group(1).strip() else ""
        yield lang, m.group(2), text.count("\n", 0, m.start()) + 1


def ids(pages):
    return [p.name for p in pages]


@pytest.mark.parametrize("page", PAGES, ids=ids(PAGES))
def test_doc_page(page):
    result = doctest.testfile(str(page), module_relative=False, optionflags=FLAGS)
    assert result.failed == 0


@pytest.mark.parametrize("page", ALL_PAGES, ids=ids(ALL_PAGES))
def test_every_block_declares_what_it_is(page):
    allowed = {"python", "console", "bash", "text", "json"}
    for lang, body, line in blocks(page):
        if lang.startswith("{"):
            continue  # a MyST directive (toctree, eval-rst, literalinclude, math)
        assert lang in allowed, f"{page.name}:{line}: fenced block without a known language ({lang!r})"
        if lang == "python":
            assert ">>> " in body, f"{page.name}:{line}: a python block must be a doctest (>>> prompts) to be run"
        if lang == "json":
            json.loads(body)


def console_sessions(page):
    """``[(line, [(command, expected_output), ...]), ...]`` for the ``console`` blocks of a page.

    A command starts with ``$ ``; its continuation lines (here-documents) with ``> ``.
    """
    out = []
    for lang, body, line in blocks(page):
        if lang != "console":
            continue
        steps = []
        for ln in body.splitlines():
            if ln.startswith("$ "):
                steps.append([ln[2:], []])
            elif ln.startswith("> ") or ln == ">":
                steps[-1][0] += "\n" + ln[2:]
            else:
                assert steps, f"{page.name}:{line}: a console block must start with a '$ ' command"
                steps[-1][1].append(ln)
        out.append((line, [(cmd, "\n".join(exp) + "\n" if exp else "") for cmd, exp in steps]))
    return out


SESSIONS = [(p, line, steps) for p in ALL_PAGES for line, steps in console_sessions(p)]


def run_session(where, steps, cwd):
    """Run the commands of one console block in ``cwd``; assert exit status 0 and the shown output."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "COLUMNS": "100"}
    checker = doctest.OutputChecker()
    for cmd, expected in steps:
        r = subprocess.run(["bash", "-c", cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, f"{where}: `{cmd}` exited {r.returncode}:\n{r.stderr[-2000:]}"
        assert checker.check_output(expected, r.stdout, FLAGS), (
            f"{where}: `{cmd}`\nexpected:\n{expected}\ngot:\n{r.stdout}"
        )


@pytest.mark.parametrize("page,line,steps", SESSIONS, ids=[f"{p.name}:{line}" for p, line, _ in SESSIONS])
def test_console_session(page, line, steps, tmp_path):
    run_session(f"{page.name}:{line}", steps, tmp_path)


def test_console_harness_catches_drift(tmp_path):
    """The harness fails on wrong output, on a failing command, and parses here-documents."""
    page = tmp_path / "page.md"
    page.write_text(
        "```console\n$ cat > f.txt <<'EOF'\n> two\n> EOF\n$ cat f.txt\none\n```\n```console\n$ false\n```\n"
    )
    (wrong, steps), (failing, steps2) = console_sessions(page)
    assert steps[0][0] == "cat > f.txt <<'EOF'\ntwo\nEOF"
    with pytest.raises(AssertionError, match="expected:"):
        run_session("page.md", steps, tmp_path)
    with pytest.raises(AssertionError, match="exited 1"):
        run_session("page.md", steps2, tmp_path)
    run_session("page.md", [(steps[0][0], ""), ("cat f.txt", "two\n")], tmp_path)


def _make_targets():
    text = (ROOT / "Makefile").read_text()
    return set(re.findall(r"^([A-Za-z][\w-]*):", text, re.M))


@pytest.mark.parametrize("page", ALL_PAGES, ids=ids(ALL_PAGES))
def test_long_shell_commands_are_valid(page):
    """``bash`` blocks hold jobs too long for the test suite; check that each would be accepted."""
    from compmech.cli import parse_args

    targets = _make_targets()
    for lang, body, line in blocks(page):
        if lang != "bash":
            continue
        for cmd in body.splitlines():
            cmd = cmd.split("#", 1)[0].strip()
            if not cmd:
                continue
            words = shlex.split(cmd)
            if words[0] == "make":
                assert set(words[1:]) <= targets, f"{page.name}:{line}: no make target in `{cmd}`"
            elif words[0] == "compmech":
                try:
                    args = parse_args(words[1:])
                except SystemExit:
                    pytest.fail(f"{page.name}:{line}: `{cmd}` does not parse")
                if getattr(args, "spec", None) and not args.spec.endswith(".json"):
                    from compmech.spec import parse_spec

                    parse_spec(args.spec)
            else:
                pytest.fail(
                    f"{page.name}:{line}: `{cmd}` is neither make nor compmech; "
                    "put commands that can run quickly in a console block"
                )


@pytest.fixture(scope="module")
def html_site(tmp_path_factory):
    """The Sphinx site, built once for this module (with warnings as errors)."""
    pytest.importorskip("sphinx")
    pytest.importorskip("myst_parser")
    pytest.importorskip("sphinx_gallery")
    pytest.importorskip("sphinx_copybutton")
    pytest.importorskip("furo")
    out = tmp_path_factory.mktemp("docs") / "html"
    r = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q", str(DOCS), str(out)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    return out


def test_html_docs_build_without_warnings(html_site):
    """The Sphinx site (pages, gallery, API reference from the docstrings) builds with warnings as errors."""
    html = html_site
    assert (html / "api.html").exists()
    gallery = html / "generated" / "gallery"
    for script in (DOCS / "gallery").glob("plot_*.py"):
        assert (gallery / (script.stem + ".html")).exists(), script.name
    images = list((html / "_images").glob("sphx_glr_plot_*.png"))
    assert len(images) >= 4, sorted(p.name for p in images)


REMOTE = re.compile(
    r"<(?:script|img|iframe)[^>]*\ssrc=\"(?:https?:)?//|<link[^>]*\shref=\"(?:https?:)?//[^\"]*\"[^>]*>", re.I
)


def test_no_page_loads_anything_from_the_network(html_site):
    """Scripts, stylesheets and images all ship with the site (MathJax included): it works offline."""
    offenders = []
    for page in html_site.rglob("*.html"):
        for m in REMOTE.finditer(page.read_text()):
            tag = m.group(0)
            if tag.lower().startswith("<link") and "stylesheet" not in tag.lower() and "preload" not in tag.lower():
                continue  # a plain hyperlink relation, nothing loaded
            offenders.append(f"{page.relative_to(html_site)}: {tag[:120]}")
    assert offenders == []
    assert (html_site / "_static" / "mathjax" / "tex-chtml.js").exists()


THEORY = sorted(DOCS.glob("theory_*.md")) + [DOCS / "measures.md"]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium():
    """Headless Chromium (the system's), driven by Playwright; skipped, saying why, where there is none."""
    import shutil

    exe = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    if exe is None:
        pytest.skip(
            "no Chromium on this machine (apt-get install -y chromium); the math rendering check needs a browser"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def test_theory_pages_render_their_math_offline(html_site, chromium):
    """In a real browser, with no network: every formula of the theory pages is typeset by the bundled
    MathJax, no raw TeX delimiter is left in the visible text, and nothing is requested from outside."""
    page = chromium.new_page()
    requests: list = []
    page.on("request", lambda req: requests.append(req.url))
    typeset = 0
    for md in THEORY:
        url = (html_site / (md.stem + ".html")).as_uri()
        page.goto(url)
        n_math = page.evaluate("document.querySelectorAll('span.math, div.math').length")
        if n_math:
            page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.document", timeout=30_000)
            page.evaluate("MathJax.startup.promise")
            n_done = page.evaluate("document.querySelectorAll('.math mjx-container, mjx-container.MathJax').length")
            assert n_done >= n_math, f"{md.name}: {n_done} of {n_math} formulas typeset"
            typeset += n_done
        text = page.evaluate(
            "(() => { const m = document.querySelector('article') || document.body;"
            " const c = m.cloneNode(true); c.querySelectorAll('mjx-container, pre, code, script').forEach(e => e.remove());"
            " return c.innerText; })()"
        )
        raw = [t for t in ("\\(", "\\)", "\\[", "\\]", "$$", "\\frac", "\\sum") if t in text]
        assert raw == [], f"{md.name}: raw TeX in the visible text: {raw}"
    assert typeset >= 100, typeset  # the theory is written as mathematics
    remote = [u for u in requests if not u.startswith(("file:", "data:", "about:", "blob:"))]
    assert remote == []
    page.close()


def test_fixture_tutorial_test_file_passes(tmp_path):
    """docs/examples/test_my_filter.py (shown in tutorial_fixtures.md) passes against a fresh fixture."""
    from compmech import ground_truth, save_fixture
    from compmech.processes import rrxor

    save_fixture(ground_truth(rrxor(), 6), tmp_path / "rrxor_L6.json")
    r = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(DOCS / "examples" / "test_my_filter.py")],
        cwd=tmp_path,
        env={**os.environ, "FIXTURE": str(tmp_path / "rrxor_L6.json")},
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert " passed" in r.stdout
