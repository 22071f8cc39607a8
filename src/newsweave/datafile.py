"""YAML for the project's data files, where only ``true`` and ``false`` are booleans.

PyYAML follows YAML 1.1, which also reads ``yes``, ``no``, ``on`` and ``off`` as
booleans: in a list of words (English stop words, Norway's country code ``no``)
that silently turns a word into ``True`` or ``False``. Language packs, the
knowledge-base data and a user's entity files are read with this loader instead,
which resolves booleans as YAML 1.2 does.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_BOOL = "tag:yaml.org,2002:bool"


class DataLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` with YAML 1.2 booleans (``true``/``false`` only)."""


DataLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
DataLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load(text: str) -> Any:
    """The YAML document in ``text``."""
    return yaml.load(text, Loader=DataLoader)
