"""Danish texts for evaluation: timeline and chart screens, meeting mode, due list, reports."""

MESSAGES: dict[str, str] = {
    "meeting.art.opfoelgning": "Opfølgning",
    "meeting.art.status": "Statusmøde",
    "meeting.art.evaluering": "Langsigtet evaluering",
    "meeting.decision.fortsaet": "Fortsæt",
    "meeting.decision.juster": "Justér inden for rammen",
    "meeting.decision.afslut": "Afslut",
    "meeting.decision.revisitation": "Revisitation (bed kommunen om en ny bestilling)",
    "meeting.level.-2": "Meget mindre end forventet",
    "meeting.level.-1": "Mindre end forventet",
    "meeting.level.0": "Det forventede niveau",
    "meeting.level.1": "Mere end forventet",
    "meeting.level.2": "Meget mere end forventet",
}
