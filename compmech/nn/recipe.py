"""Experiment recipes as data: the process, the architecture, the training settings, the published numbers
and the checks a reproduction must pass, in one TOML file a user can copy and edit.

The recipes shipped with compmech live in ``compmech/nn/recipes/*.toml`` (``mess3``, ``rrxor``);
``compmech reproduce --recipe my.toml`` runs a user's own.  Reading a recipe never evaluates its text:
the process is a catalog spec or an HMM file (read by the safe number reader), every option is
type- and range-checked, and a check is a comparison of two named quantities.
"""

from __future__ import annotations

import operator
import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

from ..errors import InvalidArgumentError, UnknownNameError
from ._recipe_files import shipped_names
from .model import TransformerConfig
from .train import TrainConfig

if TYPE_CHECKING:
    from typing import Any

__all__ = ["Recipe", "Check", "load_recipe", "RECIPES", "recipe_quantities"]

_OPS = {"<": operator.lt, "<=": operator.le, "==": operator.eq, ">=": operator.ge, ">": operator.gt}
_QUANTITY = re.compile(
    r"(larger_)?(mse|shuffled|rel|unseen|heldout_ols|heldout_ridge):[A-Za-z0-9_.]+|"
    r"(joint|posterior|within)_(mse|shuffled|r2):[A-Za-z0-9_.]+|n_beliefs|n_classes|r2_belief_distance|r2_next_token_distance|"
    r"separation_p|separation_eta2"
)


@dataclass(frozen=True)
class Check:
    """``left op times * right``, where each side is a number or a named quantity of the probe report."""

    left: str
    op: str
    right: float | str
    times: float = 1.0
    why: str = ""

    def evaluate(self, quantities: Mapping[str, float]) -> tuple[bool, str]:
        """``(passed, one line saying what was compared)``."""
        lv = _value(self.left, quantities)
        rv = _value(self.right, quantities) * self.times
        ok = bool(_OPS[self.op](lv, rv))
        if isinstance(self.right, str):
            scale = f"{self.times:g} x " if self.times != 1 else ""
            text = f"{self.left} = {lv:.6g} {self.op} {scale}{self.right} = {rv:.6g}"
        else:
            text = f"{self.left} = {lv:.6g} {self.op} {rv:.6g}"
        return ok, text + (f": {self.why}" if self.why else "")


def _value(side, quantities) -> float:
    if isinstance(side, (int, float)):
        return float(side)
    if side not in quantities:
        raise UnknownNameError(f"recipe check: no quantity {side!r} in this report; have {sorted(quantities)}")
    return float(quantities[side])


@dataclass(frozen=True)
class Recipe:
    """One experiment: process, architecture, training, published reference and checks.

    Examples
    --------
    >>> r = RECIPES["rrxor"]
    >>> r.model.d_model, r.train.n_tokens, r.hmm().n_states, len(r.checks)
    (128, 9500000, 5, 7)
    """

    name: str
    description: str
    process: str
    model: TransformerConfig
    train: TrainConfig
    stand_in_tokens: int = 500_000
    published_folder: str | None = None
    probe_checkpoints: tuple[str, ...] = ()
    sha256: Mapping[str, str] = field(default_factory=dict)
    published: Mapping = field(default_factory=dict)
    checks: tuple[Check, ...] = ()
    path: str | None = None
    heldout: bool = False  # also probe on held-out words (OLS and standardized ridge, 5 half splits)
    beliefs: str = "presentation"  # probe targets: beliefs of the presentation, or of its minimal one
    larger: str | None = None  # a larger presentation of the same process whose beliefs are probed too
    dependent: str | None = None  # factored experiment: the same factors with their independence broken
    eval_sequences: int = 4096  # factored experiment: sampled sequences with exact beliefs for evaluation

    def hmm(self):
        """The process (a fresh HMM each call)."""
        from ..spec import parse_spec

        return parse_spec(self.process)

    def probe_presentation(self):
        """The presentation whose beliefs the probes target (``beliefs = "minimal"``: the canonical minimal one)."""
        if self.beliefs == "minimal":
            from ..models.minimal import minimal_presentation

            return minimal_presentation(self.hmm()).ghmm
        return self.hmm()

    def larger_presentation(self):
        """The recipe's larger presentation (``None`` when it names none), checked to present the same process."""
        if self.larger is None:
            return None
        from ..models.minimal import minimal_presentation
        from ..spec import parse_spec

        big = parse_spec(self.larger)
        if minimal_presentation(big).ghmm != minimal_presentation(self.hmm()).ghmm:
            raise InvalidArgumentError(
                f"recipe {self.name}: larger = {self.larger!r} is not a presentation of the process "
                f"{self.process!r} (their canonical minimal presentations differ)"
            )
        return big


def _table(d, key, where, required=False) -> dict:
    v = d.get(key, {} if not required else None)
    if not isinstance(v, dict):
        raise InvalidArgumentError(f"{where}: [{key}] must be a table")
    return v


def recipe_from_dict(d: dict, where: str = "recipe") -> Recipe:
    """Build and validate a :class:`Recipe` from the parsed TOML (see the shipped files for the schema)."""
    allowed = {
        "name",
        "description",
        "process",
        "stand_in_tokens",
        "model",
        "train",
        "published",
        "checks",
        "heldout",
        "beliefs",
        "larger",
        "dependent",
        "eval_sequences",
    }
    unknown = set(d) - allowed
    if unknown:
        raise InvalidArgumentError(f"{where}: unknown keys {sorted(unknown)}; known: {sorted(allowed)}")
    for key in ("name", "process"):
        if not isinstance(d.get(key), str) or not d[key].strip():
            raise InvalidArgumentError(f"{where}: {key!r} must be non-empty text")
    if not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", d["name"]):
        raise InvalidArgumentError(f"{where}: name {d['name']!r} must be letters, digits, '_', '.', '-'")
    from ..spec import parse_spec

    hmm = parse_spec(d["process"])
    model = TransformerConfig.from_dict({"d_vocab": hmm.n_symbols, **_table(d, "model", where)})
    if model.d_vocab != hmm.n_symbols:
        raise InvalidArgumentError(
            f"{where}: model d_vocab {model.d_vocab} but the process has {hmm.n_symbols} symbols"
        )
    train = TrainConfig.from_dict(_table(d, "train", where))
    train.validate()
    pub = _table(d, "published", where)
    unknown = set(pub) - {"folder", "probe_checkpoints", "sha256", "numbers"}
    if unknown:
        raise InvalidArgumentError(f"{where}: unknown keys in [published]: {sorted(unknown)}")
    sha = _table(pub, "sha256", where + " [published]")
    if not all(isinstance(k, str) and isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v) for k, v in sha.items()):
        raise InvalidArgumentError(f"{where}: [published.sha256] maps checkpoint names to 64 hex digits")
    probes = pub.get("probe_checkpoints", [])
    if not isinstance(probes, list) or not all(isinstance(p, str) for p in probes):
        raise InvalidArgumentError(f"{where}: probe_checkpoints must be a list of checkpoint names")
    checks = []
    for k, c in enumerate(d.get("checks", [])):
        checks.append(_check_from_dict(c, f"{where}: checks[{k}]"))
    tokens = d.get("stand_in_tokens", 500_000)
    if isinstance(tokens, bool) or not isinstance(tokens, int) or tokens < 1:
        raise InvalidArgumentError(f"{where}: stand_in_tokens must be a positive whole number")
    return Recipe(
        name=d["name"],
        description=str(d.get("description", "")),
        process=d["process"],
        model=model,
        train=train,
        stand_in_tokens=tokens,
        published_folder=pub.get("folder"),
        probe_checkpoints=tuple(probes),
        sha256=dict(sha),
        published=_table(pub, "numbers", where + " [published]"),
        checks=tuple(checks),
        heldout=bool(d.get("heldout", False)),
        beliefs=_choice(d, "beliefs", ("presentation", "minimal"), where),
        larger=_optional_text(d, "larger", where),
        dependent=_optional_text(d, "dependent", where),
        eval_sequences=_eval_sequences(d, where),
    )


def _eval_sequences(d, where) -> int:
    v = d.get("eval_sequences", 4096)
    if isinstance(v, bool) or not isinstance(v, int) or not 16 <= v <= 10**6:
        raise InvalidArgumentError(f"{where}: eval_sequences must be a whole number from 16 to 1,000,000")
    return v


def _choice(d, key, options, where) -> str:
    v = d.get(key, options[0])
    if v not in options:
        raise InvalidArgumentError(f"{where}: {key} = {v!r}; use one of {', '.join(options)}")
    return v


def _optional_text(d, key, where) -> str | None:
    v = d.get(key)
    if v is not None and (not isinstance(v, str) or not v.strip()):
        raise InvalidArgumentError(f"{where}: {key} must be a process spec (text)")
    return v


def _check_from_dict(c, where) -> Check:
    if (
        not isinstance(c, dict)
        or set(c) - {"left", "op", "right", "times", "why"}
        or not {"left", "op", "right"} <= set(c)
    ):
        raise InvalidArgumentError(f"{where}: a check has left, op, right and optionally times and why")
    for side in ("left", "right"):
        v = c[side]
        if isinstance(v, bool) or not (isinstance(v, (int, float)) or (isinstance(v, str) and _QUANTITY.fullmatch(v))):
            raise InvalidArgumentError(f"{where}: {side} = {v!r} is neither a number nor a known quantity")
    if c["op"] not in _OPS:
        raise InvalidArgumentError(f"{where}: op {c['op']!r}; use one of {' '.join(_OPS)}")
    times = c.get("times", 1.0)
    if isinstance(times, bool) or not isinstance(times, (int, float)):
        raise InvalidArgumentError(f"{where}: times must be a number")
    return Check(c["left"], c["op"], c["right"], float(times), str(c.get("why", "")))


def load_recipe(name_or_path: str | os.PathLike) -> Recipe:
    """A shipped recipe by name (``"mess3"``, ``"rrxor"``) or a user's TOML file by path.

    Raises
    ------
    UnknownNameError
        For a name that is neither shipped nor an existing file.
    InvalidArgumentError
        For a file that is not valid TOML or not a valid recipe (the message names the key).
    """
    text = os.fspath(name_or_path)
    if text in shipped_names():
        data = resources.files("compmech.nn").joinpath("recipes", f"{text}.toml").read_bytes()
        where = f"recipe {text}"
    elif os.path.isfile(text):
        if os.path.getsize(text) > 2**20:
            raise InvalidArgumentError(f"recipe {text}: larger than 1 MiB")
        with open(text, "rb") as f:
            data = f.read()
        where = f"recipe {text}"
    else:
        raise UnknownNameError(
            f"no recipe {text!r}; shipped: {', '.join(shipped_names())} (or the path of a TOML file)"
        )
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidArgumentError(f"{where}: not valid TOML ({exc})") from None
    recipe = recipe_from_dict(parsed, where)
    return recipe if text in shipped_names() else Recipe(**{**recipe.__dict__, "path": text})


class _Shipped(Mapping):
    """The shipped recipes by name, read on first use."""

    def __init__(self):
        self._cache: dict[str, Recipe] = {}

    def __getitem__(self, name: str) -> Recipe:
        if name not in self._cache:
            if name not in shipped_names():
                raise UnknownNameError(f"no recipe {name!r}; have {shipped_names()}")
            self._cache[name] = load_recipe(name)
        return self._cache[name]

    def __iter__(self) -> Iterator[str]:
        return iter(shipped_names())

    def __len__(self) -> int:
        return len(shipped_names())


RECIPES: Mapping[str, Recipe] = _Shipped()


def recipe_quantities(rep: Any, n_layers: int) -> dict[str, float]:
    """The named quantities a check may use, from a :class:`~compmech.nn.geometry.GeometryReport`."""
    q: dict[str, float] = {}
    aliases = {"final": f"blocks.{n_layers - 1}.hook_resid_post", "embed": "blocks.0.hook_resid_pre"}
    singles = [s for s in rep.streams if not s.name.startswith("concat")]
    for s in rep.streams:
        q[f"mse:{s.name}"], q[f"shuffled:{s.name}"] = s.mse, s.mse_shuffled
        q[f"rel:{s.name}"] = s.mse / s.mse_shuffled if s.mse_shuffled > 0 else float("nan")
    for alias, name in aliases.items():
        for kind in ("mse", "shuffled", "rel"):
            if f"{kind}:{name}" in q:
                q[f"{kind}:{alias}"] = q[f"{kind}:{name}"]
    if singles:
        q["mse:best_single"] = min(s.mse for s in singles)
    q["n_beliefs"], q["n_classes"] = rep.classes.get("n_beliefs", 0), rep.classes.get("n_classes", 0)
    for key, name in (
        ("r2_belief_distance", "r2_vs_belief_distance"),
        ("r2_next_token_distance", "r2_vs_next_token_distance"),
    ):
        if name in rep.distances:
            q[key] = rep.distances[name]
    for key, name in (("separation_p", "p_value"), ("separation_eta2", "eta2")):
        if name in rep.separation:
            q[key] = rep.separation[name]
    return q
