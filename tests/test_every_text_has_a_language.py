"""Every text a person reads has every language: no English prose written into a page,
a chart or a template, every text in `words` and every refusal in `errors` complete.

The pages (app.py, assessment/ui/), the documents (assessment/documents/) and every
Jinja template are read, not run. A literal counts as prose by rule, not by a list of
allowed strings:

- it has letters once HTML tags, `:material/...:` icons and `{placeholders}` are
  taken out;
- and one of its words (not a one-letter symbol such as "n") sits beside anything
  else ("{n} of {total}"), or it is one capitalised word ("Export"). A lone lower-case
  token is a key, a file name, a MIME type or a date format ("report.pdf",
  "%d.%m.%Y"). Codes and acronyms ("CSV", "ACDE3467"), names with a capital inside
  ("GapMap") and chart fields ("label:N") read the same in every language.

Python: a literal (or an f-string's literal parts, or the string of `"...".format()`)
passed as the label, body, `help=`, `placeholder=`, `label=`, `title=` or the options of
a Streamlit display call or widget, a column header written into the rows given to
`st.dataframe`/`st.table`/`st.data_editor`, or a chart's title or axis title. Templates: the
text between tags and the attributes a person reads (alt, title, placeholder,
aria-label). Texts come from `words` (`t(key)`) instead.

The command line (assessment/cli.py) is read the same way: a literal it prints
(`typer.echo`, `confirm`, `prompt`, an error) is prose by the same rule, and every key it
names (`_t("valid")`, `_count("errors", n)`) must be a `words` text; Click's own help and
usage texts stay English.

What is not caught: prose put into a variable first and shown through it. Review that.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from assessment import errors, words

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "assessment"

# Pages other helpers are putting into words right now; each leaves when it is clean.
# The test fails when a file listed here has become clean, so the list only shrinks.
PENDING: dict[str, str] = {}

# Streamlit calls that show their first argument(s) to a person.
DISPLAY_CALLS = frozenset(
    {
        "title", "header", "subheader", "markdown", "caption", "write", "text", "info",
        "warning", "error", "success", "exception", "toast", "button", "download_button",
        "link_button", "form_submit_button", "text_input", "text_area", "number_input",
        "selectbox", "radio", "multiselect", "segmented_control", "pills", "checkbox",
        "toggle", "tabs", "expander", "popover", "status", "spinner", "metric",
        "date_input", "time_input", "slider", "select_slider", "file_uploader",
        "camera_input", "chat_input", "color_picker", "page_link", "dialog", "badge",
        "feedback", "progress",
    }
)  # fmt: skip
# Streamlit calls whose positional argument at index 1 is a list of options.
OPTION_CALLS = frozenset(
    {"selectbox", "radio", "multiselect", "segmented_control", "pills", "select_slider"}
)
# Keyword arguments a person reads, on any call in a page or a document.
READ_KEYWORDS = frozenset({"label", "help", "placeholder", "title", "body", "caption", "text"})
# Receivers whose `.info()`, `.error()`... write a log, not a page.
NOT_PAGES = frozenset({"log", "logger", "logging", "_log", "_logger", "LOG", "LOGGER"})
# Streamlit tables: the keys of the rows written into the call are the column headers.
TABLE_CALLS = frozenset({"dataframe", "table", "data_editor"})
# Charts: the first argument of these is a title.
TITLE_CALLS = frozenset({"Title", "TitleParams"})

_TAG = re.compile(r"<[^>]*>")
_ICON = re.compile(r":material/[a-z0-9_]+:")
_DIRECTIVE = re.compile(r":[a-z]+(?:-background)?\[")  # Streamlit's :blue[...] colours
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_LETTER = re.compile(r"[^\W\d_]")
_FIELD = re.compile(r"[A-Za-z_][\w.]*:[NOQTG]")  # an Altair field and its type


def _neutral(token: str) -> bool:
    """A token that reads the same in every language: a code or an acronym ("CSV"), a
    name with a capital inside ("GapMap"), a chart's field ("label:N"), a symbol ("n")."""
    letters = "".join(_LETTER.findall(token))
    return (
        len(letters) == 1
        or letters.isupper()
        or letters[1:] != letters[1:].lower()
        or bool(_FIELD.fullmatch(token))
    )


def is_prose(text: str) -> bool:
    """Whether `text` is words a person reads (see the module's docstring)."""
    bare = _PLACEHOLDER.sub(" {} ", _DIRECTIVE.sub(" ", _ICON.sub(" ", _TAG.sub(" ", text))))
    tokens = bare.split()
    worded = [token for token in tokens if _LETTER.search(token) and not _neutral(token)]
    if not worded:
        return False
    # A lone lower-case token is a key, a file name, a MIME type or a format.
    return len(tokens) > 1 or not "".join(_LETTER.findall(worded[0])).islower()


def _pieces(node: ast.expr) -> Iterator[tuple[int, str]]:
    """The literal text in an expression that reaches the page as it is written."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.lineno, node.value
    elif isinstance(node, ast.JoinedStr):
        parts = [
            part.value if isinstance(part, ast.Constant) else "{}"
            for part in node.values
            if isinstance(part, ast.Constant | ast.FormattedValue)
        ]
        yield node.lineno, "".join(str(part) for part in parts)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        yield from _pieces(node.left)
        yield from _pieces(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _pieces(node.body)
        yield from _pieces(node.orelse)
    elif isinstance(node, ast.List | ast.Tuple):
        for element in node.elts:
            yield from _pieces(element)
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"format", "join"}
    ):
        yield from _pieces(node.func.value)


def _headers(node: ast.expr) -> Iterator[ast.expr]:
    """The keys of the rows a table is given as written: `[{"Team": ...}, ...]`, a
    comprehension of such rows, or one such row."""
    if isinstance(node, ast.ListComp):
        node = node.elt
    if isinstance(node, ast.List | ast.Tuple) and node.elts:
        node = node.elts[0]
    if isinstance(node, ast.Dict):
        yield from (key for key in node.keys if key is not None)


def _receiver(node: ast.expr) -> str:
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else ""


def _read_arguments(call: ast.Call, in_page: bool) -> Iterator[ast.expr]:
    """The arguments of `call` a person reads."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if in_page and isinstance(func, ast.Attribute):
        if _receiver(func) in NOT_PAGES:
            return
        column_config = isinstance(func.value, ast.Attribute) and func.value.attr == "column_config"
        if name in TABLE_CALLS and call.args:
            yield from _headers(call.args[0])
        if name in DISPLAY_CALLS or column_config:
            count = 2 if name in OPTION_CALLS else (len(call.args) if name == "write" else 1)
            yield from call.args[:count]
            yield from (kw.value for kw in call.keywords if kw.arg == "options")
    if name in TITLE_CALLS and call.args:
        yield call.args[0]
    yield from (kw.value for kw in call.keywords if kw.arg in READ_KEYWORDS)


def english_in_python(path: Path, in_page: bool) -> list[str]:
    """Every prose literal `path` shows a person, as "line: text"."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for argument in _read_arguments(node, in_page):
                found += [(line, text) for line, text in _pieces(argument) if is_prose(text)]
    return [f"{line}: {text!r}" for line, text in sorted(found)]


class _TemplateText(HTMLParser):
    READ_ATTRIBUTES = frozenset({"alt", "title", "placeholder", "aria-label", "label"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._hidden = 0  # inside <style> or <script>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"style", "script"}:
            self._hidden += 1
        for name, value in attrs:
            if name in self.READ_ATTRIBUTES and value and is_prose(value):
                self.found.append(f"{self.getpos()[0]}: {name}={value!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "script"}:
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self._hidden and is_prose(data):
            self.found.append(f"{self.getpos()[0]}: {data.strip()!r}")


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def english_in_template(path: Path) -> list[str]:
    """Every prose text in a Jinja template's own markup, as "line: text"."""
    # Each Jinja tag becomes a placeholder of the same number of lines.
    source = _JINJA.sub(
        lambda m: "{}" + "\n" * m.group().count("\n"), path.read_text(encoding="utf-8")
    )
    parser = _TemplateText()
    parser.feed(source)
    parser.close()
    return parser.found


def _sources() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    pages = [ROOT / "app.py", *sorted((PACKAGE / "ui").glob("*.py"))]
    documents = sorted((PACKAGE / "documents").rglob("*.py"))
    for path in pages:
        found[path.relative_to(ROOT).as_posix()] = english_in_python(path, in_page=True)
    for path in documents:
        found[path.relative_to(ROOT).as_posix()] = english_in_python(path, in_page=False)
    for pattern in ("*.j2", "*.html"):
        for path in sorted(PACKAGE.rglob(pattern)):
            found[path.relative_to(ROOT).as_posix()] = english_in_template(path)
    return found


SOURCES = _sources()


@pytest.mark.parametrize("source", sorted(set(SOURCES) - set(PENDING)))
def test_no_english_prose_is_written_into_a_page_a_document_or_a_template(source: str) -> None:
    english = SOURCES[source]
    assert not english, f"{source} shows text in one language only:\n" + "\n".join(english)


def test_a_pending_file_leaves_the_list_once_it_is_clean() -> None:
    clean = [source for source in PENDING if not SOURCES.get(source)]
    assert clean == [], "no English left (or no such file): take these off PENDING"


# The command line (cli.py): what it prints, asks or refuses with comes from `words`
# (section `cli`) by key; Click's own help and usage texts may stay English.
CLI_PRINTS = frozenset({"echo", "secho", "confirm", "prompt", "BadParameter", "_error"})
CLI_KEYED = frozenset({"_t", "_say", "_fail", "_count"})


def english_in_cli(path: Path) -> list[str]:
    """Every prose literal the command line prints, and every literal key it names that
    `words` does not have, as "line: text"."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        arguments = [*node.args, *(kw.value for kw in node.keywords if kw.arg != "help")]
        if name in CLI_PRINTS:
            for argument in arguments:
                found += [f"{line}: {text!r}" for line, text in _pieces(argument) if is_prose(text)]
        if name in CLI_KEYED and node.args and isinstance(node.args[0], ast.Constant):
            key = str(node.args[0].value)
            prefix = "cli.n_" if name == "_count" else "cli."
            if not words.has(prefix + key):
                found.append(f"{node.lineno}: no text {prefix + key!r}")
    return found


def test_the_command_line_prints_only_texts_in_every_language() -> None:
    assert english_in_cli(PACKAGE / "cli.py") == []


def test_the_rule_finds_english_and_unknown_keys_in_the_command_line(tmp_path: Path) -> None:
    cli = tmp_path / "cli.py"
    cli.write_text(
        "typer.echo(f'wrote {n} code(s) to {out}')\n"
        "typer.echo(f'{file}: {_count(\"errors\", n)}', err=True)\n"
        "_say('valid', file=file)\n"
        "raise _fail('no_such_text')\n"
        "typer.confirm(_t('confirm_delete_all', name=name))\n"
        "typer.prompt('Password', hide_input=True)\n",
        encoding="utf-8",
    )
    assert english_in_cli(cli) == [
        "1: 'wrote {} code(s) to {}'",
        "4: no text 'cli.no_such_text'",
        "6: 'Password'",
    ]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _incomplete(catalogue: dict[str, words.Text]) -> list[str]:
    problems: list[str] = []
    for key, text in catalogue.items():
        problems += [
            f"{key}: no {lang}" for lang in words.LANGUAGES if not getattr(text, lang).strip()
        ]
        if _placeholders(text.en) != _placeholders(text.de):
            problems.append(f"{key}: en {_placeholders(text.en)} but de {_placeholders(text.de)}")
    return problems


def test_every_text_in_words_has_every_language_with_the_same_placeholders() -> None:
    assert _incomplete(words.WORDS) == []


def test_every_refusal_and_problem_has_every_language_with_the_same_placeholders() -> None:
    assert _incomplete(errors.MESSAGES) == []
    assert _incomplete(errors.PROBLEMS) == []


# The rule itself, on the kinds of literal a page holds.
@pytest.mark.parametrize(
    ("text", "prose"),
    [
        ("Export", True),
        ("Open the survey", True),
        ("**Team** {name}", True),
        ("report.pdf", False),
        ("text/csv", False),
        ("%d.%m.%Y", False),
        ("CSV", False),
        ("GapMap", False),
        ("label:N", False),
        (":material/logout:", False),
        ("{name} · {team}", False),
        ("{n} of {total}", True),
        ("{title} · GapMap", False),
        ("{group}: n", False),
        ("<div class='x'>{}</div>", False),
        ("<b>Invite code</b>", True),
        ("", False),
    ],
)
def test_what_counts_as_prose(text: str, prose: bool) -> None:
    assert is_prose(text) is prose


def test_the_rule_finds_a_label_a_help_an_f_string_an_option_and_a_header(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text(
        "import streamlit as st\n"
        "left, right = st.columns(2)\n"
        "st.button(t('x'), key='save-button', icon=':material/save:')\n"
        "left.button('Save it', help=t('y'))\n"
        "st.text_input(t('z'), help='Type here')\n"
        "st.caption(f'{n} of {total}')\n"
        "st.radio(t('w'), ['Yes', 'no_key'])\n"
        "st.column_config.TextColumn('Team name')\n"
        "st.dataframe([{'Due date': a.due, t('col'): a.x, 'id': a.id} for a in rows])\n"
        "logger.info('Started the page')\n"
        "st.markdown(f'**{name}**')\n",
        encoding="utf-8",
    )
    assert english_in_python(page, in_page=True) == [
        "4: 'Save it'",
        "5: 'Type here'",
        "6: '{} of {}'",
        "7: 'Yes'",
        "8: 'Team name'",
        "9: 'Due date'",
    ]


def test_the_rule_finds_a_chart_title_in_a_document(tmp_path: Path) -> None:
    chart = tmp_path / "chart.py"
    chart.write_text(
        "alt.X('score:Q', title='Score', axis=alt.Axis(format='.1f'))\n"
        "alt.Title(t('chart.title', lang))\n"
        "chart.properties(title=f'Wave {n}')\n",
        encoding="utf-8",
    )
    assert english_in_python(chart, in_page=False) == ["1: 'Score'", "3: 'Wave {}'"]


def test_the_rule_finds_text_and_read_attributes_in_a_template(tmp_path: Path) -> None:
    template = tmp_path / "page.html.j2"
    template.write_text(
        "<style>p { color: red; }</style>\n"
        '<p class="lead">{{ texts.heading }}</p>\n'
        '<img src="{{ src }}" alt="QR code for {{ url }}">\n'
        "<p>{{ texts.code }}: {{ code }}</p>\n"
        "{% if x %}<p>Scan it now</p>{% endif %}\n",
        encoding="utf-8",
    )
    assert english_in_template(template) == ["3: alt='QR code for {}'", "5: 'Scan it now'"]
