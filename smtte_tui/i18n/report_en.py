"""English texts for reports and exports (smtte export, the app's export key)."""

MESSAGES: dict[str, str] = {
}
