"""English texts for SMTTE plans: the guided editor, the method's questions, history and conflicts."""

MESSAGES: dict[str, str] = {
}
