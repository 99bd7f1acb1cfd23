"""Pictures of power spectra: the exact spectrum of a process beside the periodogram of its samples.

The exact part comes from :func:`compmech.measures.power_spectrum` (a rational function of
``cos(omega)`` and exact lines); the periodogram is a float64 estimate from sampled sequences
(Bartlett's method: ``|FFT|^2 / N`` averaged over sequences), drawn as points so that the two can be
compared by eye.  Figures are built without pyplot (headless), like :mod:`compmech.plot.figures`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from ..errors import InvalidArgumentError
from ..measures.correlation import symbol_values
from ..measures.spectrum import power_spectrum
from ..models.sampling import sample
from .figures import new_axes

if TYPE_CHECKING:
    from typing import Any

    from ..models.ghmm import GHMM

__all__ = ["periodogram", "spectrum"]


def periodogram(tokens: np.ndarray, values: np.ndarray, mean: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Bartlett's periodogram of sampled sequences, in float64: ``(omegas, power)``.

    Parameters
    ----------
    tokens : numpy.ndarray
        Symbol indices, shape ``(n_sequences, N)`` (as :func:`compmech.sample` returns them).
    values : numpy.ndarray
        The value of each symbol index.
    mean : float, optional
        The mean to remove (default: the sample mean).

    Returns
    -------
    omegas, power : numpy.ndarray
        ``omega_k = 2 pi k / N`` for ``k < N`` and ``mean over sequences of |sum_t (x_t - mean) e^(-i omega_k t)|^2 / N``,
        an estimate of the continuous part; a line of weight ``w`` shows as a spike of height about ``N w``.

    Examples
    --------
    >>> x = np.array([[0, 1, 0, 1], [1, 0, 1, 0]])
    >>> periodogram(x, np.array([0.0, 1.0]))[1].round(3).tolist()  # all the power at omega = pi
    [0.0, 0.0, 1.0, 0.0]
    """
    tokens = np.asarray(tokens)
    if tokens.ndim != 2 or tokens.shape[1] == 0:
        raise InvalidArgumentError(f"tokens must have shape (n_sequences, N) with N >= 1, got {tokens.shape}")
    x = np.asarray(values, dtype=np.float64)[tokens]
    x = x - (x.mean() if mean is None else mean)
    N = x.shape[1]
    power = np.mean(np.abs(np.fft.fft(x, axis=1)) ** 2, axis=0) / N
    return 2 * np.pi * np.arange(N) / N, power


def spectrum(
    hmm: GHMM,
    values: Mapping | None = None,
    ax: Any = None,
    n_sequences: int = 200,
    length: int = 720,
    seed: int | None = 0,
    samples: bool = True,
    title: str | None = None,
):
    """Draw the exact power spectrum of ``hmm`` on ``[0, 2 pi]``, with the periodogram of samples.

    The continuous part is a curve, each line an arrow at its angle labelled with its exact weight;
    the periodogram of ``n_sequences`` sampled sequences of ``length`` symbols (seeded) is drawn as
    points (its spikes at the lines, of height about ``length * w``, are cut off at the top; the default
    ``length = 720`` puts the lines of periods 2 to 6, 8, 9, 10 and 12 on frequency bins).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from compmech.processes import golden_mean
    >>> fig = spectrum(golden_mean(), n_sequences=10, length=64)
    >>> fig.axes[0].get_xlabel()
    'omega (radians per symbol)'
    """
    fig, ax = new_axes(ax, figsize=(6, 3.6))
    s = power_spectrum(hmm, values)
    om = np.linspace(0, 2 * np.pi, 801)
    curve = s.continuous_values(om)
    top = max(float(curve.max()), max((float(w) for _, w in s.deltas), default=0.0), 1e-3)
    if samples:
        v = np.array([float(hmm.domain.to_sympy(x)) for x in symbol_values(hmm, values)])
        tokens = np.asarray(sample(hmm, n_sequences, length, seed=seed))  # type: ignore[arg-type]
        w, p = periodogram(tokens, v, float(s.mean))
        ax.plot(w, np.minimum(p, 1.5 * top), ".", ms=2.5, color="0.55", label=f"periodogram ({n_sequences} x {length})")
    ax.plot(om, curve, color="C0", lw=1.8, label="exact continuous part")
    for a, wt in s.deltas:
        x, h = float(a), float(wt)
        ax.annotate("", xy=(x, h), xytext=(x, 0), arrowprops={"arrowstyle": "-|>", "color": "C3", "lw": 1.5})
        ax.text(x, h, f" {wt}", color="C3", fontsize=8, va="bottom")
    if s.deltas:
        ax.plot([], [], color="C3", label="lines (weight)")
    ax.set_xlim(0, 2 * np.pi)
    ax.set_ylim(0, 1.55 * top)
    ax.set_xticks(np.pi * np.arange(5) / 2, ["0", "pi/2", "pi", "3pi/2", "2pi"])
    ax.set_xlabel("omega (radians per symbol)")
    ax.set_ylabel("power")
    ax.set_title(title if title is not None else (hmm.name or ""), fontsize=10)
    ax.legend(fontsize=7, loc="upper right")
    return fig
