"""Across all borgere today: the follow-up findings (F6) and the daily team time-out."""
