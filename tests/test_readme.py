"""Every python example in README.md runs (doctest syntax)."""

import doctest
import pathlib

import pytest

pytestmark = pytest.mark.integration  # builds the docs / runs the examples and scripts

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_readme_examples():
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
