"""How every file that leaves smtte is written: HTML, Markdown and CSV, the same way for all.

The borger's export (:mod:`export`), the group report (:mod:`house_report`), the municipality's
report (:mod:`municipality`) and the aktindsigt file (:mod:`smtte_tui.features.admin.auditlog`) all write their
text through these helpers, so every user text is escaped for its format in one place: HTML
escaped with quotes, Markdown punctuation escaped onto one line, CSV free text never read as a
spreadsheet formula. How a finished file leaves smtte (and is audited) is :mod:`output`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from smtte_tui.i18n import language, t

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets read as the start of a formula

# The printed page: A4, readable on paper and on screen; reports add their own rules after it.
CSS = """
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.4; color: #111; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #333; margin: 2rem 0 .5rem; padding-bottom: .1rem; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 .3rem; }
h4 { font-size: 1rem; margin: 1rem 0 .2rem; }
p { margin: .2rem 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .95em; }
th, td { border: 1px solid #bbb; padding: .15rem .4rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .2rem 0 .6rem; }
dt { font-weight: bold; }
dd { margin: 0; white-space: pre-wrap; }
.period { font-size: 1.05rem; }
.subtitle, .muted { color: #444; }
.signal { font-weight: bold; }
.chart { break-inside: avoid; page-break-inside: avoid; margin: .6rem 0 .4rem; }
.chart svg { width: 100%; height: auto; display: block; }
footer { margin-top: 2rem; border-top: 1px solid #999; padding-top: .4rem; font-size: .9em; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  .chart, tr, dl { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
}
""".strip()


# --- HTML ----------------------------------------------------------------------------------------


def h(text: object) -> str:
    return escape(str(text), quote=True)


def html_table(header: list[str], rows: Iterable[list[str]], numeric: Iterable[int] = ()) -> list[str]:
    right = set(numeric)
    out = ["<table>", "<thead><tr>" + "".join(f"<th>{h(cell)}</th>" for cell in header) + "</tr></thead>", "<tbody>"]
    for row in rows:
        cells = "".join(f'<td class="num">{h(cell)}</td>' if index in right else f"<td>{h(cell)}</td>" for index, cell in enumerate(row))
        out.append(f"<tr>{cells}</tr>")
    out += ["</tbody>", "</table>"]
    return out


def html_facts(lines: list[tuple[str, str]]) -> list[str]:
    if not lines:
        return [f'<p class="muted">{h(t("report.empty"))}</p>']
    return ["<dl>"] + [f"<dt>{h(label)}</dt><dd>{h(value)}</dd>" for label, value in lines] + ["</dl>"]


def html_head(title: str, css: str) -> list[str]:
    """The start of a self-contained page: language, UTF-8, the title and the inline style."""
    return [
        "<!DOCTYPE html>",
        f'<html lang="{h(language())}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{h(title)}</title>",
        f"<style>\n{css}\n</style>",
        "</head>",
    ]


# --- Markdown ------------------------------------------------------------------------------------


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: object) -> str:
    """User text safe in Markdown: its punctuation escaped, one line (tables need that)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def md_table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    out = ["| " + " | ".join(md(cell) for cell in header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in rows]
    return out + [""]


# --- CSV -----------------------------------------------------------------------------------------


def csv_number(value: bool | float) -> str:
    """A value as a Danish spreadsheet reads it: ja/nej as words, a decimal comma, no ".0"."""
    if isinstance(value, bool):
        return t("report.csv.ja") if value else t("report.csv.nej")
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value)).replace(".", t("number.decimal"))


def csv_text(text: str) -> str:
    """Free text that a spreadsheet will not run as a formula (a leading ' is what Excel shows)."""
    return f"'{text}" if text.startswith(FORMULA_START) else text
