"""Files that take data out of smtte: one borger's SMTTE history (``export``), the group report
(``house_report``), the municipality's report across houses (``municipality``); the aktindsigt
file is :mod:`smtte_tui.features.admin.auditlog`'s. All write their text with ``formats`` and leave through
``output`` (handed over whole, then audited).

No Textual here: the app calls these in a worker, the CLI calls them directly.
"""

from __future__ import annotations

from smtte_tui.report.export import (
    FORMATS,
    ExportError,
    Format,
    Report,
    export_borger,
    export_event,
    export_filename,
    find_borger,
    gather,
    render_csv,
    render_export,
    render_html,
    render_markdown,
    write_export,
)
from smtte_tui.report.svg import chart_svg

__all__ = [
    "FORMATS",
    "ExportError",
    "Format",
    "Report",
    "chart_svg",
    "export_borger",
    "export_filename",
    "find_borger",
    "gather",
    "export_event",
    "render_csv",
    "render_export",
    "render_html",
    "render_markdown",
    "write_export",
]
