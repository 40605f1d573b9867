"""The exception family of nutrigraph.

Every error the library raises on purpose derives from :class:`NutrigraphError`. Each subclass
also inherits the built-in exception a caller would naturally catch, so ``except KeyError`` keeps
working for an unknown entity and ``except ValueError`` for a bad unit.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

__all__ = [
    "AmbiguousEntityError",
    "DataValidationError",
    "FormatError",
    "FrozenGraphError",
    "IntakeError",
    "NutrigraphError",
    "Problem",
    "SchemaError",
    "UnitError",
    "UnknownEntitiesError",
    "UnknownEntityError",
]


class NutrigraphError(Exception):
    """Root of every error nutrigraph raises on purpose."""


class UnknownEntityError(KeyError, NutrigraphError):
    """No entity matches the text given.

    Attributes
    ----------
    text : str
        What the caller asked for.
    kind : str or None
        The kind the lookup was restricted to, if any.
    suggestions : tuple of str
        Close matches (display names), best first; may be empty.
    """

    def __init__(self, text: str, *, kind: str | None = None, suggestions: Sequence[str] = ()) -> None:
        self.text = text
        self.kind = kind
        self.suggestions = tuple(suggestions)
        super().__init__(text)

    def __str__(self) -> str:
        what = f"{self.kind} " if self.kind else "entity "
        message = f"unknown {what}{self.text!r}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        return message


class UnknownEntitiesError(UnknownEntityError):
    """Several inputs of one call are unknown; ``errors`` holds one :class:`UnknownEntityError` each.

    ``suggestions`` merges their suggestions; ``str()`` lists every unknown input with its own.
    """

    def __init__(self, errors: Sequence[UnknownEntityError]) -> None:
        self.errors = tuple(errors)
        super().__init__(
            ", ".join(e.text for e in self.errors), suggestions=[s for e in self.errors for s in e.suggestions]
        )

    def __str__(self) -> str:
        return f"{len(self.errors)} unknown inputs: " + "; ".join(str(e) for e in self.errors)


class AmbiguousEntityError(LookupError, NutrigraphError):
    """The text names several entities; pass ``kind=`` or use an id to choose.

    Attributes
    ----------
    text : str
        What the caller asked for.
    candidates : tuple of tuple of str
        ``(node id, kind, name)`` for every entity the text matches, sorted by id.
    """

    def __init__(self, text: str, candidates: Sequence[tuple[str, str, str]]) -> None:
        self.text = text
        self.candidates = tuple(sorted(candidates))
        super().__init__(text)

    def __str__(self) -> str:
        listed = "; ".join(f"{node} ({kind}: {name})" for node, kind, name in self.candidates)
        return f"{self.text!r} is ambiguous: it matches {listed}. Pass kind= or use one of the ids."


class SchemaError(ValueError, NutrigraphError):
    """Something breaks the schema: an unknown kind or predicate, or a forbidden triple."""


class IntakeError(ValueError, NutrigraphError):
    """No reference intake can be given for these arguments.

    Raised for an age outside 1 to 130 years (infants are not covered), an unknown sex or life
    stage, pregnancy or lactation for a male or past age 50, and a nutrient without a DRI table.
    """


class UnitError(ValueError, NutrigraphError):
    """A quantity cannot be parsed, has the wrong dimension, or has no conversion."""


class FormatError(ValueError, NutrigraphError):
    """A serialised graph is malformed or written by a newer format version."""


class FrozenGraphError(TypeError, NutrigraphError):
    """An attempt to change a frozen graph; use :func:`nutrigraph.editable` for a copy."""


@attrs.frozen
class Problem:
    """One problem found while validating knowledge-base files.

    Attributes
    ----------
    file : str
        The file the record came from.
    record : str
        Which record, e.g. ``"entity 'magnesium'"`` or ``"relation #3 (magnesium cofactor_of x)"``.
    message : str
        What is wrong, and the fix where one is known.
    """

    file: str
    record: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.message}"


class DataValidationError(SchemaError):
    """Knowledge-base files failed validation; ``problems`` lists every problem found.

    Attributes
    ----------
    problems : tuple of Problem
        All problems, in file and record order.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} in the knowledge-base files:"
        return "\n".join([header, *(f"  {p}" for p in self.problems)])
