"""Show untrusted text (questionnaire content) as plain text, never as Markdown or HTML.

Questionnaires are written by consultants and loaded from files, so their texts are
data. Streamlit renders Markdown (links, images, colour directives, LaTeX, and
sanitised HTML) in `st.markdown`, captions, tables and most widget labels; every text
from a questionnaire goes through `escape_markdown` before it reaches one of those.
Selectbox and multiselect options and dataframe cells are plain text in Streamlit and
take the raw text. Never pass questionnaire text with `unsafe_allow_html`.

What escaping cannot stop: Streamlit still applies its text-level extras after parsing,
so a bare URL or e-mail address becomes a link to exactly that address, `:smile:`
becomes an emoji and `->` an arrow. None of these turns the text into HTML.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Mapping, Sequence

import streamlit as st

# CommonMark lets any ASCII punctuation be backslash-escaped; escaping all of it also
# disarms Streamlit's own syntax (`:red[...]`, `:material/...:`, `$...$`).
_SPECIAL = frozenset(string.punctuation)

LANGUAGE_NAMES: dict[str, str] = {
    "de": "Deutsch",
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "it": "Italiano",
    "nl": "Nederlands",
    "pl": "Polski",
    "pt": "Português",
}


def escape_markdown(text: str) -> str:
    """`text` with every Markdown special character escaped, line breaks kept.

    Leading whitespace is dropped from each line (four spaces would start a code block).
    """
    lines = [line.strip() for line in text.splitlines()] or [""]
    escaped = ["".join(f"\\{c}" if c in _SPECIAL else c for c in line) for line in lines]
    return "  \n".join(escaped)


def paragraph(text: str) -> None:
    """Show untrusted text as a paragraph."""
    st.markdown(escape_markdown(text))


def caption(text: str) -> None:
    """Show untrusted text as a small caption."""
    st.caption(escape_markdown(text))


def language_name(code: str) -> str:
    """A language's own name for its code (`de` -> `Deutsch`), else the code in capitals."""
    return LANGUAGE_NAMES.get(code, code.upper())


def comments_markdown(question: str, said: Sequence[str]) -> str:
    """A question and what people wrote, as ONE Markdown text (every text escaped): the
    same words written more than once shown once, "(×n)", most frequent first, as in the
    gap report. At 10,000 respondents a question holds about a thousand comments; one
    element each made the page take tens of seconds to draw."""
    counted = Counter(text.strip() for text in said)
    lines = [f"**{escape_markdown(question)}**"]
    for text, n in counted.most_common():
        lines.append(escape_markdown(text) + (f" (×{n})" if n > 1 else ""))
    return "\n\n".join(lines)


# Constant CSS, no user text: on a narrow screen (a phone) Markdown tables take a
# smaller type and tighter cells, and an expander's content narrower margins, so a
# five-column table fits 390 px without scrolling sideways (cells wrap at spaces; a
# long word is never cut).
NARROW_TABLES = """<style>
@media (max-width: 640px) {
  [data-testid="stMain"] [data-testid="stMarkdownContainer"] table {
    font-size: 0.75rem !important;
  }
  [data-testid="stMain"] [data-testid="stMarkdownContainer"] :is(th, td) {
    padding: 0.25rem 0.2rem !important;
  }
  [data-testid="stMain"] [data-testid="stExpanderDetails"] {
    padding-left: 0.375rem !important;
    padding-right: 0.375rem !important;
  }
}
</style>"""

# A formatted figure: "1,234", "0.84", "0,84", "41 %", "-2", "1 234" (Babel's spaces).
_FIGURE = re.compile(r"[-+\u2212]?\d[\d.,\u00a0\u202f ]*(\s?%)?")


def _figure(value: str | int | None) -> bool:
    return value is None or isinstance(value, int) or value == "" or bool(_FIGURE.fullmatch(value))


def table_markdown(rows: Sequence[Mapping[str, str | int | None]]) -> str:
    """Rows (column heading -> cell) as ONE Markdown table, every text escaped: an HTML
    table in the browser, one element (`st.table` makes each cell a Markdown element of
    its own, hundreds on the results page). A column of figures (numbers, formatted
    numbers such as "1,234" or "41 %", empty cells) is right-aligned; None is an empty
    cell; a cell's line breaks become spaces (a table row is one line)."""
    if not rows:
        return ""
    columns = list(rows[0])

    def cell(value: str | int | None) -> str:
        if value is None:
            return ""
        if isinstance(value, int):
            return str(value)
        return escape_markdown(" ".join(value.split()))

    numeric = [all(_figure(row.get(c)) for row in rows) for c in columns]
    lines = [
        "| " + " | ".join(cell(c) for c in columns) + " |",
        "| " + " | ".join("---:" if n else "---" for n in numeric) + " |",
    ]
    lines += ["| " + " | ".join(cell(row.get(c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines)
