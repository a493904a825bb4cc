"""Invite links: URLs, QR codes, posters, and teams pasted by a consultant."""

from __future__ import annotations

import io
import struct
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessment.collect import invites
from assessment.organisation.assessments import (
    Assessment,
    Team,
    create_assessment,
    create_organisation,
    parse_team_lines,
)
from assessment.questionnaire.questionnaires import QUESTIONNAIRE_DIR, load_or_raise
from assessment.storage.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = load_or_raise(ROOT / "tests" / "fixtures" / "ui-sample.yaml")
HOSTILE = "<script>alert(1)</script>"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def store() -> Store:
    return Store()


def make_assessment(
    store: Store, name: str = "CRM adoption 2026", teams: tuple[Team, ...] = ()
) -> Assessment:
    org = create_organisation(store, "Nordwind")
    return create_assessment(store, org, SAMPLE, name=name, teams=teams)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


# --- URLs ------------------------------------------------------------------------------------


def test_assessment_url_carries_the_invite_code() -> None:
    assert invites.invite_url("https://gapmap.example.com", "ACDE3479") == (
        "https://gapmap.example.com/?a=ACDE3479"
    )


def test_team_url_adds_the_team_id() -> None:
    assert invites.invite_url("https://gapmap.example.com/", "ACDE3479", "sales-north") == (
        "https://gapmap.example.com/?a=ACDE3479&t=sales-north"
    )


def test_configured_base_url_wins_and_keeps_its_path_prefix() -> None:
    base = invites.base_url_of("https://survey.example.com/gapmap/", "http://10.0.0.5:8501/console")
    assert base == "https://survey.example.com/gapmap"


def test_base_url_falls_back_to_the_page_host_without_path_or_query() -> None:
    base = invites.base_url_of(None, "http://127.0.0.1:8501/console?x=1#top")
    assert base == "http://127.0.0.1:8501"


@pytest.mark.parametrize("configured", [None, "", "   ", "not a url", "ftp://host"])
def test_base_url_defaults_to_localhost(configured: str | None) -> None:
    assert invites.base_url_of(configured, None) == "http://localhost:8501"


def test_one_link_for_the_assessment_then_one_per_team(store: Store) -> None:
    teams = (Team("sales-north", "Sales North", 12), Team("service", "Customer Service", 9))
    a = make_assessment(store, teams=teams)
    links = invites.invite_links(a, "http://h")
    assert [link.url for link in links] == [
        f"http://h/?a={a.invite_code}",
        f"http://h/?a={a.invite_code}&t=sales-north",
        f"http://h/?a={a.invite_code}&t=service",
    ]
    assert [link.team for link in links] == [None, *teams]
    assert [link.file_stem for link in links] == [
        f"invite-{a.invite_code}",
        f"invite-{a.invite_code}-sales-north",
        f"invite-{a.invite_code}-service",
    ]


def test_short_url_drops_the_scheme() -> None:
    assert invites.short_url("https://g.example/?a=X") == "g.example/?a=X"


# --- QR codes -------------------------------------------------------------------------------


def test_qr_png_is_a_square_png() -> None:
    png = invites.qr_png("https://gapmap.example.com/?a=ACDE3479&t=sales-north", scale=8)
    assert png.startswith(PNG_MAGIC)
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    assert width == height
    # a version 4 symbol holds this 52-char URL at level M: 33 modules + 2 x 4 quiet zone
    assert width == (33 + 8) * 8


def test_qr_svg_is_an_svg_document_titled_with_the_url() -> None:
    url = "https://gapmap.example.com/?a=ACDE3479&t=sales-north"
    root = ET.fromstring(invites.qr_svg(url))  # noqa: S314 - our own output
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    title = root.find("{http://www.w3.org/2000/svg}title")
    assert title is not None
    assert title.text == url


# --- posters ----------------------------------------------------------------------------------


def test_poster_is_one_page_with_names_url_time_and_promise(store: Store) -> None:
    a = make_assessment(store, teams=(Team("sales-north", "Sales North", 12),))
    url = invites.invite_url("https://gapmap.example.com", a.invite_code, "sales-north")
    pdf = invites.poster_pdf(a, SAMPLE, url, team=a.teams[0])
    assert pdf.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    text = pdf_text(pdf)
    assert "CRM adoption 2026" in text
    assert "Sales North" in text
    assert f"gapmap.example.com/?a={a.invite_code}&t=sales-north" in text
    assert f"about {invites.survey_minutes(SAMPLE)} minutes" in text
    assert "at least 5 people" in text


def test_hostile_names_stay_literal_text_on_the_poster(store: Store) -> None:
    a = make_assessment(store, name=f"Survey {HOSTILE}", teams=(Team("x", HOSTILE, 3),))
    url = invites.invite_url("http://h", a.invite_code, "x")
    html = invites.poster_html(a, SAMPLE, url, team=a.teams[0])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = pdf_text(invites.poster_pdf(a, SAMPLE, url, team=a.teams[0]))
    assert f"Survey {HOSTILE}" in text
    assert HOSTILE in text


class _Visible(HTMLParser):
    """The texts a person reads on a page, in order (style and title left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("style", "title")
        self.texts += [f"alt={value}" for name, value in attrs if name == "alt" and value]

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "title")

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def visible(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    return parser.texts


def test_a_german_assessments_poster_is_german_throughout(store: Store) -> None:
    org = create_organisation(store, "Nordwind")
    a = create_assessment(
        store, org, SAMPLE, name="Umfrage", languages=["de"], teams=(Team("nord", "Nord", 9),)
    )
    url = invites.invite_url("http://h", a.invite_code, "nord")
    html = invites.poster_html(a, SAMPLE, url, team=a.teams[0])
    assert '<html lang="de">' in html
    minutes = invites.survey_minutes(SAMPLE)
    assert visible(html) == [
        "Sagen Sie uns, wie das System für Sie wirklich funktioniert",
        "Umfrage",
        "Team",
        "Nord",
        f"alt=QR-Code für http://h/?a={a.invite_code}&t=nord",
        "Scannen Sie den Code mit der Handykamera oder öffnen Sie",
        f"h/?a={a.invite_code}&t=nord",
        f"Einladungscode: {a.invite_code}",
        f"Das dauert etwa {minutes} Minuten.",
        "Ihre Antworten sind anonym: kein Name, keine E-Mail-Adresse. Ergebnisse werden nur "
        "für Gruppen ab 5 Personen gezeigt, niemand sieht Ihre einzelnen Antworten.",
    ]


def test_a_poster_speaks_every_language_of_the_assessment_its_first_first(store: Store) -> None:
    org = create_organisation(store, "Nordwind")
    a = create_assessment(
        store, org, SAMPLE, name="Umfrage", languages=["de", "en"], purpose="Wozu wir fragen."
    )
    url = invites.invite_url("http://h", a.invite_code)
    html = invites.poster_html(a, SAMPLE, url)
    assert '<html lang="de">' in html
    assert '<span class="also" lang="en">Tell us how the system really works for you</span>' in html
    de = en = invites.survey_minutes(SAMPLE)  # one figure in both languages
    assert visible(html) == [
        "Sagen Sie uns, wie das System für Sie wirklich funktioniert",
        "Tell us how the system really works for you",
        "Umfrage",
        "Wozu wir fragen.",
        f"alt=QR-Code für http://h/?a={a.invite_code}",
        "Scannen Sie den Code mit der Handykamera oder öffnen Sie",
        "Scan the code with your phone camera, or open",
        f"h/?a={a.invite_code}",
        f"Einladungscode / Invite code: {a.invite_code}",
        f"Das dauert etwa {de} Minuten.",
        f"It takes about {en} minutes.",
        "Ihre Antworten sind anonym: kein Name, keine E-Mail-Adresse. Ergebnisse werden nur "
        "für Gruppen ab 5 Personen gezeigt, niemand sieht Ihre einzelnen Antworten.",
        "Your answers are anonymous: no name, no e-mail address. Results are shown only for "
        "groups of at least 5 people, so nobody can see what you answered.",
    ]
    one = invites.poster_html(a, SAMPLE, url, language="en")
    assert '<html lang="en">' in one and 'class="also"' not in one
    assert "Invite code: " in one


def test_a_bilingual_poster_is_still_one_page(store: Store) -> None:
    org = create_organisation(store, "Nordwind")
    a = create_assessment(
        store,
        org,
        SAMPLE,
        name="CRM-Einführung 2026",
        languages=["de", "en"],
        teams=(Team("vertrieb-nord", "Vertrieb Nord", 12),),
        purpose="Wozu wir fragen. " * 20,
    )
    url = invites.invite_url("https://gapmap.example.com", a.invite_code, "vertrieb-nord")
    pdf = invites.poster_pdf(a, SAMPLE, url, team=a.teams[0])
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_survey_minutes_is_the_longest_role_in_its_slowest_language() -> None:
    """One figure for every language: the CRM questionnaire reads in 14 minutes in
    English and 15 in German, and a bilingual poster once said both."""
    crm = load_or_raise(QUESTIONNAIRE_DIR / "crm-adoption.yaml")

    def minutes(language: str) -> int:
        return -(-max(crm.estimated_seconds(r.id, language) for r in crm.roles) // 60)

    assert (minutes("en"), minutes("de")) == (14, 15)
    assert invites.survey_minutes(crm) == 15


# --- teams pasted as lines -----------------------------------------------------------------------


def test_team_lines_give_teams_with_ids_and_head_counts() -> None:
    teams, problems = parse_team_lines(
        "team,head_count\nSales North, 12\nKundenservice Süd;9\nField Service\t\n\n"
    )
    assert problems == []
    assert teams == [
        Team("sales-north", "Sales North", 12),
        Team("kundenservice-sud", "Kundenservice Süd", 9),
        Team("field-service", "Field Service", None),
    ]


def test_team_line_problems_name_their_line() -> None:
    teams, problems = parse_team_lines(
        "Sales, 12\n, 4\nService, -3\nsales, 5\nSales!, 2\nA, 1, 2\nOps, twelve"
    )
    assert [t.name for t in teams] == ["Sales"]
    assert problems == [
        "Line 2: the team name is empty.",
        "Line 3: the head-count of 'Service' must be a whole number of 0 or more, not '-3'.",
        "Line 4: 'sales' is listed already on line 1.",
        "Line 5: 'Sales!' gives the same link id (sales) as the team on line 1; "
        "rename one of them.",
        "Line 6: expected `team name, head-count`, found 3 fields "
        "(a team name cannot contain a comma).",
        "Line 7: the head-count of 'Ops' must be a whole number of 0 or more, not 'twelve'.",
    ]
