"""Query helpers, one module per question users ask.

Each public function takes the graph first and resolves every entity argument through
:func:`nutrigraph.resolve`, so ids, names, synonyms and CURIEs all work.
"""

from __future__ import annotations
