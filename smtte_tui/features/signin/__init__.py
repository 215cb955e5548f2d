"""Signing in on a shared terminal: initials and PIN, lockout, a person's own PIN."""
