"""The shape of explainer content: topics made of sections, each a catalog message id.

A section may need municipality values (its `requires`); when the municipality has not set them,
the `otherwise` message is used instead, which says what is known and refers to the case manager.
That is how the bot stays faithful where the policies are silent or differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Placeholders a topic text may use. They are filled per municipality and per language by
# dialogs/explainers.py; a text may use no other name (a test checks this).
PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "municipality",  # municipality name, e.g. Weert
        "case_manager",  # the title of the case manager in Dutch, e.g. "regisseur statushouders"
        "contact",  # how to reach the case manager: phone / e-mail / address / walk-in hours, one per line
        "progress_talks",  # how often progress talks are, as a translated phrase ("every 3 months")
        "pip_deadline_weeks",  # number: weeks within which the PIP is made
        "fine_intake",  # municipal max fine for missing the brede intake, formatted money
        "fine_pip",  # municipal max fine for not following the PIP, formatted money
        "fine_duo_route",  # DUO fine when the leerroute is not finished in time, formatted money
        "fine_duo_pvt",  # DUO fine when PVT is not finished in time, formatted money
        "fine_duo_map",  # DUO fine when MAP is not finished in time, formatted money
        "ontzorging_months",  # number: months of financiele ontzorging
        "pvt_map_deadline_months",  # number: months within which PVT and MAP must be done
        "route_change_months",  # number: months within which the route can still change
        "learnability_test_by",  # translated phrase: who does the leerbaarheidstoets
        "mb_provider",  # organisation(s) for maatschappelijke begeleiding
        "pvt_provider",  # organisation(s) running the PVT
        "map_provider",  # organisation(s) running the MAP
        "language_providers",  # language schools
        "work_partners",  # organisations that help with work
        "wellbeing_partners",  # organisations for wellbeing / trauma support
        "buddy_partners",  # buddy / taalmaatje organisations
    }
)


@dataclass(frozen=True)
class Section:
    """One paragraph. `requires` names placeholders that must have a value in the municipality."""

    text: str
    requires: tuple[str, ...] = ()
    otherwise: str | None = None


@dataclass(frozen=True)
class Topic:
    """An explainer. `sources` cites the policy text behind it; it is never shown to users."""

    id: str
    label: str
    short: tuple[Section, ...]
    more: tuple[Section, ...] = ()
    sources: tuple[str, ...] = field(default_factory=tuple)
    keywords: tuple[str, ...] = ()
