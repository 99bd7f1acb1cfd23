"""Reading sample files (``.npz`` from ``compmech sample``, or ``.npy``) from strangers: bounded before any allocation.

A ``.npz`` is a zip archive: its members' *uncompressed* sizes come from the archive's headers and the
arrays' sizes from their ``.npy`` headers, and both are checked (against :data:`MAX_SAMPLE_BYTES` and
the machine's memory) before a byte is decompressed.  A 4 MB file that inflates to 4 GiB is refused
from its headers; an array header that claims more than its member holds is refused as corrupt.
Nothing is unpickled: object arrays are refused from their header.
"""

from __future__ import annotations

import os
import stat
import zipfile

import numpy as np

from ..errors import InvalidArgumentError, excerpt
from ..kernel.budget import check_memory

__all__ = ["load_tokens", "MAX_SAMPLE_BYTES", "MAX_ALPHABET_BYTES"]

MAX_SAMPLE_BYTES = 2**31  # a sample file, and the uncompressed tokens in it
MAX_ALPHABET_BYTES = 2**24  # the stored alphabet (symbols as text)
_BYTES_PER_TOKEN = 32  # what reading a token costs in memory (int64 codes, numpy.unique's sort and inverse)


def _header(f, where: str, size: int):
    """``(shape, dtype, data bytes)`` from an ``.npy`` header, checked against the ``size`` of its container."""
    try:
        version = np.lib.format.read_magic(f)
        read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        shape, fortran, dtype = read(f, max_header_size=10_000)
    except (ValueError, OSError, EOFError, SyntaxError) as exc:
        raise InvalidArgumentError(f"{where}: not a readable .npy array ({excerpt(str(exc))})") from None
    if dtype.hasobject:
        raise InvalidArgumentError(f"{where}: holds Python objects (refused: they would have to be unpickled)")
    nbytes = int(np.prod(shape, dtype=object)) * dtype.itemsize
    if nbytes > size:
        raise InvalidArgumentError(
            f"{where}: its header announces {nbytes:,} bytes of data but it holds at most {size:,}: corrupt or forged"
        )
    return shape, dtype, nbytes


def _tokens_dtype(shape, dtype, where: str) -> None:
    if dtype.kind not in "iu" or len(shape) not in (1, 2):
        raise InvalidArgumentError(f"{where}: tokens must be a 1-D or 2-D integer array, got {dtype} of shape {shape}")


def _read_npz(path: str):
    where = f"sample file {excerpt(path)}"
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InvalidArgumentError(f"{where}: cannot be read ({excerpt(str(exc))})") from None
    with archive:
        members = {info.filename: info for info in archive.infolist()}
        if "tokens.npy" not in members:
            raise InvalidArgumentError(f"{where}: no 'tokens' array (write it with compmech sample)")
        arrays = {}
        for name, cap in (("tokens", MAX_SAMPLE_BYTES), ("alphabet", MAX_ALPHABET_BYTES)):
            info = members.get(name + ".npy")
            if info is None:
                continue
            what = f"{where}, array {name!r}"
            if info.file_size > cap:  # the uncompressed size, from the archive's headers
                raise InvalidArgumentError(
                    f"{what}: {info.file_size:,} bytes uncompressed ({info.compress_size:,} compressed), more than "
                    f"{cap:,}"
                )
            try:
                with archive.open(info) as f:
                    shape, dtype, nbytes = _header(f, what, info.file_size)
                    if name == "tokens":
                        _tokens_dtype(shape, dtype, what)
                        check_memory(
                            nbytes // dtype.itemsize * _BYTES_PER_TOKEN,
                            f"reading the {nbytes // dtype.itemsize:,} tokens of {excerpt(path)}",
                            "infer from a smaller sample",
                        )
                    elif dtype.kind != "U" or len(shape) != 1:
                        raise InvalidArgumentError(f"{what}: the alphabet must be a 1-D array of text, got {dtype}")
                    data = f.read(nbytes)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                if isinstance(exc, InvalidArgumentError):
                    raise
                raise InvalidArgumentError(f"{what}: cannot be read ({excerpt(str(exc))})") from None
            if len(data) != nbytes:
                raise InvalidArgumentError(f"{what}: truncated ({len(data):,} of {nbytes:,} bytes)")
            arrays[name] = np.frombuffer(data, dtype=dtype).reshape(shape)
    alphabet = tuple(str(a) for a in arrays["alphabet"]) if "alphabet" in arrays else None
    return arrays["tokens"], alphabet


def _read_npy(path: str, size: int):
    where = f"sample file {excerpt(path)}"
    with open(path, "rb") as f:
        shape, dtype, nbytes = _header(f, where, size)
        _tokens_dtype(shape, dtype, where)
        check_memory(
            nbytes // dtype.itemsize * _BYTES_PER_TOKEN,
            f"reading the {nbytes // dtype.itemsize:,} tokens of {excerpt(path)}",
            "infer from a smaller sample",
        )
        data = f.read(nbytes)
    if len(data) != nbytes:
        raise InvalidArgumentError(f"{where}: truncated ({len(data):,} of {nbytes:,} bytes)")
    return np.frombuffer(data, dtype=dtype).reshape(shape), None


def load_tokens(path: str) -> tuple[np.ndarray, tuple | None]:
    """Tokens (and the alphabet, when stored) of an ``.npz`` written by ``compmech sample``, or of an ``.npy``.

    Only regular files of at most :data:`MAX_SAMPLE_BYTES` are read, never with pickle; the tokens must
    be a 1-D or 2-D integer array, within that size uncompressed and within the machine's memory, all
    checked from the headers before anything is decompressed.

    Examples
    --------
    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> np.savez_compressed(os.path.join(folder, "s.npz"), tokens=np.array([[0, 1, 1]]), alphabet=np.array(["a", "b"]))
    >>> load_tokens(os.path.join(folder, "s.npz"))
    (array([[0, 1, 1]]), ('a', 'b'))
    >>> np.save(os.path.join(folder, "o.npy"), np.array([None, 1]), allow_pickle=True)
    >>> load_tokens(os.path.join(folder, "o.npy"))
    Traceback (most recent call last):
    ...
    compmech.errors.InvalidArgumentError: sample file '...o.npy': holds Python objects (refused: they would have to be unpickled)
    """
    try:
        st = os.stat(path)
    except OSError:
        raise InvalidArgumentError(f"sample file {excerpt(path)}: no such file") from None
    if not stat.S_ISREG(st.st_mode):
        raise InvalidArgumentError(f"sample file {excerpt(path)}: not a regular file")
    if st.st_size > MAX_SAMPLE_BYTES:
        raise InvalidArgumentError(f"sample file {excerpt(path)}: larger than {MAX_SAMPLE_BYTES:,} bytes")
    with open(path, "rb") as f:
        magic = f.read(6)
    if magic.startswith(b"PK"):
        return _read_npz(path)
    if magic == b"\x93NUMPY":
        return _read_npy(path, st.st_size)
    raise InvalidArgumentError(f"sample file {excerpt(path)}: neither an .npz archive nor an .npy array")
