"""Textual screens (installed as ``smtte_tui.screens``). Only screens and the App import Textual."""
