"""Every text an AppTest page shows a person, and the English texts of a words section
left on it: for the tests that open a staff page in German."""

from __future__ import annotations

import re
from typing import Any

from streamlit.testing.v1 import AppTest

from assessment import words

# Elements whose protos carry data, not words on the page: charts (their own tests) and
# the tables' cells (their column headers are checked through `.value.columns`); the
# rows of a Markdown table are left out as well (`_without_table_rows`).
SKIPPED = ("arrow_vega_lite_chart", "vega_lite_chart", "arrow_data_frame", "arrow_table")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _strings(value: Any) -> list[str]:
    """Every text in a proto value (labels, bodies, help, options), nested ones too."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (bytes, int, float)):
        return []
    if hasattr(value, "ListFields"):  # a message
        return [text for _, field in value.ListFields() for text in _strings(field)]
    return [text for one in value for text in _strings(one)]  # a repeated field


def page_text(at: AppTest) -> str:
    """The words of every element of the page (labels, values, help, options), one
    text a line, as a person reads them."""
    lines: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and getattr(node, "type", "") not in SKIPPED:
            lines.extend(_strings(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    lines = [line for line in lines if not line.startswith("{")]  # a column's settings
    lines = [_without_table_rows(line) for line in lines]
    # Markdown escapes (`\.`) do not count as different words.
    return "\n".join(lines).replace("\\\\", "").replace("\\", "")


def _without_table_rows(text: str) -> str:
    """`text` without the rows of its Markdown tables (their cells are data, as a
    dataframe's are), their headings kept."""
    kept, in_table = [], False
    for line in text.splitlines():
        if line.startswith("| ") and in_table:
            continue
        in_table = line.startswith("| ---") or line.startswith("| ---:")
        if not in_table:
            kept.append(line)
    return "\n".join(kept)


def english_left(at: AppTest, *sections: str) -> list[str]:
    """The English texts of `sections` (their longest fixed part, as whole words) that are
    on the page although they read differently in German. A single lower-case word
    ("open") is left out: it is a part of a sentence, and people's comments may hold it."""
    text = page_text(at)
    left = []
    for name in sections:
        for key, entry in words.SECTIONS[name].items():
            if entry.en == entry.de:
                continue
            fixed = max(PLACEHOLDER.split(entry.en.replace("*", "")), key=len).strip()
            if len(fixed) < 4 or fixed in entry.de.replace("*", ""):
                continue
            if " " not in fixed and fixed.islower():
                continue
            if re.search(rf"(?<!\w){re.escape(fixed)}(?!\w)", text):
                left.append(f"{name}.{key}: {fixed}")
    return left


def markdown_table(at: AppTest, column: str) -> list[dict[str, str]]:
    """The rows of the first table on the page with a column `column`, as the reader
    sees them: the page draws its tables as Markdown tables, every text escaped
    (`text.table_markdown`); this splits the rows at the unescaped pipes and undoes
    the escaping."""
    for element in at.markdown:
        lines = [line for line in str(element.value).splitlines() if line.startswith("| ")]
        if len(lines) < 2:
            continue
        cells = [
            [re.sub(r"\\(.)", r"\1", cell.strip()) for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
            for line in lines
        ]
        if column in cells[0]:
            return [dict(zip(cells[0], row, strict=True)) for row in cells[2:]]
    raise AssertionError(f"no table with a column {column!r}")
