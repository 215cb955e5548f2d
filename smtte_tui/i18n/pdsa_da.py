"""Danish texts for PDSA cycles (prøvehandlinger)."""

MESSAGES: dict[str, str] = {
    "pdsa.new_idea": "Ny idé",
    "pdsa.error.formaal": "Skriv formålet med prøvehandlingen.",
    "pdsa.error.study_first": "Skriv først teamets vurdering (Study): hvad viste data, og passede forudsigelserne?",
    "pdsa.error.closed": "Prøvehandlingen er allerede afsluttet.",
    "pdsa.error.adopt_fields": "Skriv hvad tiltaget er, hvem der gør det, og hvor ofte, før det tages i brug.",
    "pdsa.error.why_abandon": "Skriv hvorfor prøvehandlingen opgives, så teamet kan huske det.",
}
