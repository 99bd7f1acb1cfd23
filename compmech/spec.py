"""Process specifications for the command line: ``name:key=value,...`` or an HMM file.

A specification is read in three steps, so that a hostile one fails in microseconds: its size is
checked from the text alone (characters, and parts: one per ``;``), it is parsed into a tree of
parts without building anything, and the states and symbols of every combination are counted from
that tree (catalog processes have known sizes) against the exact core's budget
(:data:`compmech.models.hmm.MAX_ENTRIES`) before the first process is built.  Error messages quote at most
about 80 characters of the part at fault, with its position (:func:`compmech.errors.excerpt`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from .errors import BudgetExceededError, InvalidArgumentError, InvalidEntryError, UnknownNameError, count_text, excerpt
from .kernel.numbers import read_exact
from .kernel.parse import MAX_ENTRIES
from .models.ghmm import GHMM
from .processes import Alias, Entry, lookup
from .processes._registry import suggest

__all__ = ["parse_spec", "MAX_PARTS", "MAX_SPEC_CHARS"]

MAX_PARTS = 1_000  # processes combined in one specification (one per ";"-separated part, plus one)
MAX_SPEC_CHARS = 1_000_000  # characters of one specification
_COMPOSITE = ("mixture", "product", "channel")
_MAX_NESTING = 8  # combinations inside combinations
_MAX_PARENS = 64  # parentheses nested anywhere (combinations and parameter expressions)
_STRUCTURE = re.compile(r"[();]")


def parse_spec(spec: str) -> GHMM:
    """Build an HMM from a catalog name with parameters, or load it from a file.

    Parameters
    ----------
    spec : str
        ``"mess3"``, ``"mess3:x=1/20,alpha=17/20"``, ``"period:word=0011"``, or
        the path of an HMM JSON file.  Catalog names win: a file is a path
        with a folder separator or a ``.json`` suffix (``./mess3`` loads the
        file named ``mess3``).  Processes combine (:mod:`compmech.algebra`):
        ``"mixture(1/3*mess3; 2/3*rrxor)"`` (weight ``*`` spec, separated by
        ``;``), ``"product(golden_mean; even)"`` and ``"channel(golden_mean;
        bsc=1/10)"`` (a binary symmetric channel), nested at most 8 deep, with at
        most :data:`MAX_PARTS` processes in all.

    Raises
    ------
    InvalidArgumentError
        A malformed specification; the message quotes the part at fault and where it is.
    BudgetExceededError
        A specification longer than :data:`MAX_SPEC_CHARS`, with more than :data:`MAX_PARTS` parts, or
        whose combination has more matrix entries than the exact core's budget, refused before anything
        is built.

    Examples
    --------
    >>> parse_spec("golden_mean:p=1/3").stationary_distribution()
    (3/4, 1/4)
    >>> parse_spec("mixture(1/3*golden_mean; 2/3*even)").n_states
    4
    >>> parse_spec("nope")
    Traceback (most recent call last):
    ...
    compmech.errors.InvalidArgumentError: unknown process 'nope' (`compmech processes --search WORD` searches the ... catalog processes), or give the path of an HMM file
    >>> parse_spec("product(" + "; ".join(["biased_coin"] * 20) + ")")
    Traceback (most recent call last):
    ...
    compmech.errors.BudgetExceededError: 'product(biased_coin; biased_coin; biased_coin; bia'...'d_coin; biased_coin)' (267 characters) would have 1 state and 1,048,576 symbols: 1,048,576 exact matrix entries, more than compmech.models.hmm.MAX_ENTRIES = 1,000,000
    """
    if not isinstance(spec, str) or not spec.strip():
        raise InvalidArgumentError(f"empty process specification {excerpt(spec)}")
    if len(spec) > MAX_SPEC_CHARS:
        raise BudgetExceededError(
            f"the process specification {excerpt(spec)} is longer than {MAX_SPEC_CHARS:,} characters "
            f"(compmech.spec.MAX_SPEC_CHARS)"
        )
    parts = spec.count(";") + 1
    if parts > MAX_PARTS:
        raise BudgetExceededError(
            f"the process specification {excerpt(spec)} combines {parts:,} processes (one per ';'-separated part); "
            f"at most {MAX_PARTS:,} (compmech.spec.MAX_PARTS)"
        )
    reader = _Reader(spec)
    tree = reader.parse(0, len(spec), 0)
    reader.check_size(tree)
    return reader.build(tree)


@dataclass
class _Node:
    """A part of a specification: ``kind`` is ``leaf``, ``file`` or one of the combinations."""

    kind: str
    start: int
    end: int
    children: list = field(default_factory=list)
    weights: list = field(default_factory=list)  # mixture: the exact weights; channel: [eps]
    call: tuple = ()  # leaf: (catalog function, keyword arguments)
    shape: tuple = (0, 0)  # (states, symbols at least)


class _Reader:
    """Parses one specification (kept whole, so that every message can say where a part lies)."""

    def __init__(self, text: str):
        self.text = text
        self.files: dict = {}

    def quote(self, start: int, end: int) -> str:
        return excerpt(self.text, start, end)

    def strip(self, start: int, end: int) -> tuple[int, int]:
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    # ---------------------------------------------------------------- parse
    def parse(self, start: int, end: int, depth: int) -> _Node:
        start, end = self.strip(start, end)
        text = self.text
        for op in _COMPOSITE:
            if text.startswith(op + "(", start, end):
                if text[end - 1] != ")":
                    raise InvalidArgumentError(
                        f"unbalanced parentheses in {self.quote(start, end)}: a combination ends with ')'"
                    )
                if depth >= _MAX_NESTING:
                    raise InvalidArgumentError(
                        f"process specification nested more than {_MAX_NESTING} deep at {self.quote(start, end)}"
                    )
                return self.composite(op, start, end, start + len(op) + 1, end - 1, depth)
        return self.leaf(start, end)

    def split_top(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans between the semicolons outside parentheses (stripped)."""
        parts, level, begin = [], 0, start
        for m in _STRUCTURE.finditer(self.text, start, end):
            ch = m.group()
            if ch == "(":
                level += 1
                if level > _MAX_PARENS:
                    raise InvalidArgumentError(
                        f"parentheses nested deeper than {_MAX_PARENS} at {self.quote(m.start(), m.end())}"
                    )
            elif ch == ")":
                level -= 1
                if level < 0:
                    raise InvalidArgumentError(
                        f"unbalanced parentheses in {self.quote(start, end)}: ')' at character {m.start() + 1:,}"
                    )
            elif level == 0:
                parts.append(self.strip(begin, m.start()))
                begin = m.end()
        if level != 0:
            raise InvalidArgumentError(f"unbalanced parentheses in {self.quote(start, end)}")
        parts.append(self.strip(begin, end))
        return parts

    def composite(self, op: str, start: int, end: int, inner: int, inner_end: int, depth: int) -> _Node:
        parts = self.split_top(inner, inner_end)
        if any(s == e for s, e in parts):
            raise InvalidArgumentError(f"{op}(...): an empty part in {self.quote(inner, inner_end)}")
        node = _Node(op, start, end)
        if op == "mixture":
            for s, e in parts:
                star = self.text.find("*", s, e)
                if star < 0:
                    raise InvalidArgumentError(
                        f"mixture(...): write each part as weight*process, got {self.quote(s, e)}"
                    )
                node.weights.append(read_exact(self.text[s:star].strip(), f"the weight at {self.quote(s, star)}"))
                node.children.append(self.parse(star + 1, e, depth + 1))
        elif op == "product":
            node.children = [self.parse(s, e, depth + 1) for s, e in parts]
        else:
            if len(parts) != 2 or not self.text.startswith("bsc=", parts[1][0], parts[1][1]):
                raise InvalidArgumentError(
                    f"channel(...): write channel(process; bsc=EPS), got {self.quote(inner, inner_end)}"
                )
            s, e = parts[1]
            node.weights = [read_exact(self.text[s + 4 : e].strip(), f"bsc at {self.quote(s, e)}")]
            node.children = [self.parse(*parts[0], depth + 1)]
        return node

    def leaf(self, start: int, end: int) -> _Node:
        text = self.text[start:end]
        name, colon, _ = text.partition(":")
        name_end = start + len(name)
        name = name.strip()
        try:
            entry, alias = lookup(name)  # catalog names win over files of the same name
        except UnknownNameError:
            pass
        else:
            kwargs = self.catalog_call(entry, alias, name, name_end + len(colon), end)
            return _Node("leaf", start, end, call=(entry.constructor, kwargs), shape=entry.shape(kwargs))
        if text.endswith((".json", ".json.gz")) or os.sep in text or (os.altsep and os.altsep in text):
            hmm = self.load(text, start, end)
            return _Node("file", start, end, call=(hmm,), shape=(hmm.n_states, hmm.n_symbols))
        if os.path.exists(text):
            raise InvalidArgumentError(
                f"{self.quote(start, end)} is not a catalog process; to load the file of that name write ./{text}"
            )
        raise InvalidArgumentError(
            f"unknown process {self.quote(start, name_end)}{suggest(name)}, or give the path of an HMM file"
        )

    def catalog_call(self, entry: Entry, alias: Alias | None, name: str, start: int, end: int) -> dict:
        """The constructor's keyword arguments of ``name:key=value,...`` (exact text, checked, not yet built)."""
        if alias is not None and (alias.params or alias.defaults):
            allowed = list(dict.fromkeys([*alias.params, *alias.defaults]))
            text_keys = {k for k, v in alias.params.items() if v in entry.text_parameters}
        else:
            allowed, text_keys = list(entry.parameters), set(entry.text_parameters)
        kwargs: dict = {}
        pos = start
        for raw in self.text[start:end].split(","):
            s, e = self.strip(pos, pos + len(raw))
            pos += len(raw) + 1
            if s == e:
                continue
            key, eq, value = self.text[s:e].partition("=")
            key, value = key.strip(), value.strip()
            if not eq or key not in allowed:
                raise InvalidArgumentError(
                    f"bad parameter {self.quote(s, e)} for {name}; expected key=value with key in {', '.join(allowed)}"
                )
            if key in kwargs:
                raise InvalidArgumentError(f"parameter {key} of {name} is given twice, at {self.quote(s, e)}")
            if key not in text_keys:
                try:
                    read_exact(value, f"parameter {key} of {name}")
                except InvalidEntryError:
                    raise InvalidEntryError(
                        f"parameter {key} of {name}: cannot read {self.quote(s + len(key) + 1, e)} as an exact "
                        f"number (write 1/3 or 0.25)"
                    ) from None
            kwargs[key] = value
        return entry.arguments(kwargs, alias)

    def load(self, path: str, start: int, end: int) -> GHMM:
        """An HMM file, read once per specification."""
        from .io.readwrite import load_hmm

        if path not in self.files:
            if not os.path.exists(path):
                raise InvalidArgumentError(f"no such HMM file: {self.quote(start, end)}")
            self.files[path] = load_hmm(path)
        return self.files[path]

    # ---------------------------------------------------------------- size and build
    def check_size(self, node: _Node) -> tuple:
        """``(states, symbols at least)`` of a part, refusing a combination beyond the entry budget."""
        if node.kind in ("leaf", "file"):
            return node.shape
        shapes = [self.check_size(c) for c in node.children]
        if node.kind == "mixture":
            n, k = sum(s[0] for s in shapes), max(s[1] for s in shapes)
        elif node.kind == "product":
            n, k = 1, 1
            for s in shapes:
                n, k = n * s[0], k * s[1]
        else:
            n, k = shapes[0][0], 2
        if n * n * k > MAX_ENTRIES:
            raise BudgetExceededError(
                f"{self.quote(node.start, node.end)} would have {count_text(n)} state{'s' * (n != 1)} and "
                f"{count_text(k)} symbol{'s' * (k != 1)}: {count_text(n * n * k)} exact matrix entries, more than "
                f"compmech.models.hmm.MAX_ENTRIES = {MAX_ENTRIES:,}"
            )
        node.shape = (n, k)
        return node.shape

    def build(self, node: _Node) -> GHMM:
        from . import algebra

        if node.kind == "leaf":
            fn, kwargs = node.call
            return fn(**kwargs)
        if node.kind == "file":
            return node.call[0]
        procs = [self.build(c) for c in node.children]
        if node.kind == "mixture":
            return algebra.mixture(procs, node.weights)
        if node.kind == "product":
            return algebra.product(*procs)
        return algebra.channel(procs[0], algebra.binary_symmetric(node.weights[0]))
