"""English texts for evaluation: timeline and chart screens, meeting mode, due list, reports."""

MESSAGES: dict[str, str] = {
    "meeting.art.opfoelgning": "Follow-up",
    "meeting.art.status": "Status meeting",
    "meeting.art.evaluering": "Long-term evaluation",
    "meeting.decision.fortsaet": "Continue",
    "meeting.decision.juster": "Adjust within the frame",
    "meeting.decision.afslut": "Close",
    "meeting.decision.revisitation": "Revisitation (ask the municipality for a new order)",
    "meeting.level.-2": "Much less than expected",
    "meeting.level.-1": "Less than expected",
    "meeting.level.0": "The expected level",
    "meeting.level.1": "More than expected",
    "meeting.level.2": "Much more than expected",
}
