"""The group picture across the house's borgere (and the annual wheel)."""
