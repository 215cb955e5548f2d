"""Danish texts for PDSA cycles (prøvehandlinger)."""

MESSAGES: dict[str, str] = {
}
