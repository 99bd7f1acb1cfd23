"""The distinct prefixes among the (word, position) rows of a set of words.

A causal model's activations and logits at position ``t`` of a word depend on its first ``t + 1`` tokens
only, and so do the exact belief and next-token law there.  Among the ``N L`` rows of all ``N`` words of
length ``L`` over ``k`` symbols there are only ``k + k^2 + ... + k^L`` distinct prefixes (Mess3, ``L = 10``:
88,572 of 590,490), so a probe fitted to one row per prefix, weighted by how many rows share it, solves
the same least-squares problem (the same normal equations) at a fraction of the cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["PrefixGroups", "prefix_groups"]


@dataclass(frozen=True)
class PrefixGroups:
    """Rows ``n L + t`` (word ``n``, position ``t``) grouped by the prefix ``tokens[n, :t + 1]``: a prefix tree.

    Groups are numbered level by level (the prefixes of length ``t + 1`` are ``level_starts[t]`` to
    ``level_starts[t + 1] - 1``).  ``of_row (N L,)``: each row's group; ``first (G,)``: each group's first
    row; ``counts (G,)``: rows per group; ``parent (G,)``: the group of the prefix one token shorter (-1
    at the first level); ``token (G,)``: the prefix's last token.
    """

    of_row: np.ndarray
    first: np.ndarray
    counts: np.ndarray
    parent: np.ndarray
    token: np.ndarray
    level_starts: np.ndarray

    @property
    def n_groups(self) -> int:
        return int(self.first.size)

    def means(self, values: np.ndarray, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """``(mean of values (N L, m) over each group's rows, count)``; among the mask ``rows`` if given.

        A group with no row in the mask has count 0 and mean 0.
        """
        g = self.of_row if rows is None else self.of_row[rows]
        v = values if rows is None else values[rows]
        counts = np.bincount(g, minlength=self.n_groups)
        sums = np.stack([np.bincount(g, weights=v[:, j], minlength=self.n_groups) for j in range(v.shape[1])], axis=1)
        return sums / np.maximum(counts, 1)[:, None], counts


def prefix_groups(tokens: np.ndarray) -> PrefixGroups:
    """Group the rows of ``tokens (N, L)`` by prefix, position by position (no code can overflow).

    Examples
    --------
    >>> g = prefix_groups(np.array([[0, 1], [0, 0], [1, 1]]))
    >>> g.of_row.tolist(), g.first.tolist(), g.counts.tolist()
    ([0, 3, 0, 2, 1, 4], [0, 4, 3, 1, 5], [2, 1, 1, 1, 1])
    >>> g.parent.tolist(), g.token.tolist(), g.level_starts.tolist()
    ([-1, -1, 0, 0, 1], [0, 1, 0, 1, 1], [0, 2, 5])
    """
    tokens = np.asarray(tokens, dtype=np.int64)
    N, L = tokens.shape
    k = int(tokens.max()) + 1 if tokens.size else 1
    labels = np.empty((N, L), dtype=np.int64)
    first, parent, token, starts = [], [], [], [0]
    prev = np.zeros(N, dtype=np.int64)
    for t in range(L):
        _, idx, prev = np.unique(prev * k + tokens[:, t], return_index=True, return_inverse=True)  # prev < N
        labels[:, t] = prev + starts[-1]
        first.append(idx * L + t)
        parent.append(labels[idx, t - 1] if t else np.full(idx.size, -1, dtype=np.int64))
        token.append(tokens[idx, t])
        starts.append(starts[-1] + idx.size)
    of_row = labels.reshape(-1)
    cat = np.concatenate if L else (lambda parts: np.zeros(0, dtype=np.int64))
    return PrefixGroups(
        of_row,
        cat(first),
        np.bincount(of_row, minlength=starts[-1]),
        cat(parent),
        cat(token),
        np.array(starts, dtype=np.int64),
    )
