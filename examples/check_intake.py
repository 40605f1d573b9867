"""Reference intakes and a day's intake: magnesium in pregnancy, and vitamin D counted in IU.

Shows :func:`nutrigraph.reference_intake` (the DRI row for one person) and
:func:`nutrigraph.check_intake` (a day's amounts against it). For magnesium the Tolerable Upper
Intake Level (UL) counts supplements and medicines only, and a salt is counted by its element:
500 mg of magnesium oxide holds about 301 mg of magnesium, within the 350 mg UL, while the
magnesium in food adds to the RDA side only. Vitamin D amounts on labels are often in
international units (IU); they are converted with the knowledge base's factor (1 IU = 0.025 µg).

Run it with::

    python examples/check_intake.py
"""

from __future__ import annotations

import textwrap
from typing import TypedDict

import nutrigraph as ng


class Person(TypedDict):
    """Who the reference intakes are for, as keyword arguments of the intake functions."""

    age: float
    sex: str
    life_stage: str | None


PERSON: Person = {"age": 35, "sex": "female", "life_stage": "pregnancy"}


def print_findings(findings: tuple[ng.IntakeFinding, ...]) -> None:
    """One line per finding: its status and its message."""
    for finding in findings:
        print(f"  {finding.status.name:<17} {finding.message}")


def main() -> None:
    """Look up the references, then check a magnesium and a vitamin D example."""
    G = ng.load()
    who = "a pregnant 35-year-old"

    magnesium = ng.reference_intake(G, "magnesium", **PERSON)
    print(f"Reference for {who}: {magnesium}")
    print(textwrap.fill(f"Note on the UL: {magnesium.ul_note}", 100, initial_indent="  ", subsequent_indent="    "))

    pill = ng.Intake("500 mg", supplemental=True, form="magnesium oxide")
    elemental = ng.elemental_amount(pill.amount, "magnesium oxide")
    print(f"\nA 500 mg magnesium oxide tablet holds {ng.format_quantity(elemental)} of magnesium.")
    findings = ng.check_intake(G, {"magnesium": pill}, **PERSON)
    print_findings(findings)
    exceeds = any(f.status is ng.IntakeStatus.ABOVE_UL for f in findings)
    print(f"  Does the tablet exceed the UL? {'yes' if exceeds else 'no'}")

    print("\nThe same tablet plus 250 mg of magnesium from food:")
    print_findings(ng.check_intake(G, {"magnesium": ["250 mg", pill]}, **PERSON))

    vitamin_d = ng.reference_intake(G, "vitamin D", **PERSON)
    print(f"\nReference for {who}: {vitamin_d}")
    supplement = ng.Intake("4000 IU", supplemental=True)
    in_micrograms = ng.convert(supplement.amount, "µg", nutrient="vitamin D")
    print(f"  4000 IU is {ng.format_quantity(in_micrograms)}, and this UL counts all sources.")
    print("A 4000 IU supplement plus 400 IU from food (fortified milk, fish):")
    print_findings(ng.check_intake(G, {"vitamin D": [supplement, "400 IU"]}, **PERSON))

    print("\nSources:")
    for source in (*magnesium.sources, *vitamin_d.sources):
        print(f"  [{source.key}] {source.citation()}")

    print("\nThis is information from the DRI tables, not a diagnosis or dietary advice; in pregnancy,")
    print("talk to a health professional before taking supplements.")


if __name__ == "__main__":
    main()
