"""Pure functions that turn validated models into figures (run charts, due dates, summaries)."""
