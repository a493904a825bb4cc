"""Invite links for an assessment: the URL, its QR code (PNG, SVG), a printable poster,
and the cut-out sheet of per-person codes.

A respondent joins by the assessment link (`BASE/?a=CODE`) or a team link
(`BASE/?a=CODE&t=TEAM_ID`, which preselects their team). The poster is one A4 page per
team: the assessment and team names, a large QR code, the short link, how long the
survey takes and the anonymity promise, rendered from an autoescaped Jinja2 template
through WeasyPrint. Names are data typed by consultants: the template escapes them, so
they always print as literal text.

An assessment with per-person codes (`assessment.collect.codes`) hands each person a slip: the
survey's name, their code, its link and a small QR code of the link, ten slips to an A4
page with dashed lines to cut along (templates/code_sheet.html.j2).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import jinja2
import segno

from assessment import words
from assessment.analysis.disclosure import hidden_label
from assessment.analysis.progress import TeamProgress, Tracking
from assessment.collect.codes import code_link, format_code
from assessment.collect.transfer import neutralise_cell
from assessment.errors import AssessmentError
from assessment.organisation.assessments import Assessment, Team
from assessment.questionnaire.model import Questionnaire

DEFAULT_BASE_URL = "http://localhost:8501"
TEMPLATES = Path(__file__).resolve().parent / "templates"
QR_ERROR_LEVEL = "m"  # survives a crease or a smudge on a printed poster (15 % recovery)


@dataclass(frozen=True)
class InviteLink:
    """One link to hand out: the whole assessment, or one team (`team` set)."""

    url: str
    invite_code: str
    team: Team | None = None

    @property
    def label(self) -> str:
        return self.team.name if self.team else "Whole assessment (respondents pick their team)"

    @property
    def file_stem(self) -> str:
        """A safe file name stem for downloads (`invite-CODE-sales-north`)."""
        parts = ["invite", self.invite_code]
        if self.team:
            parts.append(self.team.id)
        return "-".join(parts)


# --- URLs ---------------------------------------------------------------------------------


def base_url_of(configured: str | None, page_url: str | None) -> str:
    """The app's address for invite links: the configured one (`GAPMAP_BASE_URL`), else
    the scheme and host of the page the consultant is looking at, else localhost."""
    for candidate, keeps_path in ((configured, True), (page_url, False)):
        parts = urlsplit((candidate or "").strip())
        if parts.scheme in ("http", "https") and parts.netloc:
            # A configured address may carry a path prefix (a reverse proxy's); the page's
            # own path is the page, not the app.
            path = parts.path.rstrip("/") if keeps_path else ""
            return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    return DEFAULT_BASE_URL


def invite_url(base_url: str, invite_code: str, team_id: str | None = None) -> str:
    """The link that opens the survey: `BASE/?a=CODE`, with `&t=TEAM` for a team."""
    params = {"a": invite_code}
    if team_id:
        params["t"] = team_id
    return f"{base_url.rstrip('/')}/?{urlencode(params)}"


def invite_links(assessment: Assessment, base_url: str) -> list[InviteLink]:
    """The assessment's link first, then one link per team in the assessment's order."""
    code = assessment.invite_code
    links = [InviteLink(invite_url(base_url, code), code)]
    links.extend(
        InviteLink(invite_url(base_url, code, team.id), code, team) for team in assessment.teams
    )
    return links


def short_url(url: str) -> str:
    """The link as printed under a QR code: without `http://` or `https://`."""
    parts = urlsplit(url)
    return url.removeprefix(f"{parts.scheme}://") if parts.scheme else url


# --- QR codes -------------------------------------------------------------------------------


def _qr(url: str) -> segno.QRCode:
    return segno.make(url, error=QR_ERROR_LEVEL, micro=False)


def qr_png(url: str, *, scale: int = 8) -> bytes:
    """The QR code of `url` as a PNG (black on white, with the standard quiet zone)."""
    out = io.BytesIO()
    _qr(url).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_svg(url: str, *, scale: int = 8) -> bytes:
    """The QR code of `url` as a standalone SVG document (scales without blur for print)."""
    out = io.BytesIO()
    _qr(url).save(out, kind="svg", scale=scale, border=4, title=url)
    return out.getvalue()


# --- the poster -----------------------------------------------------------------------------


def survey_minutes(questionnaire: Questionnaire) -> int:
    """Minutes the longest role needs in its slowest language, so that the poster never
    promises too little and says one figure in every language it speaks (German reads
    longer: a bilingual poster once said "about 14 minutes" above "etwa 15 Minuten"),
    as the console does (`minutes_span`)."""
    seconds = max(
        questionnaire.estimated_seconds(role.id, lang)
        for role in questionnaire.roles
        for lang in questionnaire.languages
    )
    return max(1, math.ceil(seconds / 60))


@cache
def _environment() -> jinja2.Environment:
    # Autoescaping for every template: names are untrusted text.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def poster_languages(assessment: Assessment, language: str | None = None) -> list[str]:
    """The languages a poster speaks: `language` alone when given, else every language
    of the assessment, its first one first."""
    chosen = [language] if language else list(assessment.languages) or [words.DEFAULT_LANGUAGE]
    return list(dict.fromkeys(words.language(lang) for lang in chosen))


def _poster_texts(
    assessment: Assessment, questionnaire: Questionnaire, url: str, lang: str
) -> dict[str, str]:
    texts = words.section("poster", lang)
    return texts | {
        "lang": lang,
        "time": words.t("phone.duration", lang, minutes=survey_minutes(questionnaire)),
        "anonymous": words.t("poster.anonymous", lang, k=assessment.anonymity_threshold),
        "qr_alt": words.t("slips.qr_alt", lang, url=url),
    }


def _labels(texts: list[dict[str, str]], key: str) -> str:
    """A short label in every language, each once: "Invite code / Einladungscode"."""
    return " / ".join(dict.fromkeys(text[key] for text in texts))


def poster_html(
    assessment: Assessment,
    questionnaire: Questionnaire,
    url: str,
    *,
    team: Team | None = None,
    language: str | None = None,
) -> str:
    """The poster as HTML (every name escaped by the template), in `language`, else in
    every language of the assessment."""
    texts = [
        _poster_texts(assessment, questionnaire, url, lang)
        for lang in poster_languages(assessment, language)
    ]
    first = texts[0] | {"team_label": _labels(texts, "team"), "code_label": _labels(texts, "code")}
    qr = _qr(url).svg_data_uri(scale=10, border=0, dark="#000", light="#fff")
    return (
        _environment()
        .get_template("poster.html.j2")
        .render(
            lang=first["lang"],
            texts=first,
            others=texts[1:],
            assessment_name=assessment.name,
            team_name=team.name if team else None,
            purpose=(assessment.purpose or "")[:400],
            short_url=short_url(url),
            invite_code=assessment.invite_code,
            qr_data_uri=qr,
        )
    )


def poster_pdf(
    assessment: Assessment,
    questionnaire: Questionnaire,
    url: str,
    *,
    team: Team | None = None,
    language: str | None = None,
) -> bytes:
    """A one-page A4 PDF poster for the link `url` (a team's, when `team` is given), in
    `language`, else in every language of the assessment."""
    from weasyprint import HTML  # late: loading takes ~1 s

    html = poster_html(assessment, questionnaire, url, team=team, language=language)
    pdf = HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
    if pdf is None:  # only when writing to a target, which we never do
        raise AssessmentError("poster-failed")
    return bytes(pdf)


# --- the sheet of per-person codes ----------------------------------------------------------

SLIPS_PER_PAGE = 10  # two columns of five: each slip about 87 x 50 mm


@dataclass(frozen=True)
class Slip:
    """One person's slip on the sheet."""

    code: str  # as printed: ABCD-EFGH-JKMN
    url: str
    short_url: str
    qr_data_uri: str


def code_slips(codes: list[str], base_url: str) -> list[Slip]:
    """The slips for `codes`, in order."""
    slips = []
    for code in codes:
        url = code_link(base_url, code)
        qr = _qr(url).svg_data_uri(scale=4, border=0, dark="#000", light="#fff")
        slips.append(Slip(format_code(code), url, short_url(url), qr))
    return slips


def code_sheet_html(
    assessment: Assessment, codes: list[str], base_url: str, *, language: str | None = None
) -> str:
    """The cut-out sheet as HTML: one slip per code (names escaped by the template)."""
    lang = language or (assessment.languages[0] if assessment.languages else "en")
    lang = words.language(lang)
    texts = words.section("slips", lang)
    slips = code_slips(codes, base_url)
    pages = [slips[n : n + SLIPS_PER_PAGE] for n in range(0, len(slips), SLIPS_PER_PAGE)]
    return (
        _environment()
        .get_template("code_sheet.html.j2")
        .render(
            lang=lang,
            texts=texts,
            assessment_name=assessment.name,
            pages=pages,
            anonymous_text=words.t("slips.anonymous", lang, k=assessment.anonymity_threshold),
        )
    )


def code_sheet_pdf(
    assessment: Assessment, codes: list[str], base_url: str, *, language: str | None = None
) -> bytes:
    """The printable A4 sheet of per-person codes: ten cut-out slips a page."""
    from weasyprint import HTML  # late: loading takes ~1 s

    html = code_sheet_html(assessment, codes, base_url, language=language)
    pdf = HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
    if pdf is None:  # only when writing to a target, which we never do
        raise AssessmentError("sheet-failed")
    return bytes(pdf)


def codes_csv(codes: Sequence[str], base_url: str) -> bytes:
    """The codes for a mail merge: a CSV with the columns `code` and `link`, one row a
    code (UTF-8 with a byte-order mark, so spreadsheets read it as UTF-8). Cells that a
    spreadsheet would take for a formula are neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["code", "link"])
    for code in codes:
        writer.writerow(
            [neutralise_cell(format_code(code)), neutralise_cell(code_link(base_url, code))]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- reminders and the links for a mail merge ------------------------------------------------


def _team_figure(team: TeamProgress, k: int, lang: str) -> str:
    """A team's released count as the reminder says it, or why it is hidden."""
    if team.submitted is None:
        return hidden_label(team.reason, lang, k)
    if team.head_count and team.rate is not None:
        return words.t(
            "reminder.team_of",
            lang,
            count=words.number(team.submitted, lang, 0),
            head_count=words.number(team.head_count, lang, 0),
            rate=words.percent(team.rate, lang),
        )
    return words.number(team.submitted, lang, 0)


def reminder_text(
    assessment: Assessment,
    questionnaire: Questionnaire,
    progress: Tracking,
    base_url: str,
    *,
    language: str | None = None,
) -> str:
    """A reminder to send to everyone invited, in `language`: the exact totals so far,
    each team's progress as the current release shows it (a hidden team says why, with
    no number), how long it takes, the links and the QR code. Plain text: names are
    data, and a mail program shows them as they are."""
    lang = words.language(language or (assessment.languages[0] if assessment.languages else "en"))
    k = progress.k

    def t(key: str, **params: object) -> str:
        return words.t(f"reminder.{key}", lang, **params)

    submitted = words.number(progress.submitted, lang, 0)
    if progress.head_count and progress.rate is not None:
        so_far = t(
            "so_far_of",
            submitted=submitted,
            head_count=words.number(progress.head_count, lang, 0),
            rate=words.percent(progress.rate, lang),
        )
    else:
        so_far = t("so_far", submitted=submitted)
    lines = [t("subject", name=assessment.name), "", t("hello"), "", t("ask", name=assessment.name)]
    lines.append(so_far)
    if assessment.closes_at is not None:  # answers are taken until the day before, at 24:00
        last_day = (assessment.closes_at - timedelta(seconds=1)).date()
        lines.append(t("closes", date=words.date(last_day, lang)))
    if progress.teams:
        lines.append("")
        if progress.release:
            lines.append(t("by_team", k=k))
            lines += [f"- {p.name}: {_team_figure(p, k, lang)}" for p in progress.teams]
        else:
            lines.append(t("by_team_later", k=k))
    lines += ["", t("time", minutes=survey_minutes(questionnaire), k=k), ""]
    links = invite_links(assessment, base_url)
    lines.append(t("link", url=links[0].url))
    if len(links) > 1:
        lines.append(t("team_links"))
        lines += [f"- {link.label}: {link.url}" for link in links[1:]]
    if assessment.per_person_codes:
        lines.append(t("code"))
    lines += [t("qr"), "", t("thanks")]
    return "\n".join(lines) + "\n"


LINKS_COLUMNS = (
    "team",
    "team_id",
    "language",
    "link",
    "code_needed",
    "submitted",
    "head_count",
    "response_rate",
)


def links_csv(assessment: Assessment, progress: Tracking, base_url: str) -> bytes:
    """The links for a mail merge: one row per link (all teams first, then each team)
    and language, with whether the link asks for a personal code and the team's
    progress as the current release shows it (a hidden team says why, with no number).
    Per-person codes themselves are in the CSV downloaded when they are issued: GapMap
    keeps no copy. UTF-8 with a byte-order mark; every cell neutralised for spreadsheets."""
    k = progress.k
    by_team = {p.team_id: p for p in progress.teams}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(LINKS_COLUMNS)
    for link in invite_links(assessment, base_url):
        team = by_team.get(link.team.id) if link.team else None
        for lang in assessment.languages:
            if link.team is None:
                name, submitted, head, rate = (
                    words.t("reminder.all_teams", lang),
                    words.number(progress.submitted, lang, 0),
                    progress.head_count,
                    progress.rate,
                )
            else:
                name, head = link.team.name, link.team.head_count
                rate = team.rate if team else None
                submitted = (
                    words.number(team.submitted, lang, 0)
                    if team is not None and team.submitted is not None
                    else hidden_label(team.reason if team else None, lang, k)
                )
            row = [
                name,
                link.team.id if link.team else "",
                lang,
                link.url,
                words.t("reminder.yes" if assessment.per_person_codes else "reminder.no", lang),
                submitted,
                "" if head is None else str(head),
                "" if rate is None else words.percent(rate, lang),
            ]
            writer.writerow([neutralise_cell(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
