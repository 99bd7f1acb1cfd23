"""Infinite belief sets: the Blackwell measure, Lyapunov spectrum and statistical complexity dimension.

Everything here is an explicitly numeric *estimate* (float64 chaos game): the results are
:class:`Estimate` objects carrying a standard error, or :class:`DimensionFit` objects carrying their
fit range, never bare floats and never presented as exact.  Where a quantity is known exactly (a
symbol map of lower rank gives an exponent of exactly ``-inf``; finitely many causal states give
``d_mu = 0``) the exact value is returned and says so.
"""

from __future__ import annotations

import math

import numpy as np
import sympy

from ..errors import CompmechError, InfiniteStatesError, InvalidArgumentError
from ..kernel.budget import check_memory
from ._chaos import ChaosGame, _check_count, batch_mean
from .estimate import DimensionFit, Estimate

__all__ = [
    "blackwell_measure",
    "entropy_rate_estimate",
    "lyapunov_spectrum",
    "statistical_complexity_dimension",
    "box_counting_dimension",
    "information_dimension",
]

_LN2 = math.log(2.0)


def _rng(seed):
    if seed is not None and not isinstance(seed, (int, np.integer, np.random.Generator)):
        raise InvalidArgumentError(f"seed must be an int, a numpy Generator or None, got {seed!r}")
    return np.random.default_rng(seed)


def _seed_of(seed):
    return int(seed) if isinstance(seed, (int, np.integer)) else None


def _entropy_bits(P: np.ndarray) -> np.ndarray:
    """Entropies (bits) of the probability columns of ``P`` (``(k, N)``), which may carry rounding noise."""
    P = np.clip(P, 0.0, None)
    P = P / P.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.where(P > 0, P * np.log2(P), 0.0).sum(axis=0)


def blackwell_measure(
    hmm, n_points: int, seed=None, burn_in: int = 200, n_chains: int | None = None, max_bytes: int | None = None
) -> np.ndarray:
    """Points of the belief set distributed by the Blackwell measure (float64 chaos game).

    ``n_chains`` independent chains start at the stationary belief and follow the mixed-state
    process: at belief ``b`` the next symbol is drawn with ``Pr(x | b) = b T[x] 1`` and the belief
    moves to ``b T[x] / Pr(x | b)``.  After ``burn_in`` updates each chain records its beliefs; the
    empirical distribution of the points converges to the Blackwell measure, the stationary
    distribution over causal states (for a finite epsilon-machine: its stationary distribution over
    the recurrent causal states).

    Parameters
    ----------
    hmm : HMM or GHMM
        A numeric presentation (a GHMM's beliefs are its coordinate vectors with ``b . tau = 1``).
    n_points : int
        Points returned (the chains' records in time order, chain by chain within a step).
    seed : int, numpy.random.Generator or None
    burn_in : int
        Updates discarded per chain; the law of a chain after ``t`` updates is the depth-``t``
        mixed-state distribution, which converges to the Blackwell measure.
    n_chains : int, optional
        Parallel chains (default ``min(n_points, 16384)``).
    max_bytes : int, optional
        Memory budget; a larger request fails at once with ``BudgetExceededError``.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_points, n_states)`` (a transposed, Fortran-ordered view: no copy is made).

    References
    ----------
    - D. Blackwell, "The entropy of functions of finite-state Markov chains", Trans. First Prague Conf. (1957).
    - A. M. Jurgens and J. P. Crutchfield, "Shannon entropy rate of hidden Markov processes", J. Stat. Phys. 183, 32 (2021).

    Examples
    --------
    >>> from compmech.processes import mess3
    >>> pts = blackwell_measure(mess3(), 10_000, seed=0)
    >>> pts.shape, bool(abs(pts.sum(axis=1) - 1).max() < 1e-12)
    ((10000, 3), True)
    """
    n_points = _check_count("n_points", n_points, 1)
    burn_in = _check_count("burn_in", burn_in, 0)
    n_chains = min(n_points, 16384) if n_chains is None else _check_count("n_chains", n_chains, 1)
    check_memory(
        8 * hmm.n_states * (n_points + 4 * n_chains * hmm.n_symbols),
        f"{n_points:,} Blackwell points",
        "ask for fewer points or pass max_bytes",
        max_bytes,
    )
    game = ChaosGame.of(hmm)
    steps = -(-n_points // n_chains)
    out = np.empty((hmm.n_states, steps * n_chains))  # returned transposed: no copy

    def keep(t, B, P):
        out[:, t * n_chains : (t + 1) * n_chains] = B

    game.run(n_chains, steps, burn_in, _rng(seed), observe=keep)
    return out.T[:n_points]


def _entropy_run(hmm, n_steps, n_chains, burn_in, seed, frame_dim):
    """Chaos game summing ``H[X | b]`` (bits) per chain: ``(sums, log R sums, steps, chains)``."""
    n_steps = _check_count("n_steps", n_steps, 1)
    n_chains = min(_check_count("n_chains", n_chains, 2), n_steps)
    steps = -(-n_steps // n_chains)
    sums = np.zeros(n_chains)

    def acc(t, B, P):
        sums[:] += _entropy_bits(P)

    _, logs = ChaosGame.of(hmm).run(n_chains, steps, _check_count("burn_in", burn_in, 0), _rng(seed), acc, frame_dim)
    return sums, logs, steps, n_chains


def entropy_rate_estimate(
    hmm, n_steps: int = 1_000_000, seed=None, burn_in: int = 200, n_chains: int = 4096, n_batches: int = 32
) -> Estimate:
    """``h_mu`` (bits) as the Blackwell integral of the next-symbol entropy, with a standard error.

    ``h_mu = integral H[X | b] dmu(b)`` over the Blackwell measure ``mu`` (Blackwell 1957).  The
    average runs over about ``n_steps`` belief updates of ``n_chains`` independent chains; the standard
    error is the batch-means error over ``n_batches`` groups of whole chains.  The certified interval of
    :func:`entropy_rate` must contain it up to a few standard errors (tested).

    Returns
    -------
    Estimate
        In bits per symbol.

    See Also
    --------
    entropy_rate : exact, or certified bounds.

    Examples
    --------
    >>> from compmech.processes import mess3
    >>> from compmech.measures import entropy_rate
    >>> est = entropy_rate_estimate(mess3(), n_steps=200_000, seed=1)
    >>> est.agrees_with(entropy_rate(mess3(), tol=1e-4))
    True
    """
    sums, _, steps, n_chains = _entropy_run(hmm, n_steps, n_chains, burn_in, seed, 0)
    mean, cov = batch_mean(sums, steps, _check_count("n_batches", n_batches, 2))
    return Estimate(
        float(mean[0]),
        float(np.sqrt(cov[0, 0])),
        steps * n_chains,
        _seed_of(seed),
        "h_mu (bits): Blackwell integral of H[X | belief], batch-means standard error",
    )


_MAX_SUBSPACES = 2000


def _row_space(M: sympy.Matrix) -> tuple:
    """Canonical (reduced row echelon) basis of the row space of ``M``, hashable."""
    R, pivots = M.rref()
    return tuple(tuple(R.row(i)) for i in range(len(pivots)))


def _eventual_rank(pres) -> tuple[int, bool]:
    """``min rank T[w]`` over the words with ``T[w] != 0`` (exact), and whether the search closed.

    On a minimal presentation ``Pr(w) = 0`` exactly when ``T[w] = 0``, so these are the words of positive
    probability; a typical long word contains every one of them, so the derivative of its belief map has
    rank ``min rank - 1`` and every exponent past that is ``-inf``.  The images ``R^n T[w]`` are explored
    breadth-first as exact subspaces, up to ``_MAX_SUBSPACES`` of them.
    """
    mats = [sympy.Matrix(pres.matrices[a]) for a in pres.alphabet]
    start = _row_space(sympy.eye(pres.n_states))
    seen, frontier = {start}, [start]
    best = len(start)
    while frontier:
        nxt = []
        for space in frontier:
            basis = sympy.Matrix(space)
            for M in mats:
                image = _row_space(basis * M)
                if image and image not in seen:
                    best = min(best, len(image))
                    if best == 1:  # no nonzero matrix has a smaller rank
                        return 1, True
                    seen.add(image)
                    nxt.append(image)
            if len(seen) > _MAX_SUBSPACES:
                return best, False
        frontier = nxt
    return best, True


def _belief_presentation(hmm):
    """The presentation whose belief maps belong to the process: the minimal one when rank < n."""
    from ..models.minimal import minimal_presentation, process_rank

    return minimal_presentation(hmm).ghmm if process_rank(hmm) < hmm.n_states else hmm


def _spectrum_raw(hmm, n_steps, seed, burn_in, n_chains, n_batches):
    """``(mean, covariance of the mean, m, d, updates)``: the ``m`` finite exponents of ``d``, then ``h_mu`` in nats."""
    pres = _belief_presentation(hmm)
    d = pres.n_states - 1
    rank, closed = _eventual_rank(pres)
    if not closed:
        raise InvalidArgumentError(
            f"the images R^n T[w] of {hmm.name or 'this HMM'} did not close within {_MAX_SUBSPACES} subspaces, so "
            "which Lyapunov exponents are exactly -inf is not known; no exponents are estimated"
        )
    m = rank - 1
    hsum, logs, steps, n_chains = _entropy_run(pres, n_steps, n_chains, burn_in, seed, m)
    both = np.concatenate([logs, hsum[:, None] * _LN2], axis=1)  # exponents and h_mu, nats
    mean, cov = batch_mean(both, steps, _check_count("n_batches", n_batches, 2))
    return mean, cov, m, d, steps * n_chains


def lyapunov_spectrum(
    hmm, n_steps: int = 400_000, seed=None, burn_in: int = 200, n_chains: int = 2048, n_batches: int = 32
) -> list[Estimate]:
    """Lyapunov exponents of the belief maps on the belief set (nats per symbol), largest first.

    The chaos game carries a frame of tangent vectors of the belief space ``{b : b . tau = 1}``
    (dimension ``d = rank - 1``, on the minimal presentation when the given one is not minimal, so the
    exponents belong to the process).  Each step applies the derivative of the map of the symbol drawn,
    ``J_x(b) = T[x] (I - tau f_x(b)) / Pr(x | b)``, and re-orthonormalises (the QR method); the
    exponents are the averages of ``log R_ii``.

    Exponents known exactly are returned exactly: a word of positive probability whose matrix ``T[w]``
    has rank ``r`` maps the belief space onto an ``(r - 1)``-dimensional set, and a typical sequence
    reads it again and again, so every exponent past the smallest such ``r - 1`` is ``-inf`` (the simple
    nonunifilar source: its symbol 1 resets the belief; RRXOR: its 3-symbol words synchronize).  The
    smallest rank is found exactly, by a breadth-first search over the subspaces ``R^n T[w]``; where that
    search does not close within 2000 subspaces the function refuses rather than guess.

    Returns
    -------
    list of Estimate
        ``d`` exponents; finite ones with batch-means standard errors.

    References
    ----------
    - G. Benettin, L. Galgani, A. Giorgilli and J.-M. Strelcyn, "Lyapunov characteristic exponents for smooth dynamical systems", Meccanica 15, 9 (1980).
    - A. M. Jurgens and J. P. Crutchfield, "Divergent predictive states: the statistical complexity dimension of stationary, ergodic hidden Markov processes", Chaos 31, 083114 (2021).

    Examples
    --------
    >>> from compmech.processes import mess3, sns
    >>> [round(e.value, 1) for e in lyapunov_spectrum(mess3(), n_steps=100_000, seed=0)]
    [-1.5, -1.8]
    >>> lyapunov_spectrum(sns())[0].value
    -inf
    """
    mean, cov, m, d, used = _spectrum_raw(hmm, n_steps, seed, burn_in, n_chains, n_batches)
    out = []
    for i in range(d):
        if i < m:
            what = f"Lyapunov exponent {i + 1} of {d} (nats/symbol), QR method, batch-means standard error"
            out.append(Estimate(float(mean[i]), float(math.sqrt(cov[i, i])), used, _seed_of(seed), what))
        else:
            what = f"exactly -inf: a word's map has rank {m + 1}, so exponents past {m} collapse"
            out.append(Estimate(-math.inf, 0.0, None, None, what))
    return out


def _finite_causal_states(hmm) -> bool:
    from ..presentations.machines import epsilon_machine

    try:
        epsilon_machine(hmm, max_states=2000)
    except (InfiniteStatesError, CompmechError):
        return False
    return True


def _kaplan_yorke(lams, h) -> tuple[float, int, np.ndarray]:
    """Lyapunov dimension ``k + (h + lam_1..k) / |lam_k+1|`` and its gradient in (lams, h)."""
    d = len(lams)
    total, k = h, 0
    while k < d and total + lams[k] >= 0:
        total += lams[k]
        k += 1
    grad = np.zeros(d + 1)
    if k == d:
        return float(d), k, grad
    lam = lams[k]
    if math.isinf(lam):
        return float(k), k, grad
    grad[:k] = -1.0 / lam
    grad[k] = total / lam**2
    grad[d] = -1.0 / lam
    return k - total / lam, k, grad


def statistical_complexity_dimension(
    hmm, n_steps: int = 400_000, seed=None, burn_in: int = 200, n_chains: int = 2048, n_batches: int = 32
):
    """The Lyapunov dimension of the belief maps: an upper bound on ``d_mu``, equal to it only without overlaps.

    ``d_mu``, the statistical complexity dimension, is the information dimension of the Blackwell
    measure.  Following Jurgens and Crutchfield (Chaos 2021), this function estimates the Lyapunov
    (Kaplan-Yorke) dimension of the belief maps driven by the process,

    ``d = k + (h_mu + lam_1 + ... + lam_k) / |lam_(k+1)|``,

    with ``h_mu`` in nats, exponents in nats per symbol, largest first, and ``k`` the largest index
    that keeps the numerator non-negative; ``d`` is the belief-space dimension when every partial sum
    stays non-negative, and ``k`` when ``lam_(k+1) = -inf``.  The standard error propagates the
    batch-means covariance of ``(lam, h_mu)`` to first order.

    What the value is, and what is proven. The Blackwell measure is the image of the process's measure
    on pasts under the coding map of the belief maps, and the covering argument behind the formula gives
    an *upper bound* on its dimension. That is a theorem for conformal contractions (Feng and Hu 2009:
    the image of an ergodic measure has dimension ``h_pi / |lam|``, with a projection entropy ``h_pi <=
    h``) and for self-affine measures (Jordan, Pollicott and Simon 2007). Equality needs more: that the
    maps' images do not overlap (the open set condition in the conformal case; for maps that contract
    unequally in different directions even that is not enough in general, and Jordan, Pollicott and
    Simon prove equality for almost every perturbation). Where they overlap, Jurgens and Crutchfield
    (Phys. Rev. E 2021, "Ambiguity rate of hidden Markov processes") replace ``h_mu`` by ``h_mu - h_a``,
    with the ambiguity rate ``h_a >= 0`` (how much of the past stays undetermined given the causal
    state). The belief maps of an HMM with 3 or more states are projective, not conformal, so none of
    these theorems applies verbatim, and compmech computes neither ``h_a`` nor a separation condition.
    The value returned is therefore an estimate of an upper bound on ``d_mu``, which equals ``d_mu``
    only where the maps do not overlap. (For Mess3(1/20, 17/20) the images of the invariant region
    overlap.) A finite epsilon-machine gives exactly ``0`` (its Blackwell measure is atomic; here ``h_a
    = h_mu``), and so does a word that resets the belief (every exponent ``-inf``: countably many causal
    states).

    Returns
    -------
    sympy.Integer or Estimate
        ``0`` exactly for finitely many causal states or an exponent of ``-inf`` at ``k = 0``; otherwise
        an :class:`Estimate`.

    References
    ----------
    - A. M. Jurgens and J. P. Crutchfield, "Divergent predictive states: the statistical complexity dimension of stationary, ergodic hidden Markov processes", Chaos 31, 083114 (2021).
    - A. M. Jurgens and J. P. Crutchfield, "Ambiguity rate of hidden Markov processes", Phys. Rev. E 104, 064107 (2021).
    - D.-J. Feng and H. Hu, "Dimension theory of iterated function systems", Comm. Pure Appl. Math. 62, 1435 (2009).
    - T. Jordan, M. Pollicott and K. Simon, "Hausdorff dimension for randomly perturbed self affine attractors", Comm. Math. Phys. 270, 519 (2007).
    - J. L. Kaplan and J. A. Yorke, "Chaotic behavior of multidimensional difference equations", Lecture Notes in Mathematics 730 (1979).

    Examples
    --------
    >>> from compmech.processes import golden_mean, mess3, sns
    >>> statistical_complexity_dimension(golden_mean()), statistical_complexity_dimension(sns())
    (0, 0)
    >>> d = statistical_complexity_dimension(mess3(), n_steps=100_000, seed=0)
    >>> round(d.value, 2), d.stderr < 0.01
    (0.52, True)
    """
    if _finite_causal_states(hmm):
        return sympy.Integer(0)
    mean, cov, m, d, used = _spectrum_raw(hmm, n_steps, seed, burn_in, n_chains, n_batches)
    lams = [float(v) for v in mean[:m]] + [-math.inf] * (d - m)
    h = float(mean[m])
    try:
        from .rates import entropy_rate

        iv = entropy_rate(hmm, tol=1e-5)
        h, h_var = float(iv.midpoint) * _LN2, (float(iv.width) * _LN2) ** 2 / 12
        h_note = "h_mu from the certified interval"
    except CompmechError:
        h_var = float(cov[m, m])
        h_note = "h_mu from the Blackwell integral"
    value, k, grad = _kaplan_yorke(lams, h)
    if value == 0 and m == 0:
        return sympy.Integer(0)
    g = np.zeros(m + 1)
    g[: min(m, d)] = grad[:m]
    g[m] = grad[d]
    C = cov.copy()
    C[m, m] = h_var
    se = math.sqrt(max(float(g @ C @ g), 0.0))
    what = (
        f"Lyapunov dimension k + (h_mu + lam_1..k)/|lam_k+1| with k = {k} of {d} ({h_note}): an upper bound on "
        "d_mu, equal to it only where the belief maps do not overlap (not checked)"
    )
    return Estimate(value, se, used, _seed_of(seed), what)


def _coordinates(points: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """Orthonormal coordinates of the belief space ``{b . tau = 1}`` (a linear map: dimensions keep)."""
    n = points.shape[1]
    Q, _ = np.linalg.qr(np.column_stack([tau, np.eye(n)[:, : n - 1]]))
    return points @ Q[:, 1:n]


def _box_counts(keys: np.ndarray) -> np.ndarray:
    """Points per occupied box, from integer box coordinates (one row per point)."""
    span = keys.max(axis=0) + 1
    if float(np.prod(span.astype(float))) < 2.0**62:  # one int64 code per box: a 1-D sort
        code = np.zeros(len(keys), dtype=np.int64)
        for j in range(keys.shape[1]):
            code = code * span[j] + keys[:, j]
        code.sort()
        starts = np.flatnonzero(np.r_[True, code[1:] != code[:-1]])
        return np.diff(np.r_[starts, len(code)])
    return np.unique(keys, axis=0, return_counts=True)[1]


def _box_statistics(hmm, n_points, eps, seed, burn_in):
    pts = blackwell_measure(hmm, n_points, seed=seed, burn_in=burn_in)
    X = _coordinates(pts, hmm.vectors_numpy()[1])
    lo = X.min(axis=0)
    extent = float((X.max(axis=0) - lo).max()) or 1.0
    if eps is None:
        eps = extent * 2.0 ** -np.arange(1, 31)
    eps = np.asarray(sorted(eps, reverse=True), dtype=float)
    if (eps <= 0).any():
        raise InvalidArgumentError("box sides eps must be > 0")
    rows = []
    for e in eps:
        counts = _box_counts(np.floor((X - lo) / e).astype(np.int64))
        if counts.size > n_points / 20:  # boxes no longer well sampled: stop the range here
            break
        p = counts / n_points
        rows.append((e, math.log2(counts.size), float(-(p * np.log2(p)).sum())))
    if len(rows) < 3:
        raise InvalidArgumentError(
            f"fewer than 3 resolutions with well-sampled boxes ({n_points:,} points): pass more points or coarser eps"
        )
    return np.array(rows)


def box_counting_dimension(hmm, n_points: int = 1_000_000, eps=None, seed=None, burn_in: int = 200) -> DimensionFit:
    """Box-counting dimension of the belief set, from Blackwell-measure points, with its fit range.

    Boxes of side ``eps`` tile orthonormal coordinates of the belief space; the slope of
    ``log2 N(eps)`` against ``log2(1/eps)`` is fitted over the resolutions (by default
    ``extent * 2^-j``) at which the boxes are still well sampled (at most ``n_points / 20`` boxes).
    It counts boxes regardless of their mass, so it converges slowly where the measure is concentrated
    (rarely visited parts of the set are found late), and it can differ from ``d_mu``: the countable
    belief set of the simple nonunifilar source accumulates like ``1/n`` and has box dimension 1/2,
    while its (atomic) Blackwell measure has information dimension 0; and since the sampled points
    reach the belief after ``1 0^n`` only for ``n`` up to about ``log2(n_points)``, the fit sees a finite
    set and reports about 0.  For Mess3(1/20, 17/20) the local slopes fall from about 1.7 to 0.3 as
    ``eps`` shrinks: the value depends on the range, which is why the range is returned.

    Examples
    --------
    >>> from compmech.processes import mess3
    >>> fit = box_counting_dimension(mess3(), n_points=200_000, seed=0)
    >>> 0.8 < fit.value < 1.5 and fit.fit_range[0] < 0.001
    True
    """
    rows = _box_statistics(hmm, _check_count("n_points", n_points, 1), eps, seed, burn_in)
    return DimensionFit.from_points(rows[:, 0], rows[:, 1], f"box-counting dimension, {n_points:,} points")


def information_dimension(hmm, n_points: int = 1_000_000, eps=None, seed=None, burn_in: int = 200) -> DimensionFit:
    """Information dimension from the Blackwell measure coarse-grained at resolution ``eps``.

    ``H_eps = -sum_box mu(box) log2 mu(box)`` grows like ``d_mu log2(1/eps)`` (the definition of the
    information dimension); the slope is fitted over the well-sampled resolutions as in
    :func:`box_counting_dimension`.  ``H_eps`` is the plug-in entropy of the sampled box frequencies
    (biased low when boxes are sparsely sampled, hence the cut at ``n_points / 20`` boxes).  The
    ``y`` of the result holds ``H_eps`` in bits: a lower bound on the entropy of the causal-state
    distribution at every resolution (a coarse-graining cannot raise entropy), up to sampling error.

    Examples
    --------
    >>> from compmech.processes import mess3
    >>> fit = information_dimension(mess3(), n_points=200_000, seed=0)
    >>> 0.4 < fit.value < 0.7  # d_mu of Mess3(1/20, 17/20) is about 0.52
    True
    """
    rows = _box_statistics(hmm, _check_count("n_points", n_points, 1), eps, seed, burn_in)
    return DimensionFit.from_points(rows[:, 0], rows[:, 2], f"information dimension, {n_points:,} points")
