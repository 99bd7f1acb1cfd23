"""Sphinx configuration: the Markdown pages of docs/ plus an API reference from the numpydoc docstrings."""

project = "compmech"
author = "compmech developers"
extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.autosummary", "sphinx.ext.napoleon",
              "sphinx.ext.mathjax"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
autosummary_generate = True
autodoc_default_options = {"members": True, "undoc-members": False}
autodoc_typehints = "none"
napoleon_numpy_docstring = True
napoleon_google_docstring = False
myst_heading_anchors = 3
html_theme = "alabaster"
suppress_warnings = ["myst.header"]
napoleon_use_ivar = True
