"""English texts for the leder's administration: staff, borgere, the audit log viewer."""

MESSAGES: dict[str, str] = {
}
