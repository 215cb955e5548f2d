"""Where a screen's styles come from: the kit's ``kit.tcss`` and its feature's own ``.tcss``.

Textual reads a screen's ``CSS_PATH`` when the screen is first shown and adds the rules to the
whole app: they apply to every screen from then on. So every rule in a ``.tcss`` here begins with
the type of the screen it is for (``HomeScreen #borgere``), or with a widget only its feature uses
(``ChartPanel``), and no rule leaks to another screen whichever was shown first.

Textual resolves a relative ``CSS_PATH`` against the file of the screen's *own* class, not the
class that set it; the kit's file is therefore given as an absolute path (beside this module), and
a feature's file as a path beside the module that names it (``css_of(__file__, "shift.tcss")``):
a feature folder that moves with its ``.tcss`` keeps working.
"""

from __future__ import annotations

from pathlib import Path

KIT_CSS = Path(__file__).with_name("kit.tcss")


def css_of(module_file: str, feature_css: str) -> list[Path]:
    """``CSS_PATH`` for a screen of a feature: the kit's styles, then ``feature_css`` beside
    ``module_file`` (the screen module's ``__file__``)."""
    return [KIT_CSS, Path(module_file).with_name(feature_css)]
