"""Evaluation meetings held, what is due, and one borger's timeline for them."""
