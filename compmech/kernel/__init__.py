"""The exact kernel: exact numbers and domains, linear algebra, modular hashing, budgets, safe files.

Layer 1 of compmech (see ``docs/architecture.md``): these modules import nothing of compmech but
:mod:`compmech.errors`, and every other layer builds on them.  They are internal: their names may
change between versions; the public API is re-exported from :mod:`compmech`.
"""
