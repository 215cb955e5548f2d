"""The SMTTE plan: drafts, activation rules, saving, and its history read as changes."""
