"""hypothesis strategies for compmech objects, reusable in your own test suites.

Examples
--------
>>> from hypothesis import given
>>> @given(unifilar_hmms(max_states=3))
... def test_unifilar(hmm):
...     assert hmm.is_unifilar()
>>> test_unifilar()
"""

from __future__ import annotations

from hypothesis import strategies as st

from .processes import random_hmm

__all__ = ["hmms", "unifilar_hmms", "nonunifilar_hmms", "synchronizing_hmms"]


@st.composite
def hmms(
    draw,
    min_states: int = 1,
    max_states: int = 5,
    max_symbols: int = 3,
    unifilar=None,
    max_weight: int = 4,
    synchronizing: bool = False,
):
    """Random ergodic HMMs with exact rational entries.

    Parameters
    ----------
    min_states, max_states : int
        Range of the number of states.
    max_symbols : int
        Largest alphabet (at least 2 symbols are drawn).
    unifilar : bool or None
        Force (non)unifilarity; ``None`` draws either.
    max_weight : int
        Largest integer weight of a transition before row normalization.
    synchronizing : bool
        Unifilar machines with a synchronizing symbol (finite mixed-state
        presentation), see :func:`compmech.processes.random_hmm`.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(hmms(max_states=2))
    ... def test_small(hmm):
    ...     assert hmm.n_states <= 2
    >>> test_small()
    """
    n = draw(st.integers(min_states, max_states))
    k = draw(st.integers(2, max(2, max_symbols)))
    uni = True if synchronizing else (draw(st.booleans()) if unifilar is None else unifilar)
    seed = draw(st.integers(0, 2**32 - 1))
    return random_hmm(n, k, seed=seed, unifilar=uni, max_weight=max_weight, synchronizing=synchronizing)


def unifilar_hmms(**kwargs):
    """Random unifilar ergodic HMMs (see :func:`hmms`)."""
    return hmms(unifilar=True, **kwargs)


def nonunifilar_hmms(**kwargs):
    """Random ergodic HMMs that need not be unifilar (see :func:`hmms`)."""
    return hmms(unifilar=False, **kwargs)


def synchronizing_hmms(**kwargs):
    """Random unifilar HMMs with a synchronizing symbol: finite MSPs, so every measure is exact."""
    return hmms(synchronizing=True, **kwargs)
