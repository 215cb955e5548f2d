"""The screen kit: the base screen, table and step screens, dialogs and messages."""
