"""A regular expression for a set of words, written as a trie."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any


def trie_regex(words: Iterable[str], char: Callable[[str], str] = re.escape) -> str:
    """A regex for any of ``words``, as a trie, longest match first; ``char`` writes one
    character as a regex."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [char(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)
