"""The version of compmech, read once from the installed distribution ``compmech-exact``."""

from importlib import metadata as _metadata

__all__ = ["__version__"]

try:  # the version is written once, in pyproject.toml; the distribution is compmech-exact
    __version__ = _metadata.version("compmech-exact")
except _metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
