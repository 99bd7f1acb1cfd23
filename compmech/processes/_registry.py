"""The catalog's registry: every named process with its aliases, defaults, family, reference and description.

A family module registers each constructor with :func:`register`; :func:`catalog` lists the entries and
:func:`get` builds a process from any of its names.  Names are matched case-insensitively with ``_``,
``-`` and spaces ignored, so ``"GoldenMean"``, ``"golden_mean"`` and ``"goldenmean"`` are one process.  The
peer library sofic's name of a process is one of its aliases, with sofic's parameter names and
defaults (:class:`Alias`).
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..errors import InvalidArgumentError, UnknownNameError, excerpt

__all__ = ["Alias", "Entry", "register", "catalog", "get", "lookup", "normalize", "suggest", "FAMILIES"]

#: The families of the catalog, in the order ``compmech processes`` lists them, with a line each.
FAMILIES = {
    "iid": "independent, identically distributed symbols: coins and dice",
    "periodic": "one word repeated forever, possibly with noise or random phases",
    "golden mean": "the golden mean process and its generalizations: binary processes defined by forbidden words",
    "renewal": "renewal processes: the count since the last event is the state (the even process and its relatives)",
    "markov": "Markov chains: the next symbol depends on the last R symbols only",
    "logic": "random bits and boolean functions of them (RRXOR and its relatives, parity checks and other codes)",
    "cryptic": "small machines built to show crypticity, synchronization and order (Nemo, butterfly, RIP, ...)",
    "irreversible": "processes that look different forward and backward in time",
    "chaos": "symbolic dynamics of chaotic maps (band merging, Misiurewicz parameters, the tent map)",
    "nonunifilar": "processes whose natural presentations are nonunifilar (often infinitely many causal states)",
    "tetris": "the piece randomizers of tetris games",
    "quantum": "generalized HMMs with negative entries (the post-quantum line)",
    "language": "toy languages that probe sequence models: bracket languages, Reber grammars, counting languages",
    "factored": "processes built from factors, independent or coupled",
    "random": "random HMMs with exact rational entries, seeded",
}


def normalize(name: str) -> str:
    """The lookup key of a name: lower case, without ``_``, ``-``, ``.`` or spaces."""
    return re.sub(r"[\s_\-.]", "", name).lower()


@dataclass(frozen=True)
class Alias:
    """Another name of a catalog process, possibly with its own parameter names and defaults.

    ``params`` maps the alias's parameter names to the constructor's (``{"bias": "p"}``);
    ``transform`` (optional) maps the alias's keyword arguments, defaults filled in, to the constructor's
    when a renaming is not enough (sofic's ``bias`` may be ``1 - p``); ``defaults`` are the alias's own
    defaults (as exact text), which may differ from the constructor's.

    A name of the peer library sofic says where sofic defines it (``sofic="processes"``,
    ``"epsilon_machines"`` or ``"tetris"``): the test suite then checks the process against sofic's word
    probabilities, which are expected to agree unless ``differs`` says why sofic's construction is
    wrong.  ``ignore`` lists sofic parameters that choose a presentation, not the process
    (``machine_type``): they are accepted and have no effect.  A sofic name that is also compmech's own
    name (sofic's ``golden_mean``) is recorded for the check but never shadows compmech's parameters.
    """

    name: str
    params: Mapping[str, str] = field(default_factory=dict)
    defaults: Mapping[str, str] = field(default_factory=dict)
    transform: Callable[[dict], dict] | None = None
    sofic: str | None = None
    ignore: tuple[str, ...] = ()
    differs: str | None = None

    def arguments(self, kwargs: dict, entry: Entry) -> dict:
        """The constructor's keyword arguments for a call under this alias."""
        kwargs = {k: v for k, v in kwargs.items() if k not in self.ignore}
        known = set(self.params) | set(self.defaults)
        if not known:  # a plain renaming: the constructor's own parameters
            return dict(kwargs)
        unknown = sorted(set(kwargs) - known)
        if unknown:
            raise InvalidArgumentError(
                f"{self.name}: unknown parameter {unknown[0]!r}; its parameters are {', '.join(sorted(known))} "
                f"(the names of {entry.name} are {', '.join(entry.parameters) or 'none'})"
            )
        given = {**self.defaults, **kwargs}
        if self.transform is not None:
            return self.transform(given)
        return {self.params.get(k, k): v for k, v in given.items()}


@dataclass(frozen=True)
class Entry:
    """A named process of the catalog.

    Attributes
    ----------
    name : str
        The canonical name (the constructor's: ``golden_mean``).
    constructor : callable
        Builds the process; every parameter has an exact default.
    aliases : tuple of Alias
        Other names (sofic's among them), each possibly with its own parameters.
    defaults : mapping
        Parameter name -> default, as exact text (``{"p": "1/2"}``); optional parameters whose default is
        ``None`` (a construction chosen from the others) are left out.
    parameters : tuple of str
        Every parameter the constructor takes.
    text_parameters : frozenset of str
        The parameters that take text (a word), not a number.
    size : callable or None
        ``size(**kwargs) -> (states, symbols)`` without building the process, for entries whose size
        depends on their parameters (``None``: the size of the default process, for every parameter).
    family : str
        One of :data:`FAMILIES`.
    reference : str
        Where the process is defined (a citation; never empty).
    description : str
        One line.
    """

    name: str
    constructor: Callable[..., Any]
    aliases: tuple[Alias, ...]
    defaults: Mapping[str, str]
    parameters: tuple[str, ...]
    family: str
    reference: str
    description: str
    text_parameters: frozenset[str] = frozenset()
    size: Callable[..., tuple[int, int]] | None = None

    @property
    def alias_names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.aliases)

    def __call__(self, **params):
        """The process with these parameters (the defaults for the others)."""
        return self.constructor(**params)

    def arguments(self, params: dict, alias: Alias | None = None) -> dict:
        """The constructor's keyword arguments for a call under ``alias`` (``None``: the entry's own name)."""
        kwargs = alias.arguments(params, self) if alias is not None else dict(params)
        unknown = sorted(set(kwargs) - set(self.parameters))
        if unknown:
            raise InvalidArgumentError(
                f"{self.name}: unknown parameter {unknown[0]!r}; its parameters are {', '.join(self.parameters) or 'none'}"
            )
        return kwargs

    def shape(self, kwargs: dict) -> tuple[int, int]:
        """``(states, symbols)`` of the process with these constructor arguments, built only if it must be."""
        if self.size is not None:
            return self.size(**kwargs)
        return _default_shape(self.name)

    def matches(self, word: str) -> bool:
        """Whether ``word`` occurs (case-insensitively) in the name, an alias, the family or the description."""
        w = word.lower()
        keys = [self.name, *self.alias_names, self.family, self.description]
        return any(w in k.lower() for k in keys) or normalize(word) in {normalize(k) for k in keys[:-1]}


_ENTRIES: dict[str, Entry] = {}
_KEYS: dict[str, tuple[Entry, Alias | None]] = {}
_EXACT: dict[str, tuple[Entry, Alias]] = {}  # alias names as spelled: sofic's GoldenMean has sofic's parameters


@functools.cache
def _default_shape(name: str) -> tuple[int, int]:
    hmm = _ENTRIES[name].constructor()
    return hmm.n_states, hmm.n_symbols


def _default_text(value) -> str:
    return value if isinstance(value, str) else str(value)


def _docstring_reference(doc: str) -> str:
    """The first item of a numpydoc ``References`` section (``- A. Author, "Title", ...``), or ``""``."""
    lines = doc.splitlines()
    for i, line in enumerate(lines[:-1]):
        if line.strip() == "References" and set(lines[i + 1].strip()) == {"-"}:
            item: list[str] = []
            for text in lines[i + 2 :]:
                t = text.strip()
                if not t or (item and t.startswith(("- ", ".. [", "["))):
                    break
                item.append(t.removeprefix("- "))
            return " ".join(item)
    return ""


def register(
    family: str,
    reference: str | None = None,
    aliases: tuple = (),
    name: str | None = None,
    description: str | None = None,
    size: Callable[..., tuple[int, int]] | None = None,
):
    """Register a constructor in the catalog (a decorator; the constructor is returned unchanged).

    ``aliases`` holds names (``str``) or :class:`Alias` objects; the description defaults to the first
    line of the constructor's docstring, the reference to the first item of its ``References`` section;
    ``size(**kwargs) -> (states, symbols)`` is required when the size depends on the parameters (a
    specification is budgeted before anything is built).  Two entries whose names or aliases coincide after
    :func:`normalize` are refused.
    """
    if family not in FAMILIES:
        raise InvalidArgumentError(f"unknown catalog family {family!r}; known: {', '.join(FAMILIES)}")

    def decorate(fn):
        entry_name = name or fn.__name__
        ref = (reference or _docstring_reference(fn.__doc__ or "")).strip()
        if not ref:
            raise InvalidArgumentError(f"catalog entry {entry_name} needs a reference (or a References section)")
        sig = inspect.signature(fn)
        missing = [p for p in sig.parameters.values() if p.default is inspect.Parameter.empty]
        if missing:
            raise InvalidArgumentError(f"catalog entry {entry_name}: parameter {missing[0].name} has no default")
        defaults = MappingProxyType(
            {k: _default_text(p.default) for k, p in sig.parameters.items() if p.default is not None}
        )
        doc = (fn.__doc__ or "").strip().splitlines()
        entry = Entry(
            name=entry_name,
            constructor=fn,
            aliases=tuple(a if isinstance(a, Alias) else Alias(a) for a in aliases),
            defaults=defaults,
            parameters=tuple(sig.parameters),
            text_parameters=frozenset(k for k, p in sig.parameters.items() if isinstance(p.default, str)),
            size=size,
            family=family,
            reference=ref,
            description=description or (doc[0].strip() if doc else entry_name),
        )
        names = [(entry_name, None), *((a.name, a) for a in entry.aliases)]
        for key_name, _ in names:  # check every name before registering any
            key = normalize(key_name)
            if key in _KEYS and _KEYS[key][0].name != entry_name:
                raise InvalidArgumentError(
                    f"catalog name {key_name!r} of {entry_name} is already a name of {_KEYS[key][0].name}"
                )
        if entry_name in _ENTRIES:
            raise InvalidArgumentError(f"catalog entry {entry_name} is registered twice")
        for key_name, alias in names:
            _KEYS.setdefault(normalize(key_name), (entry, alias))  # the entry's own name first
            if alias is not None:
                _EXACT.setdefault(alias.name, (entry, alias))
        _ENTRIES[entry_name] = entry
        return fn

    return decorate


def sofic_names() -> dict[tuple[str, str], tuple[Entry, Alias]]:
    """``{(sofic module, sofic name): (entry, alias)}`` of every sofic name in the catalog."""
    return {(a.sofic, a.name): (e, a) for e in _ENTRIES.values() for a in e.aliases if a.sofic is not None}


def catalog(family: str | None = None) -> list[Entry]:
    """Every entry of the catalog (of one family if given), by family then name.

    Examples
    --------
    >>> from compmech.processes import catalog
    >>> e = next(e for e in catalog() if e.name == "golden_mean")
    >>> e.family, dict(e.defaults)
    ('golden mean', {'p': '1/2'})
    """
    order = {f: i for i, f in enumerate(FAMILIES)}
    entries = [e for e in _ENTRIES.values() if family is None or e.family == family]
    return sorted(entries, key=lambda e: (order[e.family], e.name))


def lookup(name: str) -> tuple[Entry, Alias | None]:
    """The entry of ``name`` (any of its names), and the alias it was found under (``None``: the name).

    An alias spelled exactly as registered (sofic's ``GoldenMean``) is found with its own parameters;
    any other spelling finds the entry's own name first.
    """
    if not isinstance(name, str):
        raise InvalidArgumentError(f"a process name is text, got {type(name).__name__}")
    if name in _EXACT and _EXACT[name][0].name != name:  # an alias as spelled, with its own parameters
        return _EXACT[name]
    try:
        return _KEYS[normalize(name)]
    except KeyError:
        raise UnknownNameError(f"unknown process {excerpt(name)}{suggest(name)}") from None


def suggest(name: str) -> str:
    """``"; did you mean a, b?"`` (names that contain ``name`` or are close to it), then where to look."""
    import difflib

    keys = {normalize(k): e.name for e in _ENTRIES.values() for k in (e.name, *e.alias_names)}
    close = sorted({e.name for e in _ENTRIES.values() if e.matches(name)})
    close += [
        keys[k] for k in difflib.get_close_matches(normalize(name), keys, n=4, cutoff=0.7) if keys[k] not in close
    ]
    hint = f"; did you mean {', '.join(close[:6])}?" if close else ""
    return f"{hint} (`compmech processes --search WORD` searches the {len(_ENTRIES)} catalog processes)"


def get(name: str, **params):
    """The catalog process ``name`` (its name or any alias, case and ``_`` ignored) with these parameters.

    Examples
    --------
    >>> from compmech.processes import get
    >>> get("GoldenMean") == get("golden_mean") == get("goldenmean")
    True
    >>> get("golden_mean", p="1/3").stationary_distribution()
    (3/4, 1/4)
    """
    entry, alias = lookup(name)
    return entry.constructor(**entry.arguments(params, alias))
