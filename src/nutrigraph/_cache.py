"""Per-graph caches of derived indexes, safe to share between threads.

A frozen graph cannot change, so an index built from it stays valid for the graph's lifetime; it is
kept in a weak-keyed table and dropped with the graph. An unfrozen graph may change at any moment,
so its indexes are rebuilt on every call rather than risk a stale answer.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import networkx as nx

T = TypeVar("T")

_tables: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()
_lock = threading.RLock()


def cached(G: nx.MultiDiGraph[str], name: str, build: Callable[[], T]) -> T:
    """Return ``build()``, computed once per frozen graph and ``name``."""
    if not nx.is_frozen(G):
        return build()
    with _lock:
        table = _tables.setdefault(G, {})
        if name in table:
            return table[name]  # type: ignore[no-any-return]
    value = build()
    with _lock:
        # Another thread may have finished first; keep one value so callers agree.
        return table.setdefault(name, value)  # type: ignore[no-any-return]
