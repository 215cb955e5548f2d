"""English texts for PDSA cycles (prøvehandlinger)."""

MESSAGES: dict[str, str] = {
    "pdsa.new_idea": "New idea",
    "pdsa.error.formaal": "Write the objective of the cycle.",
    "pdsa.error.study_first": "First write the team’s study: what did the data show, and did the predictions hold?",
    "pdsa.error.closed": "The cycle is already closed.",
    "pdsa.error.adopt_fields": "Write what the action is, who does it and how often before adopting it.",
    "pdsa.error.why_abandon": "Write why the cycle is abandoned, so the team remembers.",
}
