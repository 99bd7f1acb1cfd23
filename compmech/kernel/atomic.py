"""Safe file writes and reads: atomic replacement of regular files only, bounded reads of JSON.

Writes go to a temporary file next to the target (named
``.<name>.compmech-<host>-<pid>-<random>.tmp``), are flushed to disk, and are renamed
over the target only when complete.  A target that exists and is not a plain
regular file (a symbolic link, a FIFO, a device, a directory, a file with
several hard links) is refused instead of replaced; a replaced file keeps its
permission bits.  Temporary files left by a killed compmech process are
recognised by their name and removed by the next write into that folder.
"""

from __future__ import annotations

import errno
import gzip
import json
import os
import re
import socket
import stat
import tempfile
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

from ..errors import UnsafePathError

if TYPE_CHECKING:
    pass

__all__ = ["atomic_write", "check_writable", "read_json", "same_file", "MAX_JSON_BYTES"]

MAX_JSON_BYTES = 2**31  # 2 GiB of (decompressed) JSON text
_TMP = re.compile(r"^\..+\.compmech-([A-Za-z0-9_]+)-(\d+)-[A-Za-z0-9_]+\.tmp$")


def _host() -> str:
    """This machine's name, reduced to the characters a temporary file name may hold."""
    return re.sub(r"[^A-Za-z0-9_]", "_", socket.gethostname())[:40] or "host"


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    return mask


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale_temporaries(folder: str) -> None:
    """Remove temporary files of our own pattern whose writing process no longer exists."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        m = _TMP.match(name)
        # only our own machine's: on a shared folder another host's pids cannot be checked from here
        if m and m.group(1) == _host() and int(m.group(2)) != os.getpid() and not _pid_alive(int(m.group(2))):
            try:
                st = os.lstat(os.path.join(folder, name))
                if stat.S_ISREG(st.st_mode):
                    os.unlink(os.path.join(folder, name))
            except OSError:
                pass


def check_writable(path: str | os.PathLike, what: str = "output") -> str:
    """Check before long work that ``path`` can be written by :func:`atomic_write`; return it as text.

    Raises
    ------
    UnsafePathError
        When the folder does not exist or is not writable, or ``path`` exists
        and is not a regular file with a single link.

    Examples
    --------
    >>> check_writable("/dev/null")
    Traceback (most recent call last):
    ...
    compmech.errors.UnsafePathError: output /dev/null exists and is a character device, not a regular file; refusing to replace it
    """
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UnsafePathError(f"{what} {path}: No such directory: {folder}")
    if not os.access(folder, os.W_OK):
        raise UnsafePathError(f"{what} {path}: the folder {folder} is not writable")
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return path
    kind = _kind(st.st_mode)
    if kind != "regular file":
        raise UnsafePathError(f"{what} {path} exists and is a {kind}, not a regular file; refusing to replace it")
    if st.st_nlink > 1:
        raise UnsafePathError(
            f"{what} {path} has {st.st_nlink} hard links; replacing it would break them "
            f"(write elsewhere, or remove the other links)"
        )
    return path


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISREG, "regular file"),
        (stat.S_ISLNK, "symbolic link"),
        (stat.S_ISDIR, "directory"),
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISSOCK, "socket"),
    ):
        if test(mode):
            return name
    return "special file"


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """True when paths ``a`` and ``b`` name the same existing file (so writing ``b`` would overwrite input ``a``)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8"):
    """Open a temporary file next to ``path``; on success rename it over ``path``.

    A new file gets the permissions of a plainly created file (``0o666`` less
    the umask); a replaced file keeps its own.  An exception (or an
    interruption) inside the block leaves ``path`` untouched and removes the
    temporary file.

    Raises
    ------
    UnsafePathError
        See :func:`check_writable`.

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "x.txt")
    >>> with atomic_write(p) as f:
    ...     _ = f.write("hello")
    >>> open(p).read()
    'hello'
    >>> umask = os.umask(0); _ = os.umask(umask)
    >>> oct(os.stat(p).st_mode & 0o777) == oct(0o666 & ~umask)
    True
    >>> os.chmod(p, 0o600)
    >>> with atomic_write(p) as f:
    ...     _ = f.write("again")
    >>> oct(os.stat(p).st_mode & 0o777)
    '0o600'
    """
    path = check_writable(path)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        perms = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        perms = 0o666 & ~_umask()
    _remove_stale_temporaries(folder)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{os.path.basename(path)}.compmech-{_host()}-{os.getpid()}-", suffix=".tmp", dir=folder
    )
    try:
        with os.fdopen(fd, mode, encoding=None if "b" in mode else encoding) as f:
            yield f
            f.flush()
            os.fchmod(f.fileno(), perms)
            os.fsync(f.fileno())
        check_writable(path)  # nothing was put in its place while we wrote
        os.replace(tmp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def read_json(path: str | os.PathLike, what: str, error: type[Exception], max_bytes: int = MAX_JSON_BYTES):
    """Read a JSON file (gzip-compressed when its name ends in ``.gz``) with every failure as ``error``.

    Only regular files are read (a FIFO would block, a device never end);
    the (decompressed) text is limited to ``max_bytes``; the text must be
    UTF-8 without lone surrogates; nesting too deep for the parser is an
    error, not a crash.

    Examples
    --------
    >>> import tempfile
    >>> from compmech.errors import InvalidEntryError
    >>> p = tempfile.mktemp(suffix=".json")
    >>> _ = open(p, "wb").write(b"[" * 100000)
    >>> read_json(p, "HMM file", InvalidEntryError)
    Traceback (most recent call last):
    ...
    compmech.errors.InvalidEntryError: HMM file ...: nested too deeply to be read
    """
    path = os.fspath(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise error(f"{what} {path}: no such file") from None
    except OSError as exc:
        raise error(f"{what} {path}: cannot read it ({os.strerror(exc.errno or errno.EIO)})") from None
    if not stat.S_ISREG(st.st_mode):
        raise error(f"{what} {path}: a {_kind(st.st_mode)}, not a regular file")
    try:
        with open(path, "rb") as f:
            if path.endswith(".gz"):
                with gzip.GzipFile(fileobj=f) as g:
                    raw = g.read(max_bytes + 1)
            else:
                raw = f.read(max_bytes + 1)
    except Exception as exc:  # OSError, EOFError, BadGzipFile, zlib.error: a damaged or truncated file
        raise error(f"{what} {path}: truncated or corrupted ({type(exc).__name__}: {exc})") from None
    if len(raw) > max_bytes:
        raise error(f"{what} {path}: larger than {max_bytes:,} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{what} {path}: not UTF-8 text (byte {exc.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"{what} {path}: not valid JSON ({exc})") from None
    except RecursionError:
        raise error(f"{what} {path}: nested too deeply to be read") from None
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise error(f"{what} {path}: holds text with lone surrogate escapes (\\ud800 ...)") from None
    except RecursionError:
        raise error(f"{what} {path}: nested too deeply to be read") from None
    return data
