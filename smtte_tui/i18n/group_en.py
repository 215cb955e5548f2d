"""English texts for the group picture: figures across all borgere, the monthly/quarterly report, the annual wheel."""

MESSAGES: dict[str, str] = {
}
