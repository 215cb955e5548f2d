"""A PIN as typed, hidden from everything that shows values by their ``repr``.

A traceback that lists each frame's local variables (Textual's crash screen, Rich's
``show_locals``), a container printed with ``%r`` or a worker's description built from its
arguments would otherwise show the digits. ``Secret`` is an ordinary ``str`` to the code that
checks or hashes it; only ``repr`` is masked. ``str()`` is left alone on purpose: code that
normalises a PIN with ``str(pin)`` must still hash the digits, not the mask.
"""

from __future__ import annotations

MASK = "••••"


class Secret(str):
    __slots__ = ()

    def __repr__(self) -> str:
        return repr(MASK)
