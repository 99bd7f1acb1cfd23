"""The piece randomizers of tetris games: the stationary process of the seven tetrominoes.

Each game's randomizer is a finite-state source over the pieces ``I, J, L, O, S, T, Z``; game-start
rules (TGM's initial history, the first piece never S, Z or O) are transients and not part of the
stationary process.  The probabilities are the idealized ones (uniform dice), as the cited
descriptions give them, not the bias of each console's pseudo-random generator.
"""

from __future__ import annotations

import functools
import itertools
from math import comb, factorial

import sympy

from ..models.hmm import HMM
from ._common import check_entries, hmm_from_edges, integer
from ._registry import Alias, register

__all__ = ["TETROMINOES", "tetris_iid", "tetris_nes", "tetris_bag", "tetris_gameboy", "tetris_history"]
__all__ += ["tetris_tgm", "tetris_tgm2"]

#: The seven tetrominoes, in the order of the guideline (and of sofic).
TETROMINOES = ("I", "J", "L", "O", "S", "T", "Z")
_N = len(TETROMINOES)

_TETRISWIKI_TGM = 'TetrisWiki, "TGM randomizer", https://tetris.wiki/TGM_randomizer'
_MAX_WINDOW = 64  # longer histories are refused by the entry budget long before; this bounds the count itself
_MAX_ROLLS = 64


def _reroll_law(rejected: int, rolls: int) -> tuple[sympy.Rational, sympy.Rational]:
    """``(Pr(a rejected piece), Pr(a free piece))`` of up to ``rolls`` uniform draws, the last one kept.

    With ``r = rejected / 7``: a rejected piece comes out only if every earlier draw was rejected, so
    ``Pr = r^(rolls-1) / 7``; a free piece comes out at draw ``i`` after ``i - 1`` rejections,
    ``Pr = (1 + r + ... + r^(rolls-1)) / 7``.
    """
    r = sympy.Rational(rejected, _N)
    seventh = sympy.Rational(1, _N)
    return seventh * r ** (rolls - 1), seventh * sum(r**i for i in range(rolls))


@register(family="tetris", aliases=(Alias("tetris_iid", sofic="tetris"), "tetris_memoryless"))
def tetris_iid() -> HMM:
    """Memoryless tetris: each piece drawn uniformly and independently from the seven tetrominoes.

    The original game (Pajitnov, 1984) and many early ports.  One state; the entropy rate is
    ``log2(7)`` bits per piece.  Burgiel showed that such a sequence ends every game with probability 1
    (long enough runs of alternating S and Z pieces occur almost surely).

    References
    ----------
    - H. Burgiel, "How to lose at Tetris", The Mathematical Gazette 81, 194-200 (1997).
    - TetrisWiki, "Random Generator" (history of randomizers), https://tetris.wiki/Random_Generator

    Examples
    --------
    >>> h = tetris_iid()
    >>> h.alphabet, h.word_probability("SZ")
    (('I', 'J', 'L', 'O', 'S', 'T', 'Z'), 1/49)
    """
    seventh = sympy.Rational(1, _N)
    return hmm_from_edges([("*", "*", x, seventh) for x in TETROMINOES], alphabet=TETROMINOES, name="tetris_iid")


@register(family="tetris", aliases=(Alias("tetris_nes", sofic="tetris"), "nes_tetris", "tetris_nintendo"))
def tetris_nes() -> HMM:
    """NES Tetris (Nintendo, 1989), idealized: one reroll on a repeat, ``Pr(repeat) = 1/28``.

    A first roll is uniform on eight values, the seven pieces and a dummy; the dummy or the previous
    piece triggers a second roll, uniform on the seven pieces and kept.  So, after piece ``p``::

        Pr(p) = (2/8)(1/7) = 1/28,    Pr(q) = 1/8 + 1/28 = 9/56 for each q != p.

    The state is the previous piece (7 states, the epsilon-machine; Markov order 1).  The console's
    second roll adds the previous piece's index to a pseudo-random byte, which biases it slightly; that
    bias is not modelled.

    References
    ----------
    - meatfighter.com (M. Birken), "Applying Artificial Intelligence to Nintendo Tetris", section "Picking Tetriminos", https://meatfighter.com/nintendotetrisai/.
    - TetrisWiki, "Tetris (NES, Nintendo)", https://tetris.wiki/Tetris_(NES,_Nintendo)

    Examples
    --------
    >>> h = tetris_nes()
    >>> h.word_probability("TT"), h.word_probability("TI")
    (1/196, 9/392)
    """
    repeat, other = sympy.Rational(1, 28), sympy.Rational(9, 56)
    edges = [(p, x, x, repeat if x == p else other) for p in TETROMINOES for x in TETROMINOES]
    return hmm_from_edges(edges, states=TETROMINOES, alphabet=TETROMINOES, name="tetris_nes")


@register(
    family="tetris",
    aliases=(Alias("tetris_bag", sofic="tetris"), "random_generator", "seven_bag", "7bag", "tetris_guideline"),
)
def tetris_bag() -> HMM:
    """The guideline's 7-bag (Random Generator): the seven pieces dealt in a uniformly random order, bag after bag.

    The state is the set of pieces left in the current bag (127 nonempty subsets; the full set is a
    fresh bag); each remaining piece is dealt with equal probability.  Stationary: the position in the
    bag is uniform and, given ``k`` pieces left, every ``k``-subset is equally likely, so
    ``Pr(S) = 1 / (7 C(7, |S|))``.  The entropy rate is ``log2(7!) / 7`` bits per piece; the 127
    states are the causal states.

    References
    ----------
    - TetrisWiki, "Random Generator", https://tetris.wiki/Random_Generator (the Tetris Guideline's randomizer since Tetris Worlds, 2001).
    - The Tetris Company, "Tetris Design Guideline" (2009), section on the Random Generator.

    Examples
    --------
    >>> h = tetris_bag()
    >>> h.n_states, h.word_probability("II")  # I last in one bag and first in the next: (1/7)^3
    (127, 1/343)
    >>> pi = dict(zip(h.states, h.stationary_distribution()))
    >>> pi["IJLOSTZ"], pi["I"]
    (1/7, 1/49)
    """
    edges = []
    for k in range(1, _N + 1):
        for left in itertools.combinations(TETROMINOES, k):
            name = "".join(left)
            for x in left:
                rest = "".join(y for y in left if y != x) or "".join(TETROMINOES)
                edges.append((name, rest, x, sympy.Rational(1, k)))
    return hmm_from_edges(edges, alphabet=TETROMINOES, name="tetris_bag")


#: Game Boy piece codes (L, J, I, O, Z, S, T) = 0..6, three bits each; 7 = 0b111 is unused.
_GAMEBOY_CODE = {"L": 0, "J": 1, "I": 2, "O": 3, "Z": 4, "S": 5, "T": 6}


@register(family="tetris", aliases=(Alias("tetris_gameboy", sofic="tetris"), "gameboy_tetris", "tetris_gb"))
def tetris_gameboy() -> HMM:
    """Game Boy Tetris (1989): up to three rolls, rejecting pieces whose bits lie inside the falling piece's.

    Pieces are 3-bit codes ``L, J, I, O, Z, S, T = 0, ..., 6``.  With ``a`` the falling piece and ``b``
    the preview, a uniform candidate ``c`` is rolled again (at most three rolls, the third kept) when
    ``a | b | c == a``, i.e. when both the preview and the candidate are bit-subsets of the falling
    piece.  L (``000``) is a subset of everything and comes out least, O, S and T (two bits) most, as
    players measured.  The state is the pair (falling, preview): 49 states, of which 25 are causal
    states (the machine is not minimal; :func:`compmech.epsilon_machine` merges the rest).

    sofic's ``tetris_gameboy`` numbers S, T, Z as 4, 5, 6 (here Z, S, T): the same process up to a
    renaming of those three pieces, but with sofic's labels the frequencies of S, T and Z disagree
    with the measured ones.

    References
    ----------
    - tetrisconcept.net forum, "Randomizer Theory" (thread started by colour_thief, 2007), where the bitwise rule and the piece codes were read from the Game Boy disassembly and compared with measured piece frequencies.
    - HardDrop wiki, "Tetris (Game Boy)", https://harddrop.com/wiki/Tetris_(Game_Boy).

    Examples
    --------
    >>> from compmech import epsilon_machine
    >>> h = tetris_gameboy()
    >>> h.n_states, epsilon_machine(h).n_states
    (49, 25)
    >>> falling_O_preview_J = [int(s == "OJ") for s in h.states]  # J = 001 inside O = 011: a match
    >>> h.word_probability("L", start=falling_O_preview_J), h.word_probability("T", start=falling_O_preview_J)
    (16/343, 93/343)
    """
    edges = []
    for a, b in itertools.product(TETROMINOES, repeat=2):
        code_a, code_b = _GAMEBOY_CODE[a], _GAMEBOY_CODE[b]
        rejected = {c for c in TETROMINOES if code_a | code_b | _GAMEBOY_CODE[c] == code_a}
        low, high = _reroll_law(len(rejected), 3)
        for c in TETROMINOES:
            edges.append((a + b, b + c, c, low if c in rejected else high))
    states = [a + b for a, b in itertools.product(TETROMINOES, repeat=2)]
    return hmm_from_edges(edges, states=states, alphabet=TETROMINOES, name="tetris_gameboy")


def _history_states_count(window: int) -> int:
    """Number of windows with every earlier repeat blanked: ``sum_j C(w-1, j) 7! / (6-j)!``."""
    return sum(comb(window - 1, j) * factorial(_N) // factorial(_N - 1 - j) for j in range(min(window, _N)))


def _history_size(window=4, rolls=4) -> tuple[int, int]:
    """``(states, symbols)`` of :func:`tetris_history`, refusing a presentation beyond the entry budget."""
    w = integer(window, "window", 1, _MAX_WINDOW)
    integer(rolls, "rolls", 1, _MAX_ROLLS)
    n = _history_states_count(w)
    check_entries(n, _N, f"tetris_history(window={w}) (its causal states)")
    return n, _N


def _blank_repeats(window: tuple) -> tuple:
    """The window with every piece that occurs again later blanked (``None``): only the last occurrence matters."""
    return tuple(None if x in window[i + 1 :] else x for i, x in enumerate(window))


@functools.cache
def _history_edges(window: int, rolls: int) -> tuple:
    """The edges of the history randomizer on windows with earlier repeats blanked (exact, cached)."""
    states = sorted({_blank_repeats(w) for w in itertools.product(TETROMINOES, repeat=window)}, key=_state_name)
    laws = {}
    edges = []
    for s in states:
        present = {x for x in s if x is not None}
        if len(present) not in laws:
            laws[len(present)] = _reroll_law(len(present), rolls)
        low, high = laws[len(present)]
        for x in TETROMINOES:
            nxt = _blank_repeats((*s[1:], x))
            edges.append((_state_name(s), _state_name(nxt), x, low if x in present else high))
    return tuple(edges)


def _state_name(state: tuple) -> str:
    return "".join(x or "_" for x in state)


@register(family="tetris", aliases=(Alias("tetris_history", sofic="tetris"), "history_randomizer"), size=_history_size)
def tetris_history(window=4, rolls=4) -> HMM:
    """The TGM history randomizer: up to ``rolls`` uniform draws, rejecting pieces among the last ``window``.

    Each draw is uniform on the seven pieces; a piece among the last ``window`` pieces is rejected
    unless it is the last allowed draw, which is always kept.  So with ``r`` distinct pieces in the
    window, a recent piece comes out with probability ``(r/7)^(rolls-1) / 7``.  TGM1 uses
    ``window = 4, rolls = 4`` (:func:`tetris_tgm`), TGM2 and later ``rolls = 6`` (:func:`tetris_tgm2`).

    The presentation is built on the causal states directly: a piece that occurs again later in the
    window never matters (it stays in the window's set until its last occurrence leaves), so the state
    is the window with earlier repeats blanked, ``sum_j C(w-1, j) 7!/(6-j)!`` states (7, 49, 301 and
    1,603 for windows 1 to 4) instead of ``7^w``; they are the causal states (checked for windows 2 and 3
    here, and for 4 by exact partition refinement in the survey of sofic's catalog) unless
    ``rolls = 1``, when the process is IID.  Windows of 4 and more exceed the exact core's budget
    (``compmech.models.hmm.MAX_ENTRIES``): they are refused at once with
    :class:`~compmech.errors.BudgetExceededError`.

    References
    ----------
    - TetrisWiki, "TGM randomizer", https://tetris.wiki/TGM_randomizer (the algorithm, its 4 and 6 tries, the 4-piece history).

    Examples
    --------
    >>> h = tetris_history(2, 3)
    >>> after_IJ = [int(s == "IJ") for s in h.states]  # 2 of 7 pieces recent: 3 draws
    >>> h.n_states, h.word_probability("I", start=after_IJ), h.word_probability("O", start=after_IJ)
    (49, 4/343, 67/343)
    >>> tetris_history()
    Traceback (most recent call last):
    ...
    compmech.errors.BudgetExceededError: tetris_history(window=4) (its causal states) would have 1,603 states and 7 symbols: 17,987,263 exact matrix entries, more than compmech.models.hmm.MAX_ENTRIES = 1,000,000
    """
    w, r = integer(window, "window", 1, _MAX_WINDOW), integer(rolls, "rolls", 1, _MAX_ROLLS)
    _history_size(w, r)
    return hmm_from_edges(_history_edges(w, r), alphabet=TETROMINOES, name=f"tetris_history(window={w}, rolls={r})")


def _tgm_size() -> tuple[int, int]:
    return _history_size(4, 4)


def _tgm2_size() -> tuple[int, int]:
    return _history_size(4, 6)


@register(
    family="tetris",
    reference=_TETRISWIKI_TGM,
    aliases=(Alias("tetris_tgm", sofic="tetris"), "tgm", "tgm1", "tetris_the_grand_master"),
    size=_tgm_size,
)
def tetris_tgm() -> HMM:
    """Tetris The Grand Master (Arika, 1998): a 4-piece history, 4 tries; 1,603 causal states, over the budget.

    ``tetris_history(window=4, rolls=4)``: refused at once (7 x 1,603^2 exact entries exceed
    ``compmech.models.hmm.MAX_ENTRIES``; its process rank, estimated in floating point, is about
    1,600, so no presentation of any kind would fit).  Smaller histories (:func:`tetris_history`)
    build; the tests check the 1,603-state machine against sofic's words in floating point.

    Examples
    --------
    >>> tetris_tgm()
    Traceback (most recent call last):
    ...
    compmech.errors.BudgetExceededError: tetris_history(window=4) (its causal states) would have 1,603 states and 7 symbols: 17,987,263 exact matrix entries, more than compmech.models.hmm.MAX_ENTRIES = 1,000,000
    """
    return tetris_history(4, 4)


@register(
    family="tetris",
    reference=_TETRISWIKI_TGM,
    aliases=(Alias("tetris_tgm2", sofic="tetris"), "tgm2", "tap", "tetris_the_absolute"),
    size=_tgm2_size,
)
def tetris_tgm2() -> HMM:
    """Tetris The Absolute The Grand Master 2 (Arika, 2000): a 4-piece history, 6 tries; over the budget.

    ``tetris_history(window=4, rolls=6)``, refused at once like :func:`tetris_tgm` (1,603 causal
    states).

    Examples
    --------
    >>> from compmech.processes import lookup
    >>> lookup("TAP")[0].shape({})
    Traceback (most recent call last):
    ...
    compmech.errors.BudgetExceededError: tetris_history(window=4) (its causal states) would have 1,603 states and 7 symbols: 17,987,263 exact matrix entries, more than compmech.models.hmm.MAX_ENTRIES = 1,000,000
    """
    return tetris_history(4, 6)
