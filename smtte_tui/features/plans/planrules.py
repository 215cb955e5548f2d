"""The method's rules for activating a SMTTE plan, as pure functions (issue C builds on them).

A plan may be activated when it has one goal, at least one tegn with a measure kind, at least one
tiltag saying who does it and how often, and a next evaluation date. A borger has at most one
active plan: activating a second one means closing the first.
"""

from __future__ import annotations

from smtte_tui.i18n import t
from smtte_tui.models import SmttePlan


def activation_problems(plan: SmttePlan) -> list[str]:
    """What is missing before ``plan`` can be activated (Danish sentences; empty = ready)."""
    problems = []
    if plan.maal is None or not plan.maal.tekst.strip():
        problems.append(t("plan.rule.goal"))
    if not any(tegn.aktiv for tegn in plan.tegn):
        problems.append(t("plan.rule.tegn"))
    if not any(tiltag.aktiv and tiltag.hvem.strip() and tiltag.hvor_ofte.strip() for tiltag in plan.tiltag):
        problems.append(t("plan.rule.tiltag"))
    if plan.evaluering.naeste_opfoelgning is None:
        problems.append(t("plan.rule.evaluation"))
    return problems


def plans_to_close(plan: SmttePlan, plans_of_borger: list[SmttePlan]) -> list[SmttePlan]:
    """The borger's other active plans, which must be closed when ``plan`` is activated."""
    return [other for other in plans_of_borger if other.id != plan.id and other.status == "aktiv" and other.borger_id == plan.borger_id]


# --- hints for tegn that two colleagues could not agree on ------------------------------------

# Words that describe a feeling or a judgement rather than something one can see or count.
VAGUE_WORDS = frozenset(
    "bedre dårligere godt glad gladere tryg trygge tryggere trives trivsel rolig roligere "
    "selvstændig selvstændigt selvstændighed mere mindre ofte oftere sjældnere positiv positivt "
    "negativ negativt velbefindende humør glæde forbedre forbedret udvikle udvikling".split()
)
# Verbs ending in -er that name an inner state, not something done that others can see.
INNER_VERBS = frozenset("føler synes tænker ønsker oplever forstår trives mener husker kender vil kan skal har er bliver".split())


def _words(text: str) -> list[str]:
    return [word.strip(".,;:!?()«»\"'").lower() for word in text.split()]


def vague_words(text: str) -> list[str]:
    """The vague words in ``text`` ("bedre", "gladere", ...), in the order they appear."""
    return [word for word in _words(text) if word in VAGUE_WORDS]


def has_observable_verb(text: str) -> bool:
    """A rough check that the tegn says what the borger *does*: a Danish present-tense verb
    (ending in -er/-r, e.g. "børster", "går", "siger") that is not an inner state ("føler").

    A heuristic, not grammar: comparatives ("gladere") are not verbs; it only decides whether to
    show a hint, never blocks anything.
    """
    for word in _words(text):
        if word in INNER_VERBS or word in VAGUE_WORDS or word.endswith("ere"):
            continue
        if len(word) >= 3 and word.endswith("r") and word.isalpha():
            return True
    return False


def tegn_hints(tekst: str, has_target: bool) -> list[str]:
    """Hints (Danish sentences) that help write a tegn two colleagues would judge alike.

    Vague words only count when the tegn has no target value: "mere" with a target of 3 a day is
    measurable.
    """
    hints: list[str] = []
    if not tekst.strip():
        return hints
    vague = vague_words(tekst)
    if vague and not has_target:
        hints.append(t("plan.hint.vague", words=", ".join(f"«{w}»" for w in dict.fromkeys(vague))))
    if not has_observable_verb(tekst):
        hints.append(t("plan.hint.verb"))
    return hints
