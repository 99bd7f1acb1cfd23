"""Files: HMM and mixed-state-presentation files (JSON, GraphML, dot) and ground-truth fixtures.

Layer 6 of compmech (see ``docs/architecture.md``).  Every reader treats its file as coming from a
stranger (``docs/security.md``); every writer replaces regular files atomically.
"""

from .fixtures import FIXTURE_FORMAT, FIXTURE_VERSION, load_fixture, save_fixture
from .readwrite import check_format, hmm_from_dict, hmm_to_dict, load_hmm, save_hmm, write_msp

__all__ = [
    "hmm_to_dict",
    "hmm_from_dict",
    "save_hmm",
    "load_hmm",
    "write_msp",
    "check_format",
    "save_fixture",
    "load_fixture",
    "FIXTURE_FORMAT",
    "FIXTURE_VERSION",
]
