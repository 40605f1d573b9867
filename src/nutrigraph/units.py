"""Quantities: pint registry use, parsing, and nutrient-specific conversions.

nutrigraph works with pint's *application registry* (:func:`pint.get_application_registry`), so its
quantities mix with the user's own. The registry is looked up when first needed, not at import, and
the units pint lacks are added to it idempotently:

``IU``
    international unit, a per-vitamin (and for vitamins A and E per-form) unit of activity;
``DFE``, ``RAE``, ``NE``
    the dietary folate, retinol activity and niacin equivalents, used as ``µg DFE``, ``µg RAE`` and
    ``mg NE``.

Each is its own dimension, so pint refuses to turn IU into micrograms on its own: that takes a
nutrient-specific factor from the knowledge base (``[[conversion]]`` records, each with its source),
applied by :func:`convert`. The factor table is plain data, so conversions are thread-safe; pint
contexts, which are not, are never used.

Examples
--------
>>> from nutrigraph.units import parse_quantity, convert
>>> parse_quantity("2.4 mcg")
<Quantity(2.4, 'microgram')>
>>> convert("1000 IU", "µg", nutrient="vitamin D")
<Quantity(25.0, 'microgram')>
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import pint

from nutrigraph.errors import UnitError
from nutrigraph.schema import AMOUNT_DIMENSIONS

if TYPE_CHECKING:
    import networkx as nx

    from nutrigraph.model import Conversion

__all__ = [
    "compound_amount",
    "convert",
    "elemental_amount",
    "format_quantity",
    "parse_quantity",
    "parse_unit",
    "registry",
    "resolve_form",
]

Quantity = pint.Quantity

_DEFINITIONS: Final = (
    ("international_unit", "international_unit = [international_unit] = IU"),
    ("dietary_folate_equivalent", "dietary_folate_equivalent = [dietary_folate_equivalent] = DFE"),
    ("retinol_activity_equivalent", "retinol_activity_equivalent = [retinol_activity_equivalent] = RAE"),
    ("niacin_equivalent", "niacin_equivalent = [niacin_equivalent] = NE"),
)
_MARKERS: Final = {
    "international_unit": "IU",
    "dietary_folate_equivalent": "DFE",
    "retinol_activity_equivalent": "RAE",
    "niacin_equivalent": "NE",
}
_lock = threading.Lock()
_prepared: set[int] = set()


def registry() -> pint.UnitRegistry:
    """Return pint's application registry with nutrigraph's units defined in it.

    Safe to call from several threads and as often as needed; the units are defined once per
    registry. If the application registry is replaced with :func:`pint.set_application_registry`,
    the new one is prepared on the next call.

    Examples
    --------
    >>> ureg = registry()
    >>> q = ureg.Quantity("400 µg DFE")
    >>> q.dimensionality == ureg.get_dimensionality("[mass] * [dietary_folate_equivalent]")
    True
    """
    app = pint.get_application_registry()
    # The application registry is a proxy; its target changes if the user sets another one.
    key = id(app.get())
    if key not in _prepared:
        with _lock:
            if key not in _prepared:
                for name, definition in _DEFINITIONS:
                    if name not in app:
                        app.define(definition)
                _prepared.add(key)
    return app


def _clean(text: str) -> str:
    # "µ" (micro sign) and "μ" (Greek mu) both mean micro; pint knows "µ" and "u".
    return " ".join(text.replace("μ", "µ").split())


_SIMPLE: Final = re.compile(r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([^\d\s].*)")


@functools.lru_cache(maxsize=512)
def _units(key: int, text: str) -> pint.Unit:
    # ``key`` is the registry's id, so a replaced application registry gets fresh entries.
    return pint.get_application_registry().parse_units(text)


def parse_unit(unit: str | pint.Unit) -> pint.Unit:
    """Parse a unit such as ``"µg"``, ``"mcg"``, ``"mg NE"`` or ``"IU"``.

    Raises
    ------
    UnitError
        If the text is not a unit pint (with nutrigraph's additions) knows.
    """
    ureg = registry()
    if isinstance(unit, pint.Unit):
        return unit
    try:
        return _units(id(ureg.get()), _clean(str(unit)))
    except (pint.errors.PintError, AttributeError, TypeError, ValueError) as exc:
        raise UnitError(f"unknown unit {unit!r}: {exc}") from None


def parse_quantity(value: str | pint.Quantity | Any, *, dimensions: tuple[str, ...] = ()) -> pint.Quantity:
    """Parse ``value`` into a pint quantity, optionally checking its dimension.

    Parameters
    ----------
    value : str or pint.Quantity
        Text such as ``"2.4 mcg"``, ``"2.4 µg"``, ``"400 mg"``, ``"1000 IU"`` or ``"400 µg DFE"``,
        or a quantity (returned as is after the dimension check).
    dimensions : tuple of str, optional
        Acceptable dimensionalities as pint strings, e.g. ``("[mass]",)``; empty accepts any.

    Returns
    -------
    pint.Quantity

    Raises
    ------
    UnitError
        If the text does not parse, has no unit, or has a dimension not in ``dimensions``.

    Examples
    --------
    >>> parse_quantity("2.4 µg")
    <Quantity(2.4, 'microgram')>
    >>> parse_quantity("2 h", dimensions=("[mass]",))
    Traceback (most recent call last):
    ...
    nutrigraph.errors.UnitError: '2 h' has dimension [time]; expected [mass]
    """
    ureg = registry()
    if isinstance(value, pint.Quantity):
        quantity = value
    elif isinstance(value, str):
        text = _clean(value)
        if "," in text:
            raise UnitError(f"cannot parse {value!r}: write numbers without thousands separators, e.g. '1000 IU'")
        try:
            # "80 mg" and "400 µg DFE": a number then a unit, parsed without pint's expression
            # evaluator (much faster when loading thousands of amounts); anything else goes to pint.
            simple = _SIMPLE.fullmatch(text)
            if simple is not None and "/" not in simple.group(2) and "*" not in simple.group(2):
                number = simple.group(1)
                magnitude = float(number) if any(c in number for c in ".eE") else int(number)
                quantity = ureg.Quantity(magnitude, _units(id(ureg.get()), simple.group(2)))
            else:
                quantity = ureg.Quantity(text)
        except (pint.errors.PintError, AttributeError, TypeError, ValueError, SyntaxError) as exc:
            raise UnitError(f"cannot parse {value!r} as a quantity: {exc}") from None
        if not isinstance(quantity, pint.Quantity) or quantity.unitless:
            raise UnitError(f"{value!r} has no unit; write e.g. '400 mg'")
    else:
        raise UnitError(f"expected a quantity or a string such as '400 mg', got {type(value).__name__}")
    if dimensions:
        wanted = [ureg.get_dimensionality(d) for d in dimensions]
        if quantity.dimensionality not in wanted:
            expected = " or ".join(dimensions)
            raise UnitError(f"{value!r} has dimension {quantity.dimensionality}; expected {expected}")
    return quantity


def format_quantity(quantity: pint.Quantity, digits: int = 4) -> str:
    """Format a quantity the way nutrition tables write it: ``"400 µg DFE"``, ``"25 µg"``.

    Examples
    --------
    >>> format_quantity(parse_quantity("400 mcg DFE"))
    '400 µg DFE'
    >>> format_quantity(parse_quantity("0.025 µg/IU"))
    '0.025 µg/IU'
    """
    magnitude = float(quantity.magnitude)
    number = f"{magnitude:.{digits}g}"
    units = quantity.units
    items = dict(units._units)  # unit name -> exponent
    markers = [name for name in items if name in _MARKERS and items[name] == 1]
    if len(markers) == 1 and len(items) == 2:
        (marker,) = markers
        base = next(name for name in items if name != marker)
        if items[base] == 1:
            base_text = f"{registry().Unit(base):~P}"
            return f"{number} {base_text} {_MARKERS[marker]}"
    return f"{number} {units:~P}"


def _unit_text(unit: pint.Unit) -> str:
    """A unit as nutrition tables write it: ``µg RAE`` rather than pint's ``µg·RAE``."""
    return format_quantity(1 * unit).split(" ", 1)[1]


def _graph(graph: nx.MultiDiGraph[str] | None) -> nx.MultiDiGraph[str]:
    if graph is not None:
        return graph
    from nutrigraph.build import load

    return load()


def elemental_amount(
    quantity: str | pint.Quantity, form: str, *, graph: nx.MultiDiGraph[str] | None = None
) -> pint.Quantity:
    """Mass of the element in ``quantity`` of a mineral salt.

    Parameters
    ----------
    quantity : str or pint.Quantity
        A mass of the salt, e.g. ``"500 mg"`` of magnesium oxide.
    form : str
        The salt: an id, name, synonym or CURIE of a ``nutrient_form`` with an
        ``elemental_fraction``.
    graph : networkx.MultiDiGraph, optional
        The knowledge base; the bundled one by default.

    Raises
    ------
    UnitError
        If ``quantity`` is not a mass or the form has no elemental fraction.

    Examples
    --------
    >>> elemental_amount("500 mg", "magnesium oxide")  # doctest: +ELLIPSIS
    <Quantity(301..., 'milligram')>
    """
    amount = parse_quantity(quantity, dimensions=("[mass]",))
    fraction = _elemental_fraction(_graph(graph), form)
    return amount * fraction


def compound_amount(
    quantity: str | pint.Quantity, form: str, *, graph: nx.MultiDiGraph[str] | None = None
) -> pint.Quantity:
    """Mass of a mineral salt that holds ``quantity`` of the element; the inverse of
    :func:`elemental_amount`.

    Examples
    --------
    >>> compound_amount("300 mg", "magnesium oxide").to("mg")  # doctest: +ELLIPSIS
    <Quantity(497..., 'milligram')>
    """
    amount = parse_quantity(quantity, dimensions=("[mass]",))
    fraction = _elemental_fraction(_graph(graph), form)
    return amount / fraction


def _elemental_fraction(graph: nx.MultiDiGraph[str], form: str) -> float:
    from nutrigraph.resolve import resolve

    node = resolve(graph, form, kind="nutrient_form")
    fraction = graph.nodes[node].get("elemental_fraction")
    if fraction is None:
        name = graph.nodes[node]["name"]
        raise UnitError(f"{name!r} has no elemental fraction in the knowledge base; it is not a mineral salt")
    return float(fraction)


def convert(
    quantity: str | pint.Quantity,
    unit: str | pint.Unit,
    *,
    nutrient: str | None = None,
    form: str | None = None,
    graph: nx.MultiDiGraph[str] | None = None,
) -> pint.Quantity:
    """Convert an amount of a nutrient to ``unit``, using nutrient-specific factors where needed.

    Plain unit changes (mg to µg) need no nutrient. Changes between IU and mass, or into ``µg DFE``,
    ``µg RAE`` or ``mg NE``, depend on the nutrient and sometimes its form, and use the factors of
    the knowledge base's ``[[conversion]]`` records. When ``form`` is a mineral salt (a
    ``nutrient_form`` with an ``elemental_fraction``), ``quantity`` is read as a mass of the salt
    and the result is the mass of the element in it.

    Parameters
    ----------
    quantity : str or pint.Quantity
        The amount, e.g. ``"1000 IU"`` or ``"500 mg"``.
    unit : str or pint.Unit
        The unit wanted, e.g. ``"µg"``, ``"µg DFE"``, ``"mg NE"``.
    nutrient : str, optional
        The nutrient (id, name, synonym or CURIE). Needed for nutrient-specific conversions.
    form : str, optional
        The form (vitamer, salt, or a context form such as folic acid taken with food).
    graph : networkx.MultiDiGraph, optional
        The knowledge base whose factors to use; the bundled one by default.

    Returns
    -------
    pint.Quantity
        The amount in ``unit``.

    Raises
    ------
    UnitError
        If the quantity or unit does not parse, the dimensions cannot be bridged with the factors
        known for this nutrient and form, or a nutrient is needed and not given.
    UnknownEntityError
        If ``nutrient`` or ``form`` is not in the knowledge base.

    Notes
    -----
    A factor is a quantity ratio such as ``0.025 µg/IU``; the conversion multiplies by it or
    divides by it, whichever yields the wanted dimension, so every conversion is invertible.
    Form-specific factors are tried before the nutrient's general ones. Nothing is guessed: if
    vitamin A IU are given without saying whether they are retinol or beta-carotene, the error lists
    the forms that have factors.

    References
    ----------
    NIH Office of Dietary Supplements, health-professional fact sheets on vitamins A, D, E, folate
    and niacin (conversion factors); IOM Dietary Reference Intakes reports (1998, 2000, 2001).

    Examples
    --------
    >>> convert("1000 IU", "µg", nutrient="vitamin D")
    <Quantity(25.0, 'microgram')>
    >>> convert("400 µg", "µg DFE", nutrient="folate", form="folic acid with food").magnitude
    680.0
    >>> convert("2.4 mcg", "µg")
    <Quantity(2.4, 'microgram')>
    """
    amount = parse_quantity(quantity)
    target = parse_unit(unit)
    ureg = registry()
    target_dims = ureg.get_dimensionality(target)
    needs_graph = form is not None or amount.dimensionality != target_dims
    if not needs_graph:
        return amount.to(target)

    from nutrigraph.resolve import resolve

    G = _graph(graph)
    nutrient_id = resolve(G, nutrient, kind="nutrient") if nutrient is not None else None
    form_id = resolve_form(G, form) if form is not None else None
    if form_id is not None and nutrient_id is not None:
        _check_form_of(G, form_id, nutrient_id)

    if form_id is not None and G.nodes[form_id].get("elemental_fraction") is not None:
        amount = parse_quantity(amount, dimensions=("[mass]",)) * float(G.nodes[form_id]["elemental_fraction"])
    if amount.dimensionality == target_dims:
        return amount.to(target)

    amount_dims = {ureg.get_dimensionality(d) for d in AMOUNT_DIMENSIONS}
    if amount.dimensionality not in amount_dims or target_dims not in amount_dims:
        raise UnitError(
            f"cannot convert {format_quantity(amount)} to {_unit_text(target)}: both must be amounts of a nutrient "
            "(a mass, IU, or µg DFE / µg RAE / mg NE)"
        )
    if nutrient_id is None:
        if form_id is None:
            raise UnitError(
                f"converting {format_quantity(amount)} to {_unit_text(target)} depends on the nutrient; "
                "pass nutrient=..., e.g. nutrient='vitamin D'"
            )
        nutrient_id = _nutrient_of_form(G, form_id)

    factors = _factors(G)
    candidates = [c for c in factors.get(nutrient_id, ()) if c.form == form_id] if form_id else []
    candidates += [c for c in factors.get(nutrient_id, ()) if c.form is None]
    for conversion in candidates:
        result = _apply(amount, conversion.factor, target_dims)
        if result is not None:
            return result.to(target)

    name = G.nodes[nutrient_id]["name"]
    form_specific = sorted(
        {
            G.nodes[c.form]["name"]
            for c in factors.get(nutrient_id, ())
            if c.form is not None and _apply(amount, c.factor, target_dims) is not None
        }
    )
    if form_specific and form_id is None:
        raise UnitError(
            f"converting {format_quantity(amount)} of {name} to {_unit_text(target)} depends on the form; "
            f"pass form= one of: {', '.join(form_specific)}"
        )
    known = sorted(
        {
            format_quantity(c.factor) + (f" ({G.nodes[c.form]['name']})" if c.form else "")
            for c in factors.get(nutrient_id, ())
        }
    )
    detail = f"; known factors for {name}: {', '.join(known)}" if known else f"; {name} has no conversion factors"
    raise UnitError(f"cannot convert {format_quantity(amount)} of {name} to {_unit_text(target)}{detail}")


def _apply(amount: pint.Quantity, factor: pint.Quantity, target_dims: Any) -> pint.Quantity | None:
    if (amount * factor).dimensionality == target_dims:
        return amount * factor
    if (amount / factor).dimensionality == target_dims:
        return amount / factor
    return None


def resolve_form(G: nx.MultiDiGraph[str], form: str) -> str:
    """Resolve a conversion form: a ``nutrient_form``, or a metabolite such as tryptophan.

    Raises
    ------
    UnknownEntityError
        If no nutrient form or metabolite has that name; suggestions are for nutrient forms.
    """
    from nutrigraph.resolve import resolve

    # A conversion "form" is usually a nutrient_form, but e.g. tryptophan (for niacin
    # equivalents) is a metabolite.
    for kind in ("nutrient_form", "metabolite"):
        try:
            return resolve(G, form, kind=kind)
        except KeyError:
            continue
    return resolve(G, form, kind="nutrient_form")  # raises with suggestions


def _check_form_of(G: nx.MultiDiGraph[str], form_id: str, nutrient_id: str) -> None:
    if G.nodes[form_id]["kind"] != "nutrient_form":
        return
    if not G.has_edge(form_id, nutrient_id, key="form_of"):
        raise UnitError(f"{G.nodes[form_id]['name']!r} is not a form of {G.nodes[nutrient_id]['name']!r}")


def _nutrient_of_form(G: nx.MultiDiGraph[str], form_id: str) -> str:
    parents = sorted(v for _, v, k in G.out_edges(form_id, keys=True) if k == "form_of")
    if len(parents) != 1:
        raise UnitError(f"pass nutrient=...: cannot tell which nutrient {G.nodes[form_id]['name']!r} belongs to")
    return parents[0]


def _factors(G: nx.MultiDiGraph[str]) -> Mapping[str, tuple[Conversion, ...]]:
    from nutrigraph._cache import cached

    def build() -> Mapping[str, tuple[Conversion, ...]]:
        table: dict[str, list[Conversion]] = {}
        for conversion in G.graph.get("conversions", ()):
            table.setdefault(conversion.nutrient, []).append(conversion)
        return {k: tuple(v) for k, v in table.items()}

    return cached(G, "conversion_factors", build)
