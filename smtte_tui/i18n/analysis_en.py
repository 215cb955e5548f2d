"""English texts for figures: study summaries, run charts, timelines."""

MESSAGES: dict[str, str] = {
}
