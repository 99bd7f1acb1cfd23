"""Hostile files and bad input: nothing runs, nothing is destroyed, nothing is silently wrong.

One test per case of the [trust] audit (reproduce first, then the fix): code execution, destroyed data,
memory blow-ups and hangs, tracebacks, silently wrong results.  Command-line cases run the real
``compmech`` process and require exit status 2 (user error) and exactly one line on standard error.
"""

import gzip
import json
import os
import stat
import subprocess
import sys
import time
import warnings

import numpy as np
import pytest

from compmech import HMM, ground_truth, load_fixture, load_hmm, save_fixture, save_hmm
from compmech.errors import (
    BudgetExceededError,
    CompmechError,
    DuplicateSymbolError,
    FixtureError,
    InvalidArgumentError,
    InvalidEntryError,
    ProbabilityRangeError,
    UnsafePathError,
)
from compmech.io import hmm_to_dict, write_msp
from compmech.io.fixtures import _digest
from compmech.kernel.atomic import atomic_write, read_json
from compmech.kernel.numbers import read_exact
from compmech.processes import golden_mean, random_hmm, rrxor

EVIL = "__import__('os').system('touch {marker}') and 0 or 1/2"


def cli(*args, cwd=None, timeout=60):
    """Run ``compmech ARGS`` as a user would; return (returncode, stdout, stderr, seconds)."""
    t0 = time.perf_counter()
    r = subprocess.run(
        [sys.executable, "-m", "compmech.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=timeout
    )
    return r.returncode, r.stdout, r.stderr, time.perf_counter() - t0


def assert_one_line_error(result, *needles, code=2):
    """Exit status ``code`` and one line of error (progress bars of long work aside), no traceback."""
    rc, _, err, _ = result
    lines = [ln for ln in err.replace("\r", "\n").strip().splitlines() if ln.strip() and "%|" not in ln]
    assert rc == code, err
    assert len(lines) == 1 and "Traceback" not in err, err
    for n in needles:
        assert n in lines[0], lines[0]


def golden_file(path, entry="1/2", extra=None):
    d = hmm_to_dict(golden_mean())
    d["matrices"]["0"][0][0] = entry
    d.update(extra or {})
    path.write_text(json.dumps(d))
    return path


def fixture_payload(tmp_path, hmm=None, L=3):
    path = tmp_path / "fx.json"
    save_fixture(ground_truth(hmm or golden_mean(), L), path)
    return json.loads(path.read_text())


def write_fixture(path, payload):
    payload = {k: v for k, v in payload.items() if k != "sha256"}
    payload["sha256"] = _digest(payload)  # anyone can recompute the checksum
    path.write_text(json.dumps(payload))
    return path


# ------------------------------------------------------------------------------------------ code execution
@pytest.mark.integration
def test_hmm_file_entries_are_never_evaluated(tmp_path):
    marker = tmp_path / "PWNED"
    f = golden_file(tmp_path / "evil.json", EVIL.format(marker=marker))
    with pytest.raises(InvalidEntryError, match="the construct"):
        load_hmm(f)
    assert_one_line_error(cli("msp", str(f)), "the construct")
    assert_one_line_error(cli("measures", str(f)))
    assert not marker.exists()


def test_fixture_embedded_hmm_is_never_evaluated(tmp_path):
    marker = tmp_path / "PWNED"
    payload = fixture_payload(tmp_path)
    payload["hmm"]["matrices"]["0"][0][0] = EVIL.format(marker=marker)
    f = write_fixture(tmp_path / "evil_fx.json", payload)
    with pytest.raises(FixtureError, match="bad HMM definition"):
        load_fixture(f)
    assert not marker.exists()


class _Boom:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.integration
def test_checkpoints_are_never_unpickled(tmp_path):
    torch = pytest.importorskip("torch")
    from compmech.errors import CheckpointError
    from compmech.nn import Transformer, TransformerConfig
    from compmech.nn.train import TrainConfig, train

    marker = tmp_path / "PWNED"
    run = tmp_path / "run"
    run.mkdir()
    torch.save({"model": {}, "optimizer": {}, "step": 0, "metrics": [], "run": _Boom(marker)}, run / "checkpoint.pt")
    mc = TransformerConfig(n_layers=1, d_model=8, n_heads=1, d_head=4, d_mlp=8, n_ctx=4, d_vocab=2)
    tc = TrainConfig(n_tokens=64 * 4 * 2, batch_size=64, progress=False)
    with pytest.raises(CheckpointError, match="cannot be read safely"):
        train(golden_mean(), mc, tc, out_dir=run)
    torch.save({"config": {}, "state_dict": _Boom(marker)}, tmp_path / "model.pt")
    with pytest.raises(CheckpointError):
        Transformer.load(tmp_path / "model.pt")
    assert_one_line_error(
        cli("train", "golden_mean", "--out", str(run), "n_tokens=512", "progress=false"), "cannot be read safely"
    )
    assert not marker.exists()


@pytest.mark.integration
def test_catalog_names_win_over_files(tmp_path):
    (tmp_path / "mess3").write_text(json.dumps(hmm_to_dict(golden_mean())))
    rc, out, _, _ = cli("msp", "mess3", "--max-depth", "2", cwd=tmp_path)
    assert rc == 0 and "[1, 3, 9]" in out  # the catalog's Mess3, not the golden mean in the file
    rc, out, _, _ = cli("msp", "./mess3", cwd=tmp_path)
    assert rc == 0 and out.startswith("golden_mean")
    (tmp_path / "mine").write_text(json.dumps(hmm_to_dict(golden_mean())))
    assert_one_line_error(cli("msp", "mine", cwd=tmp_path), "write ./mine")


# ----------------------------------------------------------------------------------- destroyed or corrupted
def _null_device(tmp_path):
    """A character device (like /dev/null) inside tmp_path, so that a regression cannot replace the real one."""
    dev = tmp_path / "null"
    try:
        os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError, OSError):
        pytest.skip("creating a device node needs root")
    return dev


@pytest.mark.integration
def test_devices_links_and_fifos_are_never_replaced(tmp_path):
    dev = _null_device(tmp_path)
    with pytest.raises(UnsafePathError, match="character device"), atomic_write(dev) as f:
        f.write("x")
    assert stat.S_ISCHR(os.stat(dev).st_mode)
    assert_one_line_error(cli("fixture", "rrxor", "--length", "3", "--out", str(dev)), "character device")
    assert stat.S_ISCHR(os.stat(dev).st_mode) and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    target = tmp_path / "precious.txt"
    target.write_text("keep")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    with pytest.raises(UnsafePathError, match="symbolic link"):
        save_hmm(golden_mean(), link)
    assert target.read_text() == "keep" and link.is_symlink()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(UnsafePathError, match="FIFO"):
        save_hmm(golden_mean(), fifo)
    with pytest.raises(InvalidEntryError, match="not a regular file"):
        load_hmm(fifo)  # reading a FIFO would block forever
    hard = tmp_path / "hard.json"
    os.link(target, hard)
    with pytest.raises(UnsafePathError, match="hard links"):
        save_hmm(golden_mean(), hard)
    assert target.read_text() == "keep"
    (tmp_path / "adir.json").mkdir()
    with pytest.raises(UnsafePathError, match="directory"):
        save_hmm(golden_mean(), tmp_path / "adir.json")


def test_replaced_files_keep_their_mode(tmp_path):
    f = tmp_path / "private.json"
    f.write_text("{}")
    os.chmod(f, 0o600)
    save_hmm(golden_mean(), f)
    assert stat.S_IMODE(os.stat(f).st_mode) == 0o600 and load_hmm(f) == golden_mean()


@pytest.mark.integration
def test_stale_temporaries_of_a_killed_writer_are_removed(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a pid that no longer runs
    from compmech.kernel.atomic import _host

    stale = tmp_path / f".big.json.compmech-{_host()}-{dead.pid}-abc123.tmp"
    elsewhere = tmp_path / f".big.json.compmech-otherhost-{dead.pid}-abc123.tmp"  # another machine's: kept
    elsewhere.write_text("theirs")
    stale.write_bytes(b"x" * 1000)
    foreign = tmp_path / ".notours.tmp"
    foreign.write_text("not ours")
    save_hmm(golden_mean(), tmp_path / "other.json")
    assert not stale.exists() and foreign.exists() and elsewhere.exists()
    # a killed write leaves no temporary behind of its own: the rename is the last step
    code = (
        "import os, compmech.kernel.atomic as a\nwith a.atomic_write({!r}) as f:\n    f.write('x' * 10**6)\n"
        "    f.flush()\n    os.kill(os.getpid(), 9)\n"
    ).format(str(tmp_path / "killed.json"))
    subprocess.run([sys.executable, "-c", code])
    assert not (tmp_path / "killed.json").exists()
    save_hmm(golden_mean(), tmp_path / "again.json")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == sorted(
        [".notours.tmp", elsewhere.name]
    )


@pytest.mark.integration
def test_outputs_never_overwrite_inputs(tmp_path):
    f = tmp_path / "in.json"
    save_hmm(golden_mean(), f)
    before = f.read_bytes()
    assert_one_line_error(cli("fixture", str(f), "--length", "3", "--out", str(f)), "input")
    assert_one_line_error(cli("msp", str(f), "--format", "json", "--out", str(f)), "input")
    assert f.read_bytes() == before


def test_run_directories_hold_one_run(tmp_path):
    pytest.importorskip("torch")
    from filelock import FileLock

    from compmech.errors import CheckpointError
    from compmech.nn import TransformerConfig
    from compmech.nn.train import TrainConfig, train

    mc = TransformerConfig(n_layers=1, d_model=8, n_heads=1, d_head=4, d_mlp=8, n_ctx=4, d_vocab=2)
    tc = TrainConfig(n_tokens=64 * 4 * 3, batch_size=64, eval_every=1, checkpoint_every=1, progress=False, threads=1)
    run = tmp_path / "gm"
    train(golden_mean(), mc, tc, out_dir=run)
    config = (run / "config.json").read_text()
    with pytest.raises(CheckpointError, match="different run: process"):
        train(rrxor(), mc, tc, out_dir=run)  # another process: refused, nothing touched
    with pytest.raises(CheckpointError, match=r"train\.lr \(0\.003 there, 0\.01 now\)"):
        train(golden_mean(), mc, TrainConfig(**{**tc.__dict__, "lr": 0.01}), out_dir=run)
    wide = TransformerConfig(**{**mc.__dict__, "d_model": 16})
    with pytest.raises(CheckpointError, match="model.d_model"):
        train(golden_mean(), wide, tc, out_dir=run)
    assert (run / "config.json").read_text() == config
    again = train(golden_mean(), mc, TrainConfig(**{**tc.__dict__, "progress": False, "threads": 2}), out_dir=run)
    assert again.final["step"] == 3  # resumable options may change; the finished run is not retrained
    fresh = train(rrxor(), mc, tc, out_dir=run, restart=True)
    assert fresh.metrics[0]["step"] == 0 and '"rrxor' in (run / "config.json").read_text()
    with FileLock(str(run / ".compmech.lock")), pytest.raises(CheckpointError, match="in use by another compmech"):
        train(rrxor(), mc, tc, out_dir=run)


# -------------------------------------------------------------------------- memory blow-ups and hangs
@pytest.mark.integration
@pytest.mark.parametrize(
    "args, needle",
    [
        (["fixture", "sns", "--length", "30", "--out", "{tmp}/f.json"], "--max-words"),
        (["msp", "mess3", "--max-states", "100000000"], "--max-states"),
        (["demo", "--depth", "30"], "max_states"),
        (["plot", "mess3", "--depth", "20", "--out", "{tmp}/p.png"], "max_states"),
        (["sample", "mess3", "-n", "10000000000", "--length", "10", "--out", "{tmp}/s.npz"], "-n smaller"),
        (["msp", "period:word=" + "0" * 1999 + "1"], "at most 1,000"),
    ],
)
def test_huge_requests_fail_in_seconds(tmp_path, args, needle):
    result = cli(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert_one_line_error(result, needle)
    assert result[3] < 20  # seconds, including the interpreter's start


def test_huge_numbers_and_models_fail_in_microseconds(tmp_path):
    for entry in [
        "1/2**(2**34)",
        "factorial(10**7)/factorial(10**7)/2",
        "1/" + "7" * 5000,
        "9" * 401,
        "(" * 500 + "1" + ")" * 500,
        "1e999999",
        "2**-65",
    ]:
        t0 = time.perf_counter()
        with pytest.raises(InvalidEntryError):
            load_hmm(golden_file(tmp_path / "big.json", entry))
        assert time.perf_counter() - t0 < 0.5, entry
    n = 1500
    big = {
        "format": "compmech-hmm",
        "version": 1,
        "alphabet": [0],
        "matrices": {"0": [["1" if j == (i + 1) % n else "0" for j in range(n)] for i in range(n)]},
    }
    (tmp_path / "dense.json").write_text(json.dumps(big))
    t0 = time.perf_counter()
    with pytest.raises(InvalidEntryError, match="at most 1,000,000 entries"):
        load_hmm(tmp_path / "dense.json")
    assert time.perf_counter() - t0 < 5
    with pytest.raises(BudgetExceededError, match="max_words"):
        ground_truth(golden_mean(), 60)


@pytest.mark.integration
def test_training_context_beyond_the_ground_truth_budget():
    pytest.importorskip("torch")
    assert_one_line_error(
        cli("train", "mess3", "--out", "/tmp/never-written-run", "n_ctx=40", "progress=false"), "max_words"
    )
    assert not os.path.exists("/tmp/never-written-run/checkpoint.pt")


# ------------------------------------------------------------------------------ tracebacks become errors
@pytest.mark.integration
def test_symbolic_hmm_files_give_exact_measures(tmp_path):
    f = tmp_path / "sym.json"
    f.write_text(
        json.dumps(
            {
                "format": "compmech-hmm",
                "version": 1,
                "parameters": ["p"],
                "alphabet": [0, 1],
                "matrices": {"0": [["1-p", "0"], ["1", "0"]], "1": [["0", "p"], ["0", "0"]]},
            }
        )
    )
    rc, out, err, _ = cli("measures", str(f))
    assert rc == 0 and "Markov order R" in out and "(parametric)" in out, err
    undeclared = golden_file(tmp_path / "undeclared.json", "1-q")
    with pytest.raises(InvalidEntryError, match="no parameters are declared"):
        load_hmm(undeclared)


@pytest.mark.integration
@pytest.mark.parametrize(
    "content, needle",
    [
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"format": "compmech-hmm", "version": 1, "name": "\\ud800"}', "surrogate"),
        (b"", "not valid JSON"),
        (b'{"format": "compmech-hmm", "version": 1, "alphabet": [0, "0"], "matrices": {"0": [["1"]]}}', "matrices"),
    ],
)
def test_unreadable_hmm_files(tmp_path, content, needle):
    f = tmp_path / "bad.json"
    f.write_bytes(content)
    with pytest.raises(InvalidEntryError, match=needle):
        load_hmm(f)
    assert_one_line_error(cli("msp", str(f)), needle)


def _mutated_fixture(tmp_path, change, hmm=None, L=3, recompute=True):
    payload = fixture_payload(tmp_path, hmm, L)
    change(payload)
    f = tmp_path / "bad_fx.json"
    if recompute:
        return write_fixture(f, payload)
    f.write_text(json.dumps(payload))
    return f


@pytest.mark.parametrize(
    "change, needle",
    [
        (lambda d: d.update(context_length=4), "tokens must be a list of rows of 4"),
        (lambda d: d["tokens"][1].append(0), "tokens must be a list of rows of 3"),
        (lambda d: d["beliefs"][0].append("0"), "expected a list of 2"),
        (lambda d: d.update(probabilities=["1/3"] + d["probabilities"][1:]), "sum to"),
        (lambda d: d["belief_index"][0].__setitem__(2, 99), "belief_index outside"),
        (lambda d: d["belief_index"][0].__setitem__(2, -1), "belief_index outside"),
        (lambda d: d["tokens"][0].__setitem__(0, 7), "tokens outside"),
        (lambda d: d["tokens"][0].__setitem__(0, True), "not an integer"),
        (lambda d: d.update(hmm=hmm_to_dict(random_hmm(2, 2, seed=4))), "not the"),
        (lambda d: d.update(version=0), "not a version"),
        (lambda d: d.update(version=-5), "not a version"),
        (lambda d: d.update(version=True), "not a version"),
        (lambda d: d["beliefs"][1].__setitem__(0, "1/" + "3" * 5000), "digits"),
    ],
)
def test_fixtures_are_checked_for_meaning(tmp_path, change, needle):
    f = _mutated_fixture(tmp_path, change)
    with pytest.raises(FixtureError, match=needle):
        load_fixture(f)


def test_fixture_with_swapped_word_probabilities_fails_the_full_check(tmp_path):
    """Two words' probabilities exchanged: still fractions summing to 1, consistent floats, a valid checksum;
    only the recomputation from the embedded HMM (verify="full") can tell."""
    payload = fixture_payload(tmp_path, golden_mean(), 3)  # probabilities 1/6, 1/6, 1/3, 1/6, 1/6
    for key in ("probabilities", "probabilities_float"):
        payload[key][1], payload[key][2] = payload[key][2], payload[key][1]
    f = write_fixture(tmp_path / "sw.json", payload)
    from fractions import Fraction

    assert load_fixture(f).probabilities[1] == Fraction(1, 3)
    with pytest.raises(FixtureError, match="recomputed"):
        load_fixture(f, verify="full")


def test_corrupted_gzip_body(tmp_path):
    f = tmp_path / "fx.json.gz"
    save_fixture(ground_truth(golden_mean(), 3), f)
    raw = bytearray(f.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    f.write_bytes(bytes(raw))
    with pytest.raises(FixtureError, match="corrupted|not valid|mismatch|not UTF-8"):
        load_fixture(f)
    f.write_bytes(gzip.compress(b"x" * 100)[:20])
    with pytest.raises(FixtureError, match="truncated or corrupted"):
        load_fixture(f)


@pytest.mark.integration
@pytest.mark.parametrize(
    "override, needle",
    [
        ("lr=abc", "lr = 'abc' must be a number"),
        ("lr=-1", "lr = -1 is outside"),
        ("lr=nan", "not a finite"),
        ("d_model=-1", "d_model = -1 is outside"),
        ("eval_every=0", "eval_every = 0"),
        ("checkpoint_every=0", "checkpoint_every = 0"),
        ("threads=-3", "threads = -3"),
        ("device=cuda", "cuda"),
        ("batch_size=1.5", "whole number"),
    ],
)
def test_training_options_are_checked(tmp_path, override, needle):
    pytest.importorskip("torch")
    import torch

    if override == "device=cuda" and torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    assert_one_line_error(cli("train", "golden_mean", "--out", str(tmp_path / "r"), override), needle)


@pytest.mark.integration
def test_bad_config_and_checkpoint_files(tmp_path):
    pytest.importorskip("torch")
    cfg = tmp_path / "c.json"
    cfg.write_text("{not json")
    assert_one_line_error(
        cli("train", "golden_mean", "--out", str(tmp_path / "r"), "--config", str(cfg)), "not valid JSON"
    )
    run = tmp_path / "r2"
    run.mkdir()
    (run / "checkpoint.pt").write_bytes(b"")
    assert_one_line_error(cli("train", "golden_mean", "--out", str(run)), "empty")
    (run / "checkpoint.pt").write_bytes(b"PK\x03\x04 truncated")
    assert_one_line_error(cli("train", "golden_mean", "--out", str(run)), "cannot be read safely")


@pytest.mark.integration
@pytest.mark.parametrize(
    "args, needle",
    [
        (["sample", "mess3", "-n", "3", "--length", "4", "--seed", "-1", "--out", "{tmp}/s.npz"], "below 0"),
        (["plot", "mess3", "--out", "{tmp}/p.xyz"], "unknown image format 'xyz'"),
        (["msp", "mess3:x=1/20,x=1/3"], "given twice"),
        (["measures", "mess3", "--max-states", "0"], "below 1"),
        (["sample", "mess3", "-n", "3", "--length", "4", "--states", "--out", "{tmp}/s.npy"], ".npz"),
        (["reproduce", "rrxor", "--n-tokens", "0"], "at least 1"),
    ],
)
def test_command_line_mistakes(tmp_path, args, needle):
    if args[0] == "reproduce":
        pytest.importorskip("torch")
    assert_one_line_error(cli(*[a.replace("{tmp}", str(tmp_path)) for a in args]), needle)


def test_unexpected_errors_are_one_line_with_a_hint(monkeypatch, capsys):
    from compmech.cli import commands as C

    def broken(args):
        raise ZeroDivisionError("a bug")

    parser = C.build_parser()
    monkeypatch.setattr(C, "build_parser", lambda: parser)
    parser._subparsers._group_actions[0].choices["processes"].set_defaults(func=broken)
    assert C.main(["processes"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--debug" in err[0] and "ZeroDivisionError" in err[0]
    with pytest.raises(ZeroDivisionError):
        C.main(["--debug", "processes"])


def test_published_folder_ignores_other_files(tmp_path):
    pytest.importorskip("torch")
    from compmech.nn.reproduce import published_checkpoints

    for name in ("6400.pt", "best.pt", "64000.pt", "notes.txt"):
        (tmp_path / name).write_bytes(b"")
    assert published_checkpoints(str(tmp_path)) == ["6400", "64000"]


# ----------------------------------------------------------------------------------------- silently wrong
def test_symbols_that_print_alike_are_refused(tmp_path):
    with pytest.raises(DuplicateSymbolError, match="print the same"):
        HMM({0: [["1/2", "0"], ["1", "0"]], "0": [["0", "1/2"], ["0", "0"]]})
    f = tmp_path / "mixed.json"
    f.write_text(json.dumps({"format": "compmech-hmm", "version": 1, "alphabet": [0, "0"], "matrices": {"0": [["1"]]}}))
    with pytest.raises(InvalidEntryError):
        load_hmm(f)


@pytest.mark.integration
def test_small_silent_errors_now_speak(tmp_path):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        HMM.from_float([[[1 - 1e-300, 1e-300], [1.0, 0.0]]])
    assert any("support of the HMM changes" in str(x.message) for x in w)
    with pytest.raises(InvalidArgumentError):
        random_hmm(2.7, 2)
    with pytest.raises(ProbabilityRangeError):
        golden_mean().word_probability([0], start=[2, -1])
    assert_one_line_error(cli("msp", "golden_mean:p=1/3,p=1/2"), "given twice")


@pytest.mark.integration
def test_dot_and_terminal_output_escape_names(tmp_path, capsys):
    evil = 'x"]; injected [label="boom'
    h = HMM({evil: [["1/2", "0"], ["1", "0"]], "b": [["0", "1/2"], ["0", "0"]]}, name="\x1b[31mred\x1b[0m")
    from compmech import mixed_state_presentation

    out = tmp_path / "g.dot"
    write_msp(mixed_state_presentation(h), out, "dot")
    text = out.read_text()
    assert "injected [" not in text.replace('\\"]; injected [label=\\"', "")
    assert text.count("->") == mixed_state_presentation(h).graph.number_of_edges()
    f = tmp_path / "ansi.json"
    save_hmm(h, f)
    rc, stdout, _, _ = cli("msp", str(f))
    assert rc == 0 and "\x1b" not in stdout and "\\x1b[31m" in stdout


# ---------------------------------------------------------------------------------------------- fuzzing
import contextlib

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


def _quick(fn):
    t0 = time.perf_counter()
    with contextlib.suppress(CompmechError):
        fn()
    assert time.perf_counter() - t0 < 1.0


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_fuzz_number_reader(text):
    _quick(lambda: read_exact(text, symbols={"p": __import__("sympy").Symbol("p")}))


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200) | _json.map(lambda d: json.dumps(d).encode()))
def test_fuzz_hmm_reader(tmp_path_factory, raw):
    f = tmp_path_factory.mktemp("fz") / "h.json"
    f.write_bytes(raw)
    _quick(lambda: load_hmm(f))


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(
        [
            "hmm",
            "tokens",
            "beliefs",
            "belief_index",
            "probabilities",
            "next_token",
            "context_length",
            "version",
            "format",
            "optimal_loss_bits",
        ]
    ),
    _json,
)
def test_fuzz_fixture_reader(tmp_path_factory, key, value):
    d = tmp_path_factory.mktemp("fx")
    payload = fixture_payload(d)
    payload[key] = value
    f = write_fixture(d / "f.json", payload)
    _quick(lambda: load_fixture(f))


_LEAVES = [
    ("tokens", 1, 0),
    ("beliefs", 1, 0),
    ("next_token", 0, 1),
    ("belief_index", 2, 1),
    ("probabilities", 0),
    ("probabilities_float", 1),
    ("beliefs_float", 0, 0),
    ("optimal_loss_bits", 0),
    ("hmm", "matrices", "0", 0, 0),
    ("hmm", "alphabet", 0),
    ("hmm", "states", 1),
    ("hmm", "name"),
    ("hmm", "version"),
    ("context_length",),
]


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(_LEAVES), _json)
def test_fuzz_fixture_leaves(tmp_path_factory, where, value):
    """One value deep inside a valid fixture replaced by random JSON: a FixtureError or a fixture that still holds."""
    d = tmp_path_factory.mktemp("fl")
    payload = fixture_payload(d)
    node = payload
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    f = write_fixture(d / "f.json", payload)
    _quick(lambda: load_fixture(f))


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_fuzz_gzip_and_json_bytes(tmp_path_factory, raw):
    d = tmp_path_factory.mktemp("gz")
    for name, body in (("f.json.gz", raw), ("g.json.gz", gzip.compress(raw)), ("h.json", raw)):
        (d / name).write_bytes(body)
        _quick(lambda p=d / name: load_fixture(p))
        _quick(lambda p=d / name: read_json(p, "file", FixtureError))


def test_numbers_reader_accepts_what_it_should():
    import sympy

    p = sympy.Symbol("p")
    assert read_exact("0.1") == sympy.Rational(1, 10)
    assert read_exact("-3/8") == sympy.Rational(-3, 8)
    assert read_exact("2**-3") == sympy.Rational(1, 8)
    assert read_exact("1_000") == 1000
    assert read_exact("(1-p)**2/4", symbols={"p": p}) == (1 - p) ** 2 / 4
    assert np.isclose(float(read_exact("1e-3")), 1e-3)


@pytest.mark.integration
def test_without_torch_the_torch_commands_say_which_extra_to_install(tmp_path):
    """A Python where importing torch fails, as on a machine without the nn extra."""
    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text(
        "import sys\nclass _NoTorch:\n    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'torch' or name.startswith('torch.'):\n"
        "            raise ModuleNotFoundError(\"No module named 'torch'\", name='torch')\n"
        "sys.meta_path.insert(0, _NoTorch())\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    for args in (["train", "golden_mean", "--out", str(tmp_path / "r")], ["reproduce", "rrxor"]):
        r = subprocess.run([sys.executable, "-m", "compmech.cli", *args], capture_output=True, text=True, env=env)
        assert_one_line_error((r.returncode, r.stdout, r.stderr, 0), "pip install 'compmech-exact[nn]'")
    r = subprocess.run(
        [sys.executable, "-m", "compmech.cli", "measures", "rrxor"], capture_output=True, text=True, env=env
    )
    assert r.returncode == 0 and "2/3" in r.stdout  # the exact core needs no torch
