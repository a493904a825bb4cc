"""Every text a person reads around the questionnaire, in every language, and the one
way to format numbers, percentages and dates for a language.

Questionnaire content (items, options, levels, actions) is data and comes translated in
the questionnaire itself (`Questionnaire.t`); these are the words around it: pages,
charts, reports, posters. Each text is a `Text` with one field per language, so a text
missing a language does not type-check; `t("report.summary", "de")` looks one up and
fills in its `{placeholders}`. Texts are trusted Markdown (the phone pages) or plain
text (charts, reports); values put into them that came from people must be escaped by
the caller.

Numbers go through Babel, one locale per language: a decimal comma, a point between
thousands and "79 %" (with a no-break space) in German; "3.5", "1,200" and "79%" in
English, written the British way ("23 November 2026"). A count put into a text is grouped
too (`fill`); a number a person types back is not (`number(..., grouped=False)`).
"""

from __future__ import annotations

import re
import string
from datetime import date as Date
from decimal import Decimal
from typing import NamedTuple

from babel.dates import format_date, get_date_format
from babel.numbers import format_decimal, format_percent


class Text(NamedTuple):
    """One text in every language GapMap speaks."""

    en: str
    de: str


LANGUAGES: tuple[str, ...] = Text._fields
DEFAULT_LANGUAGE = "en"
# Babel's locale for each language: British English (the texts are written in it).
LOCALES: dict[str, str] = {"en": "en_GB", "de": "de_DE"}
# What a missing figure reads as, in every language.
NO_FIGURE = "-"


def language(lang: str | None) -> str:
    """`lang` if GapMap speaks it, else English."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


# The respondent's and the workshop participant's phone pages (ui/respond.py, ui/phone.py).
PHONE: dict[str, Text] = {
    "page_title": Text(en="Answer a survey", de="An einer Umfrage teilnehmen"),
    "code_intro": Text(
        en=(
            "Type the invite code from your invitation or the poster, or open the link "
            "you were sent."
        ),
        de=(
            "Geben Sie den Einladungscode aus Ihrer Einladung oder vom Aushang ein, oder "
            "öffnen Sie den Link, den Sie erhalten haben."
        ),
    ),
    "code_label": Text(en="Invite code", de="Einladungscode"),
    "code_placeholder": Text(en="for example ACDE3467", de="zum Beispiel ACDE3467"),
    "code_button": Text(en="Open the survey", de="Umfrage öffnen"),
    "code_empty": Text(
        en="Type the invite code first.",
        de="Geben Sie zuerst den Einladungscode ein.",
    ),
    "unknown_title": Text(
        en="We could not find this survey",
        de="Wir haben diese Umfrage nicht gefunden",
    ),
    "unknown_body": Text(
        en=(
            "No survey has the invite code **{code}**. Check the code in your invitation "
            "and type it again below, or ask the person who invited you for a new link."
        ),
        de=(
            "Keine Umfrage hat den Einladungscode **{code}**. Prüfen Sie den Code in "
            "Ihrer Einladung und geben Sie ihn unten erneut ein, oder bitten Sie die "
            "einladende Person um einen neuen Link."
        ),
    ),
    "closed_title": Text(en="This survey is closed", de="Diese Umfrage ist beendet"),
    "closed_body": Text(
        en=(
            "It no longer takes answers. Answers submitted before it closed are kept and "
            "counted. If you think this is a mistake, contact the person who invited you."
        ),
        de=(
            "Sie nimmt keine Antworten mehr an. Vor dem Ende abgeschickte Antworten "
            "bleiben erhalten und werden gezählt. Wenn Sie das für einen Fehler halten, "
            "wenden Sie sich an die Person, die Sie eingeladen hat."
        ),
    ),
    "not_open_title": Text(
        en="This survey has not opened yet",
        de="Diese Umfrage hat noch nicht begonnen",
    ),
    "not_open_body": Text(
        en="It opens on {date}. Please come back then with the same link.",
        de="Sie beginnt am {date}. Bitte kommen Sie dann mit demselben Link wieder.",
    ),
    "bad_secret_title": Text(
        en="This link does not lead to your answers",
        de="Dieser Link führt nicht zu Ihren Antworten",
    ),
    "bad_secret_body": Text(
        en=(
            "Check that you copied the whole link (it is long). If it still does not "
            "work, start again from your invite link: your earlier answers stay "
            "anonymous and are not counted unless they were submitted."
        ),
        de=(
            "Prüfen Sie, ob Sie den ganzen Link kopiert haben (er ist lang). Wenn er "
            "trotzdem nicht funktioniert, beginnen Sie neu mit Ihrem Einladungslink: "
            "frühere Antworten bleiben anonym und zählen nur, wenn sie abgeschickt "
            "wurden."
        ),
    ),
    "problem_title": Text(en="Something went wrong", de="Etwas ist schiefgegangen"),
    "try_again": Text(
        en="Please try again in a moment. Your saved answers are kept.",
        de="Bitte versuchen Sie es gleich noch einmal. Gespeicherte Antworten bleiben erhalten.",
    ),
    "language": Text(en="Language", de="Sprache"),
    "step": Text(en="Step {n} of {total}", de="Schritt {n} von {total}"),
    "why_heading": Text(en="Why we ask", de="Worum es geht"),
    "default_purpose": Text(
        en=(
            "Your organisation wants to understand where it stands on the topics below "
            "and what would help most. The results are discussed with the teams and "
            "turned into concrete actions."
        ),
        de=(
            "Ihre Organisation möchte verstehen, wo sie bei den folgenden Themen steht "
            "und was am meisten helfen würde. Die Ergebnisse werden mit den Teams "
            "besprochen und in konkrete Maßnahmen übersetzt."
        ),
    ),
    "privacy_heading": Text(en="Who sees what", de="Wer was sieht"),
    "privacy_threshold": Text(
        en="Results are shown only for groups of at least {k} people.",
        de="Ergebnisse werden nur für Gruppen von mindestens {k} Personen gezeigt.",
    ),
    "privacy_comments": Text(
        en=(
            "Written comments are shown only for groups of at least {c} people, and "
            "never with who wrote them."
        ),
        de=(
            "Schriftliche Kommentare werden nur für Gruppen von mindestens {c} Personen "
            "gezeigt, und nie mit dem Namen der Person, die sie geschrieben hat."
        ),
    ),
    "privacy_no_names": Text(
        en="We do not ask for your name or e-mail address and do not store your IP address.",
        de=(
            "Wir fragen weder nach Ihrem Namen noch nach Ihrer E-Mail-Adresse und "
            "speichern Ihre IP-Adresse nicht."
        ),
    ),
    "privacy_not_linked": Text(
        en=(
            "Your answers are never linked to you: nobody, not the survey team and not "
            "your manager, can tell which answers are yours."
        ),
        de=(
            "Ihre Antworten werden nie mit Ihnen verknüpft: niemand, weder das "
            "Umfrageteam noch Ihre Führungskraft, kann erkennen, welche Antworten von "
            "Ihnen sind."
        ),
    ),
    "duration": Text(
        en="It takes about {minutes} minutes.",
        de="Das dauert etwa {minutes} Minuten.",
    ),
    "duration_range": Text(
        en="It takes about {low} to {high} minutes, depending on your role.",
        de="Das dauert etwa {low} bis {high} Minuten, je nach Rolle.",
    ),
    "about_you": Text(en="About you", de="Zu Ihnen"),
    "role_label": Text(en="Your role", de="Ihre Rolle"),
    "role_help": Text(
        en="Choose the role closest to your daily work: a few questions depend on it.",
        de=(
            "Wählen Sie die Rolle, die Ihrer täglichen Arbeit am nächsten kommt: einige "
            "Fragen hängen davon ab."
        ),
    ),
    "team_label": Text(en="Your team", de="Ihr Team"),
    "team_placeholder": Text(en="Choose your team", de="Wählen Sie Ihr Team"),
    "team_preset": Text(en="Your team: **{team}**", de="Ihr Team: **{team}**"),
    "team_unknown": Text(
        en="The team in your link is not part of this survey; choose yours below.",
        de="Das Team in Ihrem Link gehört nicht zu dieser Umfrage; wählen Sie unten Ihr Team.",
    ),
    "choose_role": Text(
        en="Choose your role to start.",
        de="Wählen Sie Ihre Rolle, um zu beginnen.",
    ),
    "choose_team": Text(en="Choose your team to start.", de="Wählen Sie Ihr Team, um zu beginnen."),
    "start": Text(en="Start", de="Los geht's"),
    "continue": Text(en="Continue", de="Weiter"),
    "next": Text(en="Next", de="Weiter"),
    "back": Text(en="Back", de="Zurück"),
    "submit": Text(en="Submit my answers", de="Antworten absenden"),
    "submitting": Text(en="Submitting…", de="Wird gesendet …"),
    "optional": Text(en="Optional", de="Freiwillig"),
    "missing_item": Text(
        en="Please answer this question.",
        de="Bitte beantworten Sie diese Frage.",
    ),
    "missing_count_one": Text(en="1 answer missing: {items}", de="1 Antwort fehlt: {items}"),
    "missing_count_many": Text(
        en="{n} answers missing: {items}", de="{n} Antworten fehlen: {items}"
    ),
    "missing_question": Text(en="question {n} (“{text}”)", de="Frage {n} („{text}“)"),
    "missing_questions": Text(en="questions {numbers}", de="Fragen {numbers}"),
    "missing_count_one_past": Text(
        en="1 answer was missing: {items}", de="1 Antwort fehlte: {items}"
    ),
    "missing_count_many_past": Text(
        en="{n} answers were missing: {items}", de="{n} Antworten fehlten: {items}"
    ),
    "missing_item_answered": Text(en="Answered.", de="Beantwortet."),
    "missing_all_answered": Text(en="All answered now.", de="Jetzt ist alles beantwortet."),
    "answered_count": Text(en="{n} of {m} answered", de="{n} von {m} beantwortet"),
    "multi_hint": Text(en="Choose all that apply.", de="Wählen Sie alles Zutreffende."),
    "number_range": Text(en="A number from {low} to {high}", de="Eine Zahl von {low} bis {high}"),
    "saved_note": Text(
        en="Every answer is saved as you give it.",
        de="Jede Antwort wird sofort gespeichert.",
    ),
    "later_label": Text(en="Continue later", de="Später weitermachen"),
    "later_body": Text(
        en=(
            "Your answers are saved as you go. Keep this link to continue later on this "
            "or another device: copy it, or send it to yourself. It is yours alone: "
            "anyone who has it can see and change your answers until you submit."
        ),
        de=(
            "Ihre Antworten werden laufend gespeichert. Mit diesem Link machen Sie "
            "später weiter, auf diesem oder einem anderen Gerät: Kopieren Sie ihn, oder "
            "senden Sie ihn an sich selbst. Er gehört nur Ihnen: wer ihn hat, kann Ihre "
            "Antworten sehen und ändern, bis Sie sie absenden."
        ),
    ),
    "copy_link": Text(en="Copy link", de="Link kopieren"),
    "copy_done": Text(en="Copied.", de="Kopiert."),
    "copy_failed": Text(
        en="Could not copy: select the link above and copy it.",
        de="Kopieren ging nicht: Markieren Sie den Link oben und kopieren Sie ihn.",
    ),
    "mail_link": Text(en="Send it to myself", de="An mich selbst senden"),
    "mail_subject": Text(en="My link to the survey", de="Mein Link zur Umfrage"),
    "mail_body": Text(
        en=(
            "With this link I continue the survey, or see my snapshot again. Anyone who "
            "has it can see my answers, so I keep it to myself.\n\n{url}\n"
        ),
        de=(
            "Mit diesem Link mache ich in der Umfrage weiter oder sehe mein Bild wieder "
            "an. Wer ihn hat, kann meine Antworten sehen; ich behalte ihn für mich."
            "\n\n{url}\n"
        ),
    ),
    "snapshot_title": Text(en="Thank you!", de="Vielen Dank!"),
    "snapshot_intro": Text(
        en=(
            "Your answers are submitted. This is your personal snapshot: your own view "
            "of each dimension, next to the target your organisation has set. Only you "
            "see it."
        ),
        de=(
            "Ihre Antworten sind abgeschickt. Das ist Ihr persönliches Bild: Ihre eigene "
            "Sicht auf jede Dimension, neben dem Ziel, das Ihre Organisation gesetzt "
            "hat. Nur Sie sehen es."
        ),
    ),
    "snapshot_chart_label": Text(
        en="Your scores per dimension, the target and the group results",
        de="Ihre Werte je Dimension, das Ziel und die Ergebnisse der Gruppen",
    ),
    "snapshot_role_wait": Text(
        en="Your role's results appear once at least {k} people in it have answered.",
        de=(
            "Die Ergebnisse Ihrer Rolle erscheinen, sobald mindestens {k} Personen darin "
            "geantwortet haben."
        ),
    ),
    "snapshot_org_wait": Text(
        en="The organisation's results appear once at least {k} people have answered.",
        de=(
            "Die Ergebnisse der Organisation erscheinen, sobald mindestens {k} Personen "
            "geantwortet haben."
        ),
    ),
    "snapshot_dimension": Text(
        en="**{name}**: you {own} (level {level}, {level_name}) · target level {target}",
        de="**{name}**: Sie {own} (Stufe {level}, {level_name}) · Ziel Stufe {target}",
    ),
    "snapshot_dimension_unscored": Text(
        en="**{name}**: no score (you answered “don't know”)",
        de="**{name}**: kein Wert (Sie haben „weiß nicht“ gewählt)",
    ),
    "snapshot_role": Text(en="your role {value}", de="Ihre Rolle {value}"),
    "snapshot_organisation": Text(en="organisation {value}", de="Organisation {value}"),
    "snapshot_actions": Text(en="What could help", de="Was helfen könnte"),
    "snapshot_actions_intro": Text(
        en="Actions that fit your role and your weakest dimensions:",
        de="Maßnahmen, die zu Ihrer Rolle und Ihren schwächsten Dimensionen passen:",
    ),
    "snapshot_action_owner": Text(en="Owner: {owner}", de="Verantwortlich: {owner}"),
    "snapshot_keep": Text(
        en="Keep your link to look at this snapshot again:",
        de="Mit Ihrem Link sehen Sie dieses Bild später wieder:",
    ),
    "erase_label": Text(en="Delete my answers", de="Meine Antworten löschen"),
    "erase_body": Text(
        en=(
            "This deletes every answer and comment you gave in this survey, for good. "
            "Results are worked out again without them. Nobody can bring them back, and "
            "your link will no longer open anything."
        ),
        de=(
            "Damit löschen Sie alle Antworten und Kommentare, die Sie in dieser Umfrage "
            "gegeben haben, endgültig. Die Ergebnisse werden ohne sie neu berechnet. "
            "Niemand kann sie zurückholen, und Ihr Link öffnet danach nichts mehr."
        ),
    ),
    "erase_confirm": Text(en="Yes, delete all my answers", de="Ja, alle meine Antworten löschen"),
    "erase_button": Text(en="Delete my answers", de="Meine Antworten löschen"),
    "erase_confirm_first": Text(
        en="Tick the box first, to confirm.",
        de="Bitte bestätigen Sie zuerst mit dem Häkchen.",
    ),
    "erased_title": Text(en="Your answers are deleted", de="Ihre Antworten sind gelöscht"),
    "erased_body": Text(
        en=(
            "Nothing you answered in this survey is stored any more, and your link no "
            "longer opens anything. You can close this page."
        ),
        de=(
            "Von Ihren Antworten in dieser Umfrage ist nichts mehr gespeichert, und Ihr "
            "Link öffnet nichts mehr. Sie können diese Seite schließen."
        ),
    ),
    "already_submitted": Text(
        en="You have already submitted your answers. Here is your snapshot.",
        de="Sie haben Ihre Antworten bereits abgeschickt. Hier ist Ihr persönliches Bild.",
    ),
    # The bare address's code box, above "Sign in" (ui/codebox.py).
    "entry_title": Text(
        en="Join a workshop or answer a survey",
        de="An einem Workshop oder einer Umfrage teilnehmen",
    ),
    "entry_label": Text(
        en="Code from the shared screen or your invitation",
        de="Code vom gemeinsamen Bildschirm oder aus Ihrer Einladung",
    ),
    "entry_placeholder": Text(
        en="for example K7MQ4T or ACDE3467", de="zum Beispiel K7MQ4T oder ACDE3467"
    ),
    "entry_button": Text(en="Continue", de="Weiter"),
    "entry_empty": Text(en="Type the code first.", de="Geben Sie zuerst den Code ein."),
    "entry_workshop": Text(en="Open workshop {code}", de="Workshop {code} öffnen"),
    "entry_language": Text(en="Language", de="Sprache"),
    "entry_no_account": Text(
        en="No account needed. Running a workshop or reading results? Sign in below.",
        de="Kein Konto nötig. Sie leiten einen Workshop oder lesen Ergebnisse? Melden Sie "
        "sich unten an.",
    ),
    "ws_page_title": Text(en="Join a workshop", de="An einem Workshop teilnehmen"),
    "ws_code_label": Text(en="Workshop code", de="Workshop-Code"),
    "ws_code_placeholder": Text(en="for example K7MQ4T", de="zum Beispiel K7MQ4T"),
    "ws_code_button": Text(en="Join", de="Teilnehmen"),
    "ws_unknown_title": Text(
        en="We could not find this workshop",
        de="Wir haben diesen Workshop nicht gefunden",
    ),
    "ws_unknown_body": Text(
        en=(
            "No running workshop has the code **{code}**. Check the code on the shared "
            "screen and type it again below."
        ),
        de=(
            "Kein laufender Workshop hat den Code **{code}**. Prüfen Sie den Code auf "
            "dem gemeinsamen Bildschirm und geben Sie ihn unten erneut ein."
        ),
    ),
    "ws_ended_title": Text(en="This workshop has ended", de="Dieser Workshop ist beendet"),
    "ws_ended_body": Text(
        en=(
            "It takes no more answers. Answers given during the workshop are kept. Thank "
            "you for taking part."
        ),
        de=(
            "Er nimmt keine Antworten mehr an. Die im Workshop gegebenen Antworten "
            "bleiben erhalten. Vielen Dank für Ihre Teilnahme."
        ),
    ),
    "ws_welcome": Text(
        en=(
            "You take part anonymously: no name, no e-mail. Results appear on the shared "
            "screen only for groups of at least {k} people, and never for one person."
        ),
        de=(
            "Sie nehmen anonym teil: kein Name, keine E-Mail. Ergebnisse erscheinen auf "
            "dem gemeinsamen Bildschirm nur für Gruppen von mindestens {k} Personen und "
            "nie für eine einzelne Person."
        ),
    ),
    "ws_role": Text(en="Your role", de="Ihre Rolle"),
    "ws_team": Text(en="Your team", de="Ihr Team"),
    "ws_join": Text(en="Join the workshop", de="Am Workshop teilnehmen"),
    "ws_joining_needs_role": Text(en="Choose your role first.", de="Wählen Sie zuerst Ihre Rolle."),
    "ws_joining_needs_team": Text(en="Choose your team first.", de="Wählen Sie zuerst Ihr Team."),
    "ws_lobby_title": Text(en="You are in", de="Sie sind dabei"),
    "ws_lobby_body": Text(
        en=(
            "The facilitator will start in a moment; this page follows along by itself. "
            "Keep it open."
        ),
        de="Die Moderation beginnt gleich; diese Seite folgt von selbst. Lassen Sie sie geöffnet.",
    ),
    "ws_step": Text(en="Part {n} of {total}", de="Teil {n} von {total}"),
    "ws_nothing_for_role": Text(
        en="Nothing to answer here for your role. Please wait a moment.",
        de="Hier gibt es für Ihre Rolle nichts zu beantworten. Bitte warten.",
    ),
    "ws_overview_title": Text(en="That was the last question", de="Das war die letzte Frage"),
    "ws_overview_body": Text(
        en="Look at the shared screen for the overview. Thank you!",
        de="Die Übersicht sehen Sie auf dem gemeinsamen Bildschirm. Danke!",
    ),
    "ws_saved": Text(
        en="Each answer is saved as you tap it.",
        de="Jede Antwort wird gespeichert, sobald Sie sie antippen.",
    ),
    "ws_leave_label": Text(
        en="Delete my answers and leave",
        de="Meine Antworten löschen und gehen",
    ),
    "ws_leave_body": Text(
        en=(
            "This deletes every answer you gave in this workshop, for good; the shared "
            "screen counts the room again without them."
        ),
        de=(
            "Damit löschen Sie alle Antworten, die Sie in diesem Workshop gegeben haben, "
            "endgültig; der gemeinsame Bildschirm zählt den Raum ohne sie neu."
        ),
    ),
    "ws_leave_confirm": Text(en="Yes, delete my answers", de="Ja, meine Antworten löschen"),
    "ws_leave_button": Text(en="Delete my answers", de="Meine Antworten löschen"),
    "ws_leave_confirm_first": Text(
        en="Tick the box first, to confirm.",
        de="Bitte bestätigen Sie zuerst mit dem Häkchen.",
    ),
    "ws_erased_title": Text(en="Your answers are deleted", de="Ihre Antworten sind gelöscht"),
    "ws_erased_body": Text(
        en="Nothing you answered in this workshop is stored any more. You can close this page.",
        de=(
            "Von Ihren Antworten in diesem Workshop ist nichts mehr gespeichert. Sie "
            "können diese Seite schließen."
        ),
    ),
    "ws_rejoin_note": Text(
        en="If your phone locks, open this page again: you come back to your own answers.",
        de=(
            "Wenn Ihr Telefon sperrt, öffnen Sie diese Seite erneut: Sie kommen zu Ihren "
            "eigenen Antworten zurück."
        ),
    ),
    "ws_dont_know": Text(en="Don't know", de="Weiß nicht"),
    "ws_save": Text(en="Save my answers", de="Meine Antworten speichern"),
    "ws_tap_saving": Text(en="Saving…", de="Wird gespeichert …"),
    "ws_tap_saved": Text(en="Saved ✓", de="Gespeichert ✓"),
    "ws_tap_failed": Text(
        en="Not saved. Please tap your answer again.",
        de="Nicht gespeichert. Bitte tippen Sie Ihre Antwort erneut an.",
    ),
    "ws_bad_request": Text(
        en="The answer could not be read. Please reload the page and answer again.",
        de="Die Antwort ließ sich nicht lesen. Bitte laden Sie die Seite neu und antworten Sie erneut.",  # noqa: E501
    ),
    "ws_tap_retrying": Text(
        en="Not saved yet: no connection. Trying again…",
        de="Noch nicht gespeichert: keine Verbindung. Neuer Versuch …",
    ),
    "ws_part_count": Text(
        en="{n} of {total} answers here saved",
        de="{n} von {total} Antworten hier gespeichert",
    ),
    "person_code_title": Text(en="Your personal code", de="Ihr persönlicher Code"),
    "person_code_intro": Text(
        en=(
            "This survey is answered with a personal code, so that everyone answers "
            "once. Type the code from your invitation, or open the link in it."
        ),
        de=(
            "Diese Umfrage wird mit einem persönlichen Code beantwortet, damit alle "
            "genau einmal antworten. Geben Sie den Code aus Ihrer Einladung ein oder "
            "öffnen Sie den Link darin."
        ),
    ),
    "person_code_label": Text(en="Personal code", de="Persönlicher Code"),
    "person_code_placeholder": Text(
        en="for example ACDE-FGHJ-KMNP",
        de="zum Beispiel ACDE-FGHJ-KMNP",
    ),
    "person_code_button": Text(en="Continue", de="Weiter"),
    "person_code_private": Text(
        en=(
            "The code is not linked to you or to your answers: GapMap only notes that it "
            "has been used."
        ),
        de=(
            "Der Code ist weder mit Ihnen noch mit Ihren Antworten verknüpft: GapMap "
            "vermerkt nur, dass er verwendet wurde."
        ),
    ),
    "person_code_ok": Text(
        en="Your personal code: **{code}**. It is used up when you press Start.",
        de=(
            "Ihr persönlicher Code: **{code}**. Er wird verbraucht, wenn Sie auf „Los "
            "geht's“ drücken."
        ),
    ),
    "person_code_change": Text(en="Use a different code", de="Einen anderen Code verwenden"),
    "privacy_code": Text(
        en=(
            "Your personal code makes sure everyone answers once. It is not linked to "
            "your answers: GapMap only notes that it has been used."
        ),
        de=(
            "Ihr persönlicher Code sorgt dafür, dass alle nur einmal antworten. Er ist "
            "nicht mit Ihren Antworten verknüpft: GapMap vermerkt nur, dass er verwendet "
            "wurde."
        ),
    ),
    "privacy_capped": Text(
        en="This link takes at most as many answers from each team as the team has people.",
        de=(
            "Dieser Link nimmt von jedem Team höchstens so viele Antworten an, wie das "
            "Team Personen hat."
        ),
    ),
}

# What the workshop's shared screen says instead of results (ui/facilitate.py).
PROJECTOR: dict[str, Text] = {
    "hidden": Text(
        en="Hidden. Reveal the results when the room is ready to discuss them.",
        de="Verdeckt. Decken Sie die Ergebnisse auf, wenn der Raum bereit ist.",
    ),
    "waiting": Text(
        en="Revealed. Results appear as soon as at least {k} people have answered.",
        de="Aufgedeckt. Ergebnisse erscheinen, sobald mindestens {k} geantwortet haben.",
    ),
    "paused": Text(
        en=(
            "Paused. Someone deleted their answers, so the results are off the screen. "
            "They come back once at least {k} more people have answered or changed an "
            "answer."
        ),
        de=(
            "Pausiert. Jemand hat seine Antworten gelöscht, darum sind die Ergebnisse "
            "nicht zu sehen. Sie kommen zurück, sobald mindestens {k} weitere Personen "
            "geantwortet oder eine Antwort geändert haben."
        ),
    ),
    "split_hidden": Text(
        en="Leadership and front line are not shown separately: {why}.",
        de="Führung und Basis werden nicht getrennt gezeigt: {why}.",
    ),
    "split_waiting": Text(
        en=(
            "The split between leadership and front line appears once both have at least "
            "{k} answers."
        ),
        de=(
            "Der Vergleich von Führung und Basis erscheint, sobald beide mindestens {k} "
            "Antworten haben."
        ),
    ),
    "below_k": Text(
        en="one side has fewer than {k} answers",
        de="eine Seite hat weniger als {k} Antworten",
    ),
    "protects_smaller": Text(
        en="showing them would let the room work out the answers of fewer than {k} people",
        de="sonst ließen sich die Antworten von weniger als {k} Personen erschließen",
    ),
    "pending": Text(
        en="Results move in steps of at least {k} answers: {n} new or changed since this update.",
        de=(
            "Die Ergebnisse ändern sich in Schritten von mindestens {k} Antworten: {n} "
            "neu oder geändert seit dieser Aktualisierung."
        ),
    ),
    "paused_label": Text(en="paused", de="pausiert"),
    # The projected screen and the presenter's (ui/facilitate.py).
    "joined": Text(en="Joined", de="Beigetreten"),
    "answered": Text(en="Answered", de="Geantwortet"),
    "score": Text(en="Room's score", de="Wert im Raum"),
    "score_help": Text(
        en="Mean of the pulse answers on a 1–{top} scale",
        de="Mittelwert der Pulsantworten auf einer Skala von 1 bis {top}",
    ),
    "level": Text(en="Level {level}: {name}", de="Stufe {level}: {name}"),
    "target_level": Text(en="target level {level}", de="Zielstufe {level}"),
    "leadership": Text(en="Leadership", de="Führung"),
    "frontline": Text(en="Front line", de="Basis"),
    "perception_gap": Text(en="Perception gap", de="Wahrnehmungslücke"),
    "split_heading": Text(en="Leadership and front line", de="Führung und Basis"),
    "to_discuss": Text(en="To discuss", de="Zur Diskussion"),
    "join_here": Text(
        en="Join on your phone: scan the code, or open the address and type",
        de="Machen Sie mit dem Handy mit: Code scannen, oder die Adresse öffnen und eingeben",
    ),
    "overview": Text(en="Overview: where the room stands", de="Überblick: Wo der Raum steht"),
    "not_revealed": Text(en="Not revealed yet: {names}.", de="Noch nicht aufgedeckt: {names}."),
    "ended": Text(
        en="This workshop has ended. Thank you for taking part.",
        de="Dieser Workshop ist beendet. Danke fürs Mitmachen.",
    ),
    "no_workshop": Text(
        en="Open the projector view from the presenter's screen of a running workshop.",
        de="Öffnen Sie die Projektoransicht über die Moderationsansicht eines laufenden Workshops.",
    ),
    # The presenter's controls (ui/facilitate.py), in the language chosen for the screen.
    "step": Text(en="Step {n} of {total}: {name}", de="Schritt {n} von {total}: {name}"),
    "step_join": Text(en="Join", de="Beitreten"),
    "step_overview": Text(en="Overview", de="Überblick"),
    "previous": Text(en="Previous", de="Zurück"),
    "next": Text(en="Next", de="Weiter"),
    "reveal": Text(en="Reveal results", de="Ergebnisse aufdecken"),
    "hide": Text(en="Hide results", de="Ergebnisse verdecken"),
    "reveal_all": Text(en="Reveal every dimension", de="Alle Dimensionen aufdecken"),
    "reveal_all_hint": Text(
        en="“Reveal every dimension” shows them all.",
        de="„Alle Dimensionen aufdecken“ zeigt sie alle.",
    ),
    "end": Text(en="End workshop", de="Workshop beenden"),
    "end_explain": Text(
        en=(
            "Ending stops all answers. The results and agreed actions are kept, and the "
            "answers count as a wave of their own in the assessment's comparisons."
        ),
        de=(
            "Das Beenden stoppt alle Antworten. Ergebnisse und vereinbarte Maßnahmen "
            "bleiben erhalten, und die Antworten zählen in den Vergleichen der Erhebung "
            "als eigene Welle."
        ),
    ),
    "end_now": Text(en="End the workshop now", de="Workshop jetzt beenden"),
    "running_since": Text(en="running since {at} UTC", de="läuft seit {at} UTC"),
    "open_view": Text(en="Open the projector view", de="Projektoransicht öffnen"),
    "open_view_help": Text(
        en=(
            "What the room sees, in a new window: results only, in the room's language, "
            "refreshing itself. Nothing there can be changed."
        ),
        de=(
            "Was der Raum sieht, in einem neuen Fenster: nur die Ergebnisse, in der Sprache "
            "des Raums, laufend aktualisiert. Dort lässt sich nichts ändern."
        ),
    ),
    "open_projector": Text(
        en="Open the projector view in a new window",
        de="Projektoransicht in neuem Fenster öffnen",
    ),
    "open_projector_help": Text(
        en=(
            "Results only, in large type, without these buttons; in the room's language, "
            "which follows the switch above. Drag the window onto the projector and press F11."
        ),
        de=(
            "Nur die Ergebnisse, in großer Schrift, ohne diese Schaltflächen; in der Sprache "
            "des Raums, die dem Schalter oben folgt. Ziehen Sie das Fenster auf den Projektor "
            "und drücken Sie F11."
        ),
    ),
    "list": Text(en="Workshop list", de="Workshop-Liste"),
    "list_help": Text(
        en="The workshop keeps running; open it again from the list.",
        de="Der Workshop läuft weiter; öffnen Sie ihn wieder aus der Liste.",
    ),
    "language": Text(en="Language on screen", de="Sprache auf dem Bildschirm"),
    "agreed_actions": Text(en="Agreed actions ({n})", de="Vereinbarte Maßnahmen ({n})"),
}

# The personal snapshot's chart (snapshot.py).
SNAPSHOT: dict[str, Text] = {
    "you": Text(en="You", de="Sie"),
    "role": Text(en="Your role", de="Ihre Rolle"),
    "organisation": Text(en="Organisation", de="Organisation"),
    "target": Text(en="Target", de="Ziel"),
    "score": Text(
        en="Score (1 = lowest, {top} = highest)",
        de="Wert (1 = niedrigster, {top} = höchster)",
    ),
    "series": Text(en="Shown", de="Gezeigt"),
    "dimension": Text(en="Dimension", de="Dimension"),
}

# The invite poster (invites.py).
POSTER: dict[str, Text] = {
    "heading": Text(
        en="Tell us how the system really works for you",
        de="Sagen Sie uns, wie das System für Sie wirklich funktioniert",
    ),
    "scan": Text(
        en="Scan the code with your phone camera, or open",
        de="Scannen Sie den Code mit der Handykamera oder öffnen Sie",
    ),
    "team": Text(en="Team", de="Team"),
    "anonymous": Text(
        en=(
            "Your answers are anonymous: no name, no e-mail address. Results are shown "
            "only for groups of at least {k} people, so nobody can see what you answered."
        ),
        de=(
            "Ihre Antworten sind anonym: kein Name, keine E-Mail-Adresse. Ergebnisse "
            "werden nur für Gruppen ab {k} Personen gezeigt, niemand sieht Ihre "
            "einzelnen Antworten."
        ),
    ),
    "code": Text(en="Invite code", de="Einladungscode"),
    "qr_alt": Text(en="QR code for {url}", de="QR-Code für {url}"),
}

# The printable sheet of per-person codes (invites.py).
SLIPS: dict[str, Text] = {
    "title": Text(en="Personal invite codes", de="Persönliche Einladungscodes"),
    "your_code": Text(en="Your personal code", de="Ihr persönlicher Code"),
    "open": Text(en="Scan the code, or open", de="Code scannen oder öffnen"),
    "once": Text(
        en="Use it once; it starts one response.",
        de="Einmal verwendbar; er startet eine Antwort.",
    ),
    "anonymous": Text(
        en=(
            "The code is not linked to you or to your answers: GapMap only notes that it "
            "was used. Results are shown only for groups of at least {k} people."
        ),
        de=(
            "Der Code ist weder mit Ihnen noch mit Ihren Antworten verknüpft: GapMap "
            "vermerkt nur, dass er verwendet wurde. Ergebnisse gibt es nur für Gruppen "
            "ab {k} Personen."
        ),
    ),
    "cut": Text(
        en="Cut along the dashed lines and hand one slip to each person.",
        de="Entlang der gestrichelten Linien schneiden, ein Zettel pro Person.",
    ),
    "qr_alt": Text(en="QR code for {url}", de="QR-Code für {url}"),
}

# The reminder a consultant sends, and the links for a mail merge (invites.py).
REMINDER: dict[str, Text] = {
    "subject": Text(en="Subject: Reminder: {name}", de="Betreff: Erinnerung: {name}"),
    "hello": Text(en="Hello,", de="Guten Tag,"),
    "ask": Text(
        en="please take a few minutes for our survey “{name}”, if you have not answered yet.",
        de="bitte nehmen Sie sich ein paar Minuten für unsere Umfrage „{name}“, falls Sie "
        "noch nicht geantwortet haben.",
    ),
    "so_far": Text(en="Answers so far: {submitted}.", de="Antworten bisher: {submitted}."),
    "so_far_of": Text(
        en="Answers so far: {submitted} of {head_count} people invited ({rate}).",
        de="Antworten bisher: {submitted} von {head_count} eingeladenen Personen ({rate}).",
    ),
    "closes": Text(
        en="The survey is open until {date}.",
        de="Die Umfrage läuft bis einschließlich {date}.",
    ),
    "by_team": Text(
        en="By team, as last published (these figures move only in steps of at least {k} "
        "answers, so no one's answer can be singled out):",
        de="Nach Teams, wie zuletzt veröffentlicht (diese Zahlen ändern sich nur in "
        "Schritten von mindestens {k} Antworten, damit niemand herauszulesen ist):",
    ),
    "by_team_later": Text(
        en="Figures by team are published once at least {k} people have answered.",
        de="Zahlen nach Teams gibt es, sobald mindestens {k} Personen geantwortet haben.",
    ),
    "team_of": Text(en="{count} of {head_count} ({rate})", de="{count} von {head_count} ({rate})"),
    "time": Text(
        en="It takes about {minutes} minutes. Your answers are anonymous: results are shown "
        "only for groups of at least {k} people.",
        de="Das dauert etwa {minutes} Minuten. Ihre Antworten sind anonym: Ergebnisse "
        "werden nur für Gruppen ab {k} Personen gezeigt.",
    ),
    "link": Text(en="Open the survey: {url}", de="Zur Umfrage: {url}"),
    "team_links": Text(
        en="Or your team's own link (your team is then already chosen):",
        de="Oder der Link Ihres Teams (Ihr Team ist dann schon ausgewählt):",
    ),
    "code": Text(
        en="You need the personal code you received with the invitation: the link asks for it.",
        de="Sie brauchen den persönlichen Code aus Ihrer Einladung: Der Link fragt danach.",
    ),
    "qr": Text(
        en="Or scan the QR code on the poster with your phone camera: it opens the same page.",
        de="Oder scannen Sie den QR-Code auf dem Aushang mit der Handykamera: Er öffnet "
        "dieselbe Seite.",
    ),
    "thanks": Text(en="Thank you for taking part.", de="Vielen Dank fürs Mitmachen."),
    "all_teams": Text(en="All teams", de="Alle Teams"),
    "yes": Text(en="yes", de="ja"),
    "no": Text(en="no", de="nein"),
}

# Chart axes, legends and tooltips (charts.py): screen, PDF and workshop alike.
CHART: dict[str, Text] = {
    "fewer_than": Text(en="fewer than {k}", de="weniger als {k}"),
    "not_revealed": Text(en="not revealed yet", de="noch nicht aufgedeckt"),
    "overall": Text(en="Overall", de="Gesamt"),
    "group": Text(en="Group", de="Gruppe"),
    "role": Text(en="Role", de="Rolle"),
    "team": Text(en="Team", de="Team"),
    "dimension": Text(en="Dimension", de="Dimension"),
    "mean": Text(en="Mean (1 to {max})", de="Mittelwert (1 bis {max})"),
    "score": Text(en="Score (1 to {max})", de="Wert (1 bis {max})"),
    "n": Text(en="People", de="Personen"),
    "level": Text(en="Level", de="Stufe"),
    "level_legend": Text(en="Maturity level", de="Reifegrad"),
    "level_from": Text(en="{level} (from {score})", de="{level} (ab {score})"),
    "wave_answers": Text(en="{wave} · {n} answered", de="{wave} · {n} Antworten"),
    "gap": Text(en="Gap to target (points)", de="Abstand zum Ziel (Punkte)"),
    "gap_legend": Text(
        en="Distance to target (points, + = above)",
        de="Abstand zum Ziel (Punkte, + = darüber)",
    ),
    "consensus": Text(en="Agreement", de="Übereinstimmung"),
    "target": Text(en="Target", de="Ziel"),
    "target_level": Text(en="Target level", de="Zielstufe"),
    "ci": Text(en="95% confidence interval", de="95-%-Konfidenzintervall"),
    "difference": Text(en="Leaders minus front line (points)", de="Führung minus Basis (Punkte)"),
    "leaders_higher": Text(en="Leaders rate higher", de="Führung bewertet höher"),
    "front_higher": Text(en="Front line rates higher", de="Basis bewertet höher"),
    "leadership": Text(en="Leadership", de="Führung"),
    "frontline": Text(en="Front line", de="Basis"),
    "share": Text(en="Share of answers", de="Anteil der Antworten"),
    "answer": Text(en="Answer", de="Antwort"),
    "answers_to": Text(en="Answers to {items}", de="Antworten zu {items}"),
    "and": Text(en="and", de="und"),
    "reversed": Text(en="(reversed)", de="(umgekehrt)"),
    "reversed_note": Text(
        en="Questions marked {mark} ask about something that holds the CRM back: "
        "agreeing with them, or answering “often”, is the weak answer. Their colours are "
        "turned round to match, so in every bar blue (right) is the good end and orange "
        "(left) the weak end.",
        de="Mit {mark} markierte Aussagen beschreiben etwas, das das CRM bremst: Zustimmung oder "
        "„oft“ ist hier die schwache Antwort. Ihre Farben sind entsprechend gedreht: In "
        "jedem Balken ist Blau (rechts) das gute Ende und Orange (links) das schwache.",
    ),
    "item": Text(en="Question", de="Frage"),
    "dont_know": Text(en="Don't know", de="Weiß nicht"),
    "dont_know_where": Text(en="Where offered", de="Wo angeboten"),
    "wave": Text(en="Wave", de="Welle"),
    "workshop": Text(en="workshop", de="Workshop"),
    "series": Text(en="Series", de="Reihe"),
    "assessment": Text(en="Assessment", de="Erhebung"),
    "response_rate": Text(en="Response rate", de="Rücklaufquote"),
    "responses": Text(en="Responses", de="Antworten"),
    "head_count": Text(en="Head-count", de="Personen im Team"),
    "results_hidden": Text(en="results hidden", de="Ergebnisse verborgen"),
    "other_roles": Text(en="Other {perspective} roles", de="Weitere Rollen ({perspective})"),
    "other_teams": Text(en="Other teams", de="Weitere Teams"),
    "consensus_high": Text(en="high agreement", de="hohe Übereinstimmung"),
    "consensus_moderate": Text(en="moderate agreement", de="mittlere Übereinstimmung"),
    "consensus_low": Text(
        en="low agreement: people see this differently",
        de="geringe Übereinstimmung: die Sicht geht auseinander",
    ),
}

# Why a figure is hidden (disclosure.hidden_label): screen, PDF, Excel and CSV alike.
HIDDEN: dict[str, Text] = {
    "below_k": Text(en="fewer than {k} responses", de="weniger als {k} Antworten"),
    "protects_smaller": Text(
        en="hidden to protect a smaller group",
        de="verborgen, um eine kleinere Gruppe zu schützen",
    ),
    "empty": Text(en="no responses", de="keine Antworten"),
    "below_k_short": Text(en="fewer than {k}", de="unter {k}"),
    "protects_smaller_short": Text(en="protects a group", de="schützt Gruppe"),
    "empty_short": Text(en="none", de="keine"),
}

# Why an action is recommended (actions.py), in the report's language.
REASON: dict[str, Text] = {
    "below": Text(
        en="{dim} is at level {level} ({level_name}), target {target}",
        de="{dim} steht auf Stufe {level} ({level_name}), Ziel {target}",
    ),
    "at": Text(
        en="{dim} is at level {level}, at or above its target {target}",
        de="{dim} steht auf Stufe {level} und hat das Ziel {target} erreicht",
    ),
    "perception_gap": Text(
        en=("leaders rate {dim} {diff} points higher than front-line staff ({lead} vs {front})"),
        de=(
            "Führungskräfte bewerten {dim} um {diff} Punkte höher als Mitarbeitende an "
            "der Basis ({lead} gegenüber {front})"
        ),
    ),
    "perception_gap_below": Text(
        en="leaders rate {dim} {diff} points lower than front-line staff ({lead} vs {front})",
        de=(
            "Führungskräfte bewerten {dim} um {diff} Punkte niedriger als Mitarbeitende "
            "an der Basis ({lead} gegenüber {front})"
        ),
    ),
    "lagging_group": Text(
        en="{group} is {diff} below the rest of the organisation on {dim} ({mean} vs {rest})",
        de=(
            "{group} liegt bei {dim} {diff} Punkte unter dem Rest der Organisation"
            " ({mean} gegenüber {rest})"
        ),
    ),
    "lagging_role_leadership": Text(
        en="{group} is {diff} below the other leadership roles on {dim} ({mean} vs {rest})",
        de=(
            "{group} liegt bei {dim} {diff} Punkte unter den anderen Führungsrollen"
            " ({mean} gegenüber {rest})"
        ),
    ),
    "lagging_role_frontline": Text(
        en="{group} is {diff} below the other front-line roles on {dim} ({mean} vs {rest})",
        de=(
            "{group} liegt bei {dim} {diff} Punkte unter den anderen Rollen an der Basis"
            " ({mean} gegenüber {rest})"
        ),
    ),
    "interval": Text(en="95% interval {low} to {high}", de="95‑%‑Intervall {low} bis {high}"),
    "rwg_at_most": Text(
        en="agreement at most {upper} at 95% confidence",
        de="Übereinstimmung höchstens {upper} bei 95 % Konfidenz",
    ),
    "among_leadership": Text(en=" among leaders", de=" unter Führungskräften"),
    "among_frontline": Text(en=" among front-line staff", de=" unter Mitarbeitenden an der Basis"),
    "low_consensus": Text(
        en="answers on {dim} are widely spread{where} (agreement {rwg})",
        de="die Antworten zu {dim}{where} gehen weit auseinander (Übereinstimmung {rwg})",
    ),
    "dont_know": Text(
        en='{share} of answers on {dim}{where} are "don\'t know"',
        de="{share} der Antworten zu {dim}{where} lauten „weiß nicht“",
    ),
    "low_response_role": Text(
        en="fewer than {k} responses{where}",
        de="weniger als {k} Antworten{where}",
    ),
    "low_response_team": Text(
        en="only {responses} of {head_count} people responded{where} ({rate})",
        de="nur {responses} von {head_count} Personen haben geantwortet{where} ({rate})",
    ),
    "reality_gap": Text(
        en="people{where} rate {dim} at level {said}, the CRM's records show level {shown}",
        de="die Befragten{where} sehen {dim} auf Stufe {said}, die Daten im CRM zeigen Stufe {shown}",  # noqa: E501
    ),
    "from_role": Text(en=" from {role}", de=" von {role}"),
    "in_team": Text(en=" in team {team}", de=" im Team {team}"),
}

# The gap report (report/data.py and its template): PDF, HTML, Excel and CSV.
REPORT: dict[str, Text] = {
    "report_title": Text(
        en="Adoption gap report",
        de="Bericht zur CRM-Nutzung: Lücken und Maßnahmen",
    ),
    "confidential": Text(
        en="Confidential: for the leadership team of {organisation}",
        de="Vertraulich: für die Geschäftsleitung von {organisation}",
    ),
    "wave": Text(en="Wave {wave}", de="Welle {wave}"),
    "period": Text(
        en="Survey period: {start} to {end}",
        de="Erhebungszeitraum: {start} bis {end}",
    ),
    "responses": Text(en="{n} responses", de="{n} Antworten"),
    "generated": Text(en="Report of {date}", de="Stand: {date}"),
    "page": Text(en="Page", de="Seite"),
    "of": Text(en="of", de="von"),
    "summary": Text(en="Executive summary", de="Zusammenfassung für die Geschäftsleitung"),
    "where_we_stand": Text(en="Where the organisation stands", de="Wo das Unternehmen steht"),
    "overall": Text(
        en="Overall adoption index {index} of {max}: level {level}, {level_name}.",
        de="Gesamtindex {index} von {max}: Stufe {level}, {level_name}.",
    ),
    "staged": Text(
        en=(
            "Staged level {level} ({level_name}): {weakest} is the weakest dimension and "
            "holds the others back."
        ),
        de=(
            "Stufe nach schwächster Dimension: {level} ({level_name}). {weakest} ist die "
            "schwächste Dimension und bremst die übrigen."
        ),
    ),
    "area_line": Text(
        en="{area}: {index} of {max}, level {level}, {level_name}.",
        de="{area}: {index} von {max}, Stufe {level}, {level_name}.",
    ),
    "area_hidden": Text(en="{area}: {why}.", de="{area}: {why}."),
    "no_results": Text(
        en="Results appear once at least {k} people have answered.",
        de="Ergebnisse erscheinen, sobald mindestens {k} Personen geantwortet haben.",
    ),
    "largest_gaps": Text(en="The largest gaps to target", de="Die größten Abstände zum Ziel"),
    "gap_line": Text(
        en=(
            "{dim}: {mean} (level {level}, {level_name}); target level {target} "
            "({target_name}), {points} points to go."
        ),
        de=(
            "{dim}: {mean} (Stufe {level}, {level_name}); Ziel Stufe {target} "
            "({target_name}), noch {points} Punkte."
        ),
    ),
    "on_target": Text(
        en="Every dimension meets its target.",
        de="Alle Dimensionen erreichen ihr Ziel.",
    ),
    "findings_heading": Text(en="What stands out", de="Was auffällt"),
    "findings_intro": Text(
        en=(
            "A perception gap, a lagging team or role and low agreement are listed only "
            "where the 95% interval clears the threshold, not merely the figure itself: "
            "chance differences in small groups do not show up here. Many “don't know” "
            "answers and low response are counts and listed as they are."
        ),
        de=(
            "Eine Wahrnehmungslücke, ein zurückliegendes Team oder eine zurückliegende "
            "Rolle und geringe Übereinstimmung stehen hier nur, wo das 95‑%‑Intervall die "
            "Schwelle überschreitet, nicht nur der Wert selbst: Zufallsunterschiede kleiner "
            "Gruppen erscheinen hier nicht. Viele „weiß nicht“ und geringe Beteiligung "
            "sind Zählungen und stehen, wie sie sind."
        ),
    ),
    "finding": Text(en="Finding", de="Befund"),
    "finding_kind": Text(en="Kind", de="Art"),
    "finding_group": Text(en="Group", de="Gruppe"),
    "kind_perception_gap": Text(en="Perception gap", de="Wahrnehmungslücke"),
    "kind_lagging_group": Text(en="Lagging group", de="Gruppe liegt zurück"),
    "kind_low_consensus": Text(en="Low agreement", de="Geringe Übereinstimmung"),
    "kind_dont_know": Text(en="Many “don't know”", de="Viele „weiß nicht“"),
    "kind_low_response": Text(en="Low response", de="Geringer Rücklauf"),
    "kind_reality_gap": Text(en="Reality gap", de="Realitätslücke"),
    "perception_heading": Text(
        en="What leaders see, and what the front line sees",
        de="Was die Führung sieht und was die Basis erlebt",
    ),
    "perception_large": Text(
        en=(
            "Leaders rate {dim} {diff} points {direction} than front-line staff ({lead} "
            "vs {front}): the largest perception gap."
        ),
        de=(
            "Führungskräfte bewerten {dim} um {diff} Punkte {direction} als "
            "Mitarbeitende an der Basis ({lead} gegenüber {front}): die größte "
            "Wahrnehmungslücke."
        ),
    ),
    "perception_small": Text(
        en=(
            "No large perception gap between leaders and front-line staff: the largest "
            "difference is {diff} points, on {dim}."
        ),
        de=(
            "Keine große Wahrnehmungslücke zwischen Führung und Basis: Der größte "
            "Unterschied beträgt {diff} Punkte, bei {dim}."
        ),
    ),
    "perception_hidden": Text(
        en=(
            "The perception gap is not shown: one side has fewer than {k} responses, or "
            "is hidden to protect a smaller group."
        ),
        de=(
            "Die Wahrnehmungslücke wird nicht gezeigt: Auf einer Seite liegen weniger "
            "als {k} Antworten vor, oder sie ist zum Schutz einer kleineren Gruppe "
            "verborgen."
        ),
    ),
    "higher": Text(en="higher", de="höher"),
    "lower": Text(en="lower", de="niedriger"),
    "first_actions": Text(en="Five actions to start with", de="Fünf Maßnahmen für den Anfang"),
    "gap_map": Text(en="Gap map", de="Lückenkarte"),
    "gap_map_intro": Text(
        en=(
            "Mean score per group and dimension (1 to {max}), shaded by maturity level. "
            "Grey cells are not shown to protect anonymity: “fewer than {k}” had fewer "
            "than {k} responses; “protects a group” is hidden because, with the other "
            "figures, it would give a smaller group's away. The “Other” rows show the "
            "people of the grey rows together."
        ),
        de=(
            "Mittelwert je Gruppe und Dimension (1 bis {max}), eingefärbt nach "
            "Reifegrad. Graue Felder werden zum Schutz der Anonymität nicht gezeigt: "
            "„unter {k}“ hatte weniger als {k} Antworten; „schützt Gruppe“ ist "
            "verborgen, weil es mit den übrigen Zahlen die einer kleineren Gruppe "
            "verraten würde. Die Zeilen „Weitere …“ zeigen die Personen der grauen "
            "Zeilen zusammen."
        ),
    ),
    "by_role": Text(en="By role", de="Nach Rolle"),
    "by_team": Text(en="By team", de="Nach Team"),
    "fewer_than": Text(en="fewer than {k} responses", de="weniger als {k} Antworten"),
    "dimension": Text(en="Dimension", de="Dimension"),
    "definition": Text(en="What it means", de="Worum es geht"),
    "current_vs_target": Text(en="Current and target", de="Ist und Ziel"),
    "current_line": Text(
        en="Now: {mean} of {max}, level {level}, {level_name}.",
        de="Heute: {mean} von {max}, Stufe {level}, {level_name}.",
    ),
    "target_line": Text(
        en="Target: level {target}, {target_name} ({points} points to go).",
        de="Ziel: Stufe {target}, {target_name} (noch {points} Punkte).",
    ),
    "target_met": Text(
        en="Target: level {target}, {target_name}: reached.",
        de="Ziel: Stufe {target}, {target_name}: erreicht.",
    ),
    "target_only": Text(
        en="Target: level {target}, {target_name}.",
        de="Ziel: Stufe {target}, {target_name}.",
    ),
    "looks_like_now": Text(en="What level {level} looks like", de="So sieht Stufe {level} aus"),
    "looks_like_target": Text(en="What the target looks like", de="So sieht das Ziel aus"),
    "answers": Text(en="How people answered", de="Wie geantwortet wurde"),
    "perception": Text(en="Perception gap", de="Wahrnehmungslücke"),
    "consensus_and_dont_know": Text(
        en="Agreement and “don't know”",
        de="Einigkeit und „weiß nicht“",
    ),
    "comments": Text(en="In their own words", de="In eigenen Worten"),
    "comments_more": Text(
        en="{n} further comments are not printed.",
        de="{n} weitere Kommentare sind nicht abgedruckt.",
    ),
    "comments_none": Text(
        en=(
            "Comments are shown only where at least {m} people answered; there are none "
            "to show here."
        ),
        de=(
            "Kommentare erscheinen nur, wo mindestens {m} Personen geantwortet haben; "
            "hier gibt es keine zu zeigen."
        ),
    ),
    "recommended_here": Text(en="Recommended actions", de="Empfohlene Maßnahmen"),
    "actions_more": Text(en="{n} more in the action plan.", de="{n} weitere im Maßnahmenplan."),
    "none_recommended": Text(
        en="No action from the library fits this dimension now.",
        de="Für diese Dimension passt derzeit keine Maßnahme aus der Bibliothek.",
    ),
    "dim_perception_large": Text(
        en=(
            "Leaders rate {dim} {diff} points {direction} than front-line staff ({lead} "
            "vs {front}): a large perception gap. Talk about it before acting on it."
        ),
        de=(
            "Führungskräfte bewerten {dim} um {diff} Punkte {direction} als "
            "Mitarbeitende an der Basis ({lead} gegenüber {front}): eine große "
            "Wahrnehmungslücke. Sprechen Sie darüber, bevor Sie handeln."
        ),
    ),
    "dim_perception_modest": Text(
        en=(
            "Leaders rate {dim} {diff} points {direction} than front-line staff ({lead} "
            "vs {front}): a real difference, but smaller than a large perception gap."
        ),
        de=(
            "Führungskräfte bewerten {dim} um {diff} Punkte {direction} als "
            "Mitarbeitende an der Basis ({lead} gegenüber {front}): ein echter "
            "Unterschied, aber kleiner als eine große Wahrnehmungslücke."
        ),
    ),
    "dim_perception_unclear": Text(
        en=(
            "Leaders rate {dim} {diff} points {direction} than front-line staff ({lead} "
            "vs {front}), but with this few answers the difference could be chance."
        ),
        de=(
            "Führungskräfte bewerten {dim} um {diff} Punkte {direction} als "
            "Mitarbeitende an der Basis ({lead} gegenüber {front}); bei so wenigen "
            "Antworten kann der Unterschied aber Zufall sein."
        ),
    ),
    "dim_perception_small": Text(
        en="Leaders and front-line staff see {dim} much alike ({lead} vs {front}).",
        de="Führung und Basis sehen {dim} weitgehend gleich ({lead} gegenüber {front}).",
    ),
    "agree_strong": Text(
        en="Strong agreement: people answer much alike (rwg {rwg}).",
        de="Hohe Übereinstimmung: Die Antworten liegen nah beieinander (rwg {rwg}).",
    ),
    "agree_moderate": Text(
        en="Moderate agreement: answers vary noticeably (rwg {rwg}).",
        de="Mittlere Übereinstimmung: Die Antworten streuen spürbar (rwg {rwg}).",
    ),
    "agree_low": Text(
        en=(
            "Low agreement: answers are widely spread, people experience this very "
            "differently (rwg {rwg})."
        ),
        de=(
            "Geringe Übereinstimmung: Die Antworten gehen weit auseinander; die "
            "Beschäftigten erleben dieses Thema sehr unterschiedlich (rwg {rwg})."
        ),
    ),
    "split_in": Text(en="Answers are split in: {groups}.", de="Uneinig sind vor allem: {groups}."),
    "dk_few": Text(
        en="Hardly anyone answered “don't know” ({share} of this dimension's answers).",
        de="Kaum jemand hat „weiß nicht“ geantwortet ({share} der Antworten dieser Dimension).",
    ),
    "dk_some": Text(
        en="{share} of this dimension's answers were “don't know”.",
        de="{share} der Antworten dieser Dimension lauten „weiß nicht“.",
    ),
    "dk_many": Text(
        en=(
            "{share} of this dimension's answers were “don't know”: many people lack "
            "the information to judge this."
        ),
        de=(
            "{share} der Antworten dieser Dimension lauten „weiß nicht“: Vielen fehlen "
            "die Informationen, um das zu beurteilen."
        ),
    ),
    "action_plan": Text(en="Action plan", de="Maßnahmenplan"),
    "action_plan_intro": Text(
        en=(
            "Recommended actions, ranked by the size of the gap they address times the "
            "dimension's weight; findings such as a perception gap add their own."
        ),
        de=(
            "Empfohlene Maßnahmen, sortiert nach der Größe der Lücke, die sie schließen, "
            "mal dem Gewicht der Dimension; Befunde wie eine Wahrnehmungslücke bringen "
            "eigene Maßnahmen hinzu."
        ),
    ),
    "rank": Text(en="#", de="Nr."),
    "action": Text(en="Action", de="Maßnahme"),
    "why": Text(en="Why", de="Warum"),
    "owner": Text(en="Owner", de="Verantwortlich"),
    "effort": Text(en="Effort", de="Aufwand"),
    "impact": Text(en="Impact", de="Wirkung"),
    "agreed_actions": Text(en="Agreed actions", de="Vereinbarte Maßnahmen"),
    "agreed_none": Text(
        en="No actions have been agreed yet.",
        de="Bisher wurden keine Maßnahmen vereinbart.",
    ),
    "due": Text(en="Due", de="Fällig"),
    "status": Text(en="Status", de="Status"),
    "status_today": Text(en="Status today", de="Status heute"),
    "trend": Text(en="Trend across waves", de="Entwicklung über die Wellen"),
    "respondents": Text(en="Responses", de="Antworten"),
    "overall_index": Text(en="Overall index", de="Gesamtindex"),
    "methodology": Text(en="Method and data quality", de="Methode und Datenqualität"),
    "sample": Text(
        en=(
            "{n} people submitted the questionnaire. Each answer is scored on a scale of "
            "1 to {max}; a person's score on a dimension is the weighted mean of their "
            "answers, and a group's score the mean of its people's scores. The overall "
            "index is the weighted mean of the dimension scores; the staged level is the "
            "level of the weakest dimension."
        ),
        de=(
            "{n} Personen haben den Fragebogen abgeschickt. Jede Antwort wird auf einer "
            "Skala von 1 bis {max} bewertet; der Wert einer Person in einer Dimension "
            "ist der gewichtete Mittelwert ihrer Antworten, der Wert einer Gruppe der "
            "Mittelwert ihrer Personen. Der Gesamtindex ist der gewichtete Mittelwert "
            "der Dimensionen; die Stufe nach schwächster Dimension ist die Stufe, auf "
            "der die schwächste Dimension steht: Die Nutzung ist nur so reif wie ihr "
            "schwächster Bereich."
        ),
    ),
    "anonymity": Text(
        en=(
            "Anonymity: results are shown only for groups of at least {k} people. Where "
            "a small group could be worked out from the others, a further group is "
            "hidden too. Comments appear only for groups of at least {m} people. No "
            "individual answers are shown anywhere in this report."
        ),
        de=(
            "Anonymität: Ergebnisse werden nur für Gruppen ab {k} Personen gezeigt. "
            "Ließe sich eine kleine Gruppe aus den übrigen errechnen, wird eine weitere "
            "Gruppe ausgeblendet. Kommentare erscheinen nur für Gruppen ab {m} Personen. "
            "Einzelne Antworten zeigt dieser Bericht nirgends."
        ),
    ),
    "response_rates": Text(en="Response rate per team", de="Rücklauf je Team"),
    "team": Text(en="Team", de="Team"),
    "role": Text(en="Role", de="Rolle"),
    "head_count": Text(en="Head-count", de="Personen im Team"),
    "rate": Text(en="Response rate", de="Rücklaufquote"),
    "sample_sizes": Text(en="Responses per role", de="Antworten je Rolle"),
    "reliability": Text(en="Reliability per dimension", de="Reliabilität je Dimension"),
    "reliability_intro": Text(
        en="Cronbach's alpha: from {good} the items of a dimension measure one thing consistently.",
        de="Cronbachs Alpha: Ab {good} messen die Fragen einer Dimension verlässlich dasselbe.",
    ),
    "alpha": Text(en="Cronbach's alpha", de="Cronbachs Alpha"),
    "item_count": Text(en="Items", de="Fragen"),
    "flagged": Text(
        en=(
            "{straight} straight-liners (the same answer to every question) and "
            "{speeders} speeders (finished in under a third of the expected time): "
            "{flagged} responses flagged in all. They are counted, not removed."
        ),
        de=(
            "{straight} Personen haben durchgehend dieselbe Antwort gegeben, {speeders} "
            "waren in weniger als einem Drittel der erwarteten Zeit fertig: insgesamt "
            "{flagged} auffällige Antworten. Sie sind gezählt, nicht entfernt."
        ),
    ),
    "not_available": Text(en="n/a", de="k. A."),
    "yes": Text(en="yes", de="ja"),
    "no": Text(en="no", de="nein"),
    "view_summary": Text(en="Summary", de="Überblick"),
    "view_dimensions": Text(en="Dimensions", de="Dimensionen"),
    "view_areas": Text(en="Areas", de="Bereiche"),
    "area": Text(en="Area", de="Bereich"),
    "view_roles": Text(en="Roles", de="Rollen"),
    "view_teams": Text(en="Teams", de="Teams"),
    "view_role-team": Text(en="Role x team", de="Rolle x Team"),
    "view_perception-gap": Text(en="Perception gap", de="Wahrnehmungslücke"),
    "view_findings": Text(en="Findings", de="Befunde"),
    "view_actions": Text(en="Actions", de="Maßnahmen"),
    "view_agreed-actions": Text(en="Agreed actions", de="Vereinbarte Maßnahmen"),
    "view_earlier-actions": Text(en="Agreed in wave {wave}", de="In Welle {wave} vereinbart"),
    "view_response-rates": Text(en="Response rates", de="Rücklauf"),
    "view_quality": Text(en="Quality", de="Qualität"),
    "view_trend": Text(en="Trend", de="Entwicklung"),
    "wave_label": Text(en="Wave", de="Welle"),
    "field": Text(en="Field", de="Feld"),
    "value": Text(en="Value", de="Wert"),
    "organisation": Text(en="Organisation", de="Organisation"),
    "assessment": Text(en="Assessment", de="Erhebung"),
    "date": Text(en="Date", de="Datum"),
    "k": Text(en="Anonymity threshold (k)", de="Anonymitätsschwelle (k)"),
    "level": Text(en="Level", de="Stufe"),
    "level_name": Text(en="Level name", de="Name der Stufe"),
    "staged_level": Text(en="Staged level", de="Stufe nach schwächster Dimension"),
    "weakest": Text(en="Weakest dimension", de="Schwächste Dimension"),
    "weight": Text(en="Weight", de="Gewicht"),
    "n": Text(en="n", de="n"),
    "mean": Text(en="Mean", de="Mittelwert"),
    "sd": Text(en="SD", de="Standardabweichung"),
    "ci_low": Text(en="95% CI low", de="95-%-KI unten"),
    "ci_high": Text(en="95% CI high", de="95-%-KI oben"),
    "rwg": Text(en="Agreement (rwg)", de="Übereinstimmung (rwg)"),
    "dont_know": Text(en="Don't know share", de="Anteil „weiß nicht“"),
    "target": Text(en="Target level", de="Zielstufe"),
    "gap_points": Text(en="Gap (points)", de="Abstand (Punkte)"),
    "perspective": Text(en="Perspective", de="Perspektive"),
    "leadership": Text(en="Leadership", de="Führung"),
    "frontline": Text(en="Front line", de="Basis"),
    "all_teams": Text(en="All teams", de="Alle Teams"),
    "leadership_mean": Text(en="Leadership mean", de="Mittelwert Führung"),
    "frontline_mean": Text(en="Front-line mean", de="Mittelwert Basis"),
    "difference": Text(en="Difference", de="Unterschied"),
    "effect_size": Text(en="Effect size (d)", de="Effektstärke (d)"),
    "large": Text(en="Large gap", de="Große Lücke"),
    "priority": Text(en="Priority", de="Priorität"),
    "description": Text(en="Description", de="Beschreibung"),
    "straight_liners": Text(en="Straight-liners", de="Gleichförmige Antworten"),
    "speeders": Text(en="Speeders", de="Zu schnelle Antworten"),
    "flagged_total": Text(en="Flagged responses", de="Auffällige Antworten"),
    "name": Text(en="Name", de="Name"),
    "effort_S": Text(en="small", de="gering"),
    "effort_M": Text(en="medium", de="mittel"),
    "effort_L": Text(en="large", de="hoch"),
    "impact_low": Text(en="low", de="gering"),
    "impact_medium": Text(en="medium", de="mittel"),
    "impact_high": Text(en="high", de="hoch"),
    "status_open": Text(en="open", de="offen"),
    "status_done": Text(en="done", de="erledigt"),
    "status_dropped": Text(en="dropped", de="verworfen"),
    "status_in_progress": Text(en="in progress", de="in Arbeit"),
    "status_proposed": Text(en="to be agreed", de="noch zu vereinbaren"),
    "lead_since_wave": Text(en="{status} (since wave {wave})", de="{status} (seit Welle {wave})"),
    # the opening page: where we are against target, leaders against staff, five actions
    "glance": Text(en="At a glance", de="Auf einen Blick"),
    "glance_where": Text(
        en="Where we are against target", de="Wo wir im Vergleich zum Ziel stehen"
    ),
    "glance_now": Text(en="Now", de="Jetzt"),
    "glance_target": Text(en="Target", de="Ziel"),
    "glance_to_go": Text(en="To go", de="Bis zum Ziel"),
    "glance_change": Text(en="Since wave {wave}", de="Seit Welle {wave}"),
    "glance_leaders": Text(en="Leaders", de="Führung"),
    "glance_front": Text(en="Front line", de="Basis"),
    "glance_difference": Text(en="Leaders − front line", de="Führung − Basis"),
    "glance_now_cell": Text(en="{mean} · level {level}", de="{mean} · Stufe {level}"),
    "glance_target_cell": Text(en="level {level}", de="Stufe {level}"),
    "glance_met": Text(en="met", de="erreicht"),
    "glance_scale": Text(
        en=(
            "Means on the scale 1 to {max}; “to go” is the distance to the target level's "
            "threshold; a large perception gap is in bold: half a point or more, not "
            "chance, and large against the spread of the answers."
        ),
        de=(
            "Mittelwerte auf der Skala 1 bis {max}; „bis zum Ziel“ ist der Abstand zur "
            "Schwelle der Zielstufe; eine große Wahrnehmungslücke ist fett gedruckt: ein "
            "halber Punkt oder mehr, kein Zufall und groß gegenüber der Streuung der "
            "Antworten."
        ),
    ),
    "glance_actions": Text(en="The five actions that lead", de="Die fünf wichtigsten Maßnahmen"),
    "glance_actions_intro": Text(
        en=(
            "Agreed actions first, by the rank of the recommendation they came from (their "
            "own actions after those), then the highest-ranked recommendations not agreed "
            "yet; an action agreed in the last wave and still under way appears under its "
            "own title."
        ),
        de=(
            "Zuerst die vereinbarten Maßnahmen, nach dem Rang der Empfehlung, aus der sie "
            "stammen (eigene Maßnahmen danach), dann die am höchsten eingestuften "
            "Empfehlungen, die noch nicht vereinbart sind; eine in der letzten Welle "
            "vereinbarte, noch laufende Maßnahme erscheint unter ihrem eigenen Titel."
        ),
    ),
    "glance_more": Text(
        en="All {n} recommended actions, with why and how, are in the appendix.",
        de="Alle {n} empfohlenen Maßnahmen, mit Begründung und Vorgehen, stehen im Anhang.",
    ),
    "carried_summary": Text(
        en="Agreed in wave {wave}: {counts}.", de="In Welle {wave} vereinbart: {counts}."
    ),
    "carried_count": Text(en="{n} {status}", de="{n} {status}"),
    # the leaders-against-front-line page
    "leaders_page": Text(en="Leaders and front line, per team", de="Führung und Basis, je Team"),
    "leaders_page_intro": Text(
        en=(
            "Each row is a team (all teams together first), each column a dimension. The "
            "orange square is what leaders answer, the blue circle what front-line staff "
            "answer, "
            "as a mean on the scale 1 to {max}; the longer the line between them, the wider "
            "the gap. A team is shown only where both sides have at least {k} responses and "
            "no smaller group could be worked out from it."
        ),
        de=(
            "Jede Zeile ist ein Team (zuerst alle Teams zusammen), jede Spalte eine "
            "Dimension. Das orange Quadrat zeigt, was Führungskräfte antworten, der blaue "
            "Kreis, was Mitarbeitende an der Basis antworten, als Mittelwert auf der Skala 1 bis "
            "{max}; je länger die Linie dazwischen, desto größer die Lücke. Ein Team wird "
            "nur gezeigt, wenn beide Seiten mindestens {k} Antworten haben und sich daraus "
            "keine kleinere Gruppe erschließen lässt."
        ),
    ),
    "summary_bars_caption": Text(
        en=(
            "Bar: the dimension's mean, shaded by its level (the darker, the higher); "
            "black line: its 95% interval; orange tick: the target level."
        ),
        de=(
            "Balken: Mittelwert der Dimension, schattiert nach ihrer Stufe (je dunkler, "
            "desto höher); schwarze Linie: 95‑%‑Intervall; oranger Strich: Zielstufe."
        ),
    ),
    "leaders_hidden": Text(en="Not shown: {teams}.", de="Nicht gezeigt: {teams}."),
    "side_below_k": Text(
        en="leaders or front line with fewer than {k} responses",
        de="Führung oder Basis mit weniger als {k} Antworten",
    ),
    # the next wave: the change since the last one, and what became of its agreed actions
    "change_line": Text(
        en="Since wave {wave}: {change} ({before} then, {now} now).",
        de="Seit Welle {wave}: {change} (damals {before}, jetzt {now}).",
    ),
    "change_hidden": Text(
        en="Since wave {wave}: no comparison, one of the two is not shown ({why}).",
        de="Seit Welle {wave}: kein Vergleich, einer der beiden Werte wird nicht gezeigt ({why}).",
    ),
    "carried_heading": Text(
        en="Agreed last time, and what became of it",
        de="Letztes Mal vereinbart, und was daraus wurde",
    ),
    "carried_none": Text(
        en="Nothing was agreed on this dimension in wave {wave}.",
        de="In Welle {wave} wurde zu dieser Dimension nichts vereinbart.",
    ),
    "carried_other": Text(en="Not tied to a dimension", de="Ohne Bezug zu einer Dimension"),
    "appendix": Text(en="Appendix: action plan", de="Anhang: Maßnahmenplan"),
}

# The workshop summary (workshop_report.py and its template).
SUMMARY: dict[str, Text] = {
    "summary_title": Text(en="Workshop summary", de="Workshop-Zusammenfassung"),
    "page": Text(en="Page", de="Seite"),
    "of": Text(en="of", de="von"),
    "organisation": Text(en="Organisation", de="Organisation"),
    "assessment": Text(en="Assessment", de="Erhebung"),
    "date": Text(en="Date", de="Datum"),
    "time": Text(en="Time", de="Uhrzeit"),
    "time_range": Text(en="{start} to {end} UTC", de="{start} bis {end} UTC"),
    "time_open": Text(en="from {start} UTC", de="ab {start} UTC"),
    "started": Text(en="Started", de="Beginn"),
    "ended": Text(en="Ended", de="Ende"),
    "at_time": Text(en="{date}, {time} UTC", de="{date}, {time} UTC"),
    "pacing": Text(en="Pacing", de="Ablauf"),
    "pacing_facilitator": Text(en="facilitator-paced", de="moderiert, alle im gleichen Schritt"),
    "pacing_self": Text(en="self-paced", de="im eigenen Tempo"),
    "joined": Text(en="Participants", de="Teilnehmende"),
    "joined_value": Text(en="{n} joined", de="{n} beigetreten"),
    "k": Text(en="Anonymity threshold", de="Anonymitätsschwelle"),
    "k_value": Text(en="results shown from {k} answers", de="Ergebnisse ab {k} Antworten"),
    "running_note": Text(
        en=(
            "The workshop is still running: this summary shows where it stands now, and "
            "figures may still change."
        ),
        de=(
            "Der Workshop läuft noch: Diese Zusammenfassung zeigt den aktuellen Stand, "
            "die Werte können sich noch ändern."
        ),
    ),
    "results": Text(en="Results revealed", de="Aufgedeckte Ergebnisse"),
    "results_intro": Text(
        en=(
            "Scores run from 1 to {max}. A dimension's results were shown only once the "
            "facilitator revealed it and at least {k} participants had answered it; this "
            "summary shows nothing else."
        ),
        de=(
            "Die Werte reichen von 1 bis {max}. Die Ergebnisse einer Dimension wurden "
            "erst gezeigt, als die Moderation sie aufgedeckt hatte und mindestens {k} "
            "Teilnehmende geantwortet hatten; mehr zeigt diese Zusammenfassung nicht."
        ),
    ),
    "bars_caption": Text(
        en=(
            "Mean per dimension with its 95% interval; the tick marks the target level. "
            "Grey bars: no results shown (not revealed, or fewer than {k} answers)."
        ),
        de=(
            "Mittelwert je Dimension mit 95‑%‑Intervall; der Strich markiert die "
            "Zielstufe. Graue Balken: keine Ergebnisse gezeigt (nicht aufgedeckt oder "
            "weniger als {k} Antworten)."
        ),
    ),
    "bar_not_revealed": Text(en="not revealed", de="nicht aufgedeckt"),
    "dimension": Text(en="Dimension", de="Dimension"),
    "n": Text(en="Answers", de="Antworten"),
    "mean": Text(en="Mean", de="Mittelwert"),
    "level": Text(en="Level", de="Stufe"),
    "target": Text(en="Target", de="Ziel"),
    "to_target": Text(en="To target", de="Abstand"),
    "consensus": Text(en="Agreement", de="Übereinstimmung"),
    "reached": Text(en="reached", de="erreicht"),
    "not_revealed": Text(
        en="Not revealed in the workshop: no results are shown.",
        de="Im Workshop nicht aufgedeckt: Es werden keine Ergebnisse gezeigt.",
    ),
    "too_few": Text(
        en=(
            "Revealed, but fewer than {k} participants answered: no results are shown, "
            "to protect anonymity."
        ),
        de=(
            "Aufgedeckt, aber weniger als {k} Teilnehmende haben geantwortet: Zum Schutz "
            "der Anonymität werden keine Ergebnisse gezeigt."
        ),
    ),
    "paused": Text(
        en=(
            "Paused: a participant deleted their answers after these results were shown, "
            "and fewer than {k} answers changed since, so no results are shown."
        ),
        de=(
            "Pausiert: Eine teilnehmende Person hat ihre Antworten gelöscht, nachdem "
            "diese Ergebnisse gezeigt wurden, und seitdem haben sich weniger als {k} "
            "Antworten geändert; darum werden keine Ergebnisse gezeigt."
        ),
    ),
    "bar_paused": Text(en="paused", de="pausiert"),
    "perception": Text(en="Leadership and front line", de="Führung und Basis"),
    "perception_intro": Text(
        en=(
            "Leaders and front-line staff are compared only where each side is large "
            "enough that nobody can be singled out. Bars right of zero: leaders rate it "
            "higher."
        ),
        de=(
            "Führung und Basis werden nur verglichen, wo jede Seite groß genug ist, dass "
            "niemand erkennbar wird. Balken rechts der Null: Die Führung bewertet höher."
        ),
    ),
    "perception_caption": Text(
        en=(
            "Leadership mean minus front-line mean. Dimensions without a bar were not "
            "compared (not revealed, or one side had fewer than {k} answers)."
        ),
        de=(
            "Mittelwert der Führung minus Mittelwert der Basis. Dimensionen ohne Balken "
            "wurden nicht verglichen (nicht aufgedeckt oder auf einer Seite weniger als "
            "{k} Antworten)."
        ),
    ),
    "perception_none": Text(
        en=(
            "No revealed dimension had enough leaders and front-line participants to "
            "compare them without singling anyone out."
        ),
        de=(
            "Bei keiner aufgedeckten Dimension gab es genug Führungskräfte und "
            "Mitarbeitende der Basis, um sie zu vergleichen, ohne Einzelne erkennbar zu "
            "machen."
        ),
    ),
    "leadership": Text(en="Leadership", de="Führung"),
    "frontline": Text(en="Front line", de="Basis"),
    "difference": Text(en="Difference", de="Unterschied"),
    "details": Text(en="Discussion", de="Diskussion"),
    "now_line": Text(
        en="Mean {mean} of {max} from {n} answers: level {level}, {level_name}.",
        de="Mittelwert {mean} von {max} aus {n} Antworten: Stufe {level}, {level_name}.",
    ),
    "target_line": Text(
        en="Target level {target}, {target_name}: {points} points to go.",
        de="Zielstufe {target}, {target_name}: noch {points} Punkte.",
    ),
    "target_met": Text(
        en="Target level {target}, {target_name}: reached.",
        de="Zielstufe {target}, {target_name}: erreicht.",
    ),
    "consensus_line": Text(en="Agreement: {words}.", de="Übereinstimmung: {words}."),
    "perception_line": Text(
        en="Leadership {lead}, front line {front}: leaders rate it {diff} points {direction}.",
        de="Führung {lead}, Basis {front}: Die Führung bewertet um {diff} Punkte {direction}.",
    ),
    "perception_alike": Text(
        en="Leadership {lead}, front line {front}: both see it alike.",
        de="Führung {lead}, Basis {front}: Beide sehen es gleich.",
    ),
    "perception_hidden": Text(
        en="Leadership and front line are not shown separately: one side was too small.",
        de="Führung und Basis werden nicht getrennt gezeigt: Eine Seite war zu klein.",
    ),
    "higher": Text(en="higher", de="höher"),
    "lower": Text(en="lower", de="niedriger"),
    "prompts": Text(en="Discussion prompts", de="Fragen für die Diskussion"),
    "open_title": Text(en="The room's open question", de="Die offene Frage an den Raum"),
    "open_answered": Text(
        en="{n} of the people who joined answered it.",
        de="{n} der Teilnehmenden haben sie beantwortet.",
    ),
    "open_too_few": Text(
        en=(
            "Fewer than {c} people answered, so no answer is shown: the room's screen "
            "showed none either."
        ),
        de=(
            "Weniger als {c} Personen haben geantwortet, daher wird keine Antwort gezeigt: "
            "auch der Bildschirm im Raum zeigte keine."
        ),
    ),
    "open_intro": Text(
        en=(
            "The short answers and the words at least two people gave alike, as the "
            "room's screen listed them; what only one person wrote is never shown."
        ),
        de=(
            "Die kurzen Antworten und Wörter, die mindestens zwei Personen gleich gegeben "
            "haben, wie der Bildschirm im Raum sie zeigte; was nur eine Person schrieb, "
            "wird nie gezeigt."
        ),
    ),
    "open_none_alike": Text(
        en="No answer or word was given by at least two people.",
        de="Keine Antwort und kein Wort kam von mindestens zwei Personen.",
    ),
    "actions": Text(en="Agreed actions", de="Vereinbarte Maßnahmen"),
    "action": Text(en="Action", de="Maßnahme"),
    "owner": Text(en="Owner", de="Verantwortlich"),
    "due": Text(en="Due", de="Fällig"),
    "actions_none": Text(
        en="No actions were agreed in this workshop.",
        de="In diesem Workshop wurden keine Maßnahmen vereinbart.",
    ),
}

# The questionnaire's own words where an item does not give them: the "don't know"
# option (model.py), and a number item's bound it does not set (responses.py).
QUESTIONNAIRE: dict[str, Text] = {
    "dont_know": Text(en="Don't know / not applicable", de="Weiß nicht / trifft nicht zu"),
    "any_bound": Text(en="any", de="beliebig"),
}

# What a number in an imported cell can mean, named in an `ambiguous-value` problem
# (collect/transfer.py).
TRANSFER: dict[str, Text] = {
    # What an import did that the person should check (`transfer.ImportWarning`).
    "warn_not_utf8": Text(
        en=(
            "{file} is not UTF-8; it was read as Windows-1252 (Western European). Check "
            "accented letters in the imported answers, or save it as 'CSV UTF-8'."
        ),
        de=(
            "{file} ist nicht in UTF-8 gespeichert; die Datei wurde als Windows-1252 "
            "(westeuropäisch) gelesen. Prüfen Sie Umlaute und Akzente in den importierten "
            "Antworten, oder speichern Sie die Datei als „CSV UTF-8“."
        ),
    ),
    "warn_export_scores": Text(
        en=(
            "This file has the columns of a GapMap export (row, wave, perspective, "
            "channel), so its numbers were read as option scores."
        ),
        de=(
            "Diese Datei hat die Spalten eines GapMap-Exports (row, wave, perspective, "
            "channel), daher wurden ihre Zahlen als Werte der Optionen gelesen."
        ),
    ),
    "warn_optional_one": Text(
        en="No column for the optional question {items}; left unanswered.",
        de="Keine Spalte für die optionale Frage {items}; sie bleibt unbeantwortet.",
    ),
    "warn_optional": Text(
        en="No column for the optional questions {items}; left unanswered.",
        de="Keine Spalten für die optionalen Fragen {items}; sie bleiben unbeantwortet.",
    ),
    "warn_unknown_one": Text(
        en="Ignored {count} column GapMap does not know; its values were not read: {columns}.",
        de="{count} Spalte, die GapMap nicht kennt, wurde übergangen; ihre Werte wurden nicht "
        "gelesen: {columns}.",
    ),
    "warn_unknown": Text(
        en="Ignored {count} columns GapMap does not know; their values were not read: {columns}.",
        de="{count} Spalten, die GapMap nicht kennt, wurden übergangen; ihre Werte wurden nicht "
        "gelesen: {columns}.",
    ),
    "warn_unheaded_one": Text(
        en="Ignored {count} column without a header; its values were not read.",
        de="{count} Spalte ohne Überschrift wurde übergangen; ihre Werte wurden nicht gelesen.",
    ),
    "warn_unheaded": Text(
        en="Ignored {count} columns without a header; their values were not read.",
        de="{count} Spalten ohne Überschrift wurden übergangen; ihre Werte wurden nicht gelesen.",
    ),
    "meaning_score": Text(en="the option scored {score}", de="die Option mit dem Wert {score}"),
    "meaning_position": Text(en="option number {position}", de="Option Nummer {position}"),
    "meaning_text": Text(en="the option with this text", de="die Option mit diesem Text"),
}


# What the CRM's own records show (analysis/evidence.py): results page, report, CLI.
EVIDENCE: dict[str, Text] = {
    "title": Text(
        en="What people say and what the CRM shows",
        de="Was die Befragten sagen und was das CRM zeigt",
    ),
    "intro": Text(
        en=(
            "Beside each dimension's survey result, the CRM's own records for the same "
            "teams: activity, stale deals, time in stage and complete records, imported "
            "{date} and placed on the same levels. Where people rate a dimension at least "
            "one level higher than the records show, that is a reality gap."
        ),
        de=(
            "Neben dem Umfrageergebnis jeder Dimension stehen die Daten des CRM für "
            "dieselben Teams: Aktivität, liegengebliebene Deals, Zeit in einer Phase und "
            "vollständige Datensätze, importiert am {date} und auf dieselben Stufen "
            "gebracht. Wo die Befragten eine Dimension mindestens eine Stufe höher "
            "einschätzen, als die Daten zeigen, ist das eine Realitätslücke."
        ),
    ),
    "none": Text(
        en="No evidence from the CRM has been imported for this assessment.",
        de="Für diese Erhebung wurden keine Daten aus dem CRM importiert.",
    ),
    "sheet": Text(en="CRM evidence", de="CRM-Daten"),
    "group": Text(en="Group", de="Gruppe"),
    "organisation": Text(en="Whole organisation", de="Gesamte Organisation"),
    "dimension": Text(en="Dimension", de="Dimension"),
    "said": Text(en="People say", de="Die Befragten sagen"),
    "shows": Text(en="The CRM shows", de="Das CRM zeigt"),
    "gap": Text(en="Reality gap", de="Realitätslücke"),
    "indicator": Text(en="Indicator", de="Kennzahl"),
    "value": Text(en="Value", de="Wert"),
    "users": Text(en="Users", de="Nutzer"),
    "level": Text(en="Level", de="Stufe"),
    "tests": Text(en="Tests the statement", de="Prüft die Aussage"),
    "tests_line": Text(en="Tests the statement “{text}”", de="Prüft die Aussage „{text}“"),
    "level_of": Text(en="level {level} ({mean})", de="Stufe {level} ({mean})"),
    "level_is": Text(en="level {level}", de="Stufe {level}"),
    "gap_levels_one": Text(en="{gap} level", de="{gap} Stufe"),
    "gap_levels": Text(en="{gap} levels", de="{gap} Stufen"),
    "no_gap": Text(en="none", de="keine"),
    "hidden_below_k": Text(en="fewer than {k} users", de="weniger als {k} Nutzer"),
    "finding_count_one": Text(
        en="{count} reality gap: people rate a dimension higher than the records show.",
        de="{count} Realitätslücke: Die Befragten sehen eine Dimension höher, als die Daten zeigen.",  # noqa: E501
    ),
    "unmeasured_one": Text(
        en="{dims} has no measure in the CRM's records, so it is not in the table.",
        de="Für {dims} gibt es in den CRM-Daten kein Maß; die Dimension fehlt daher in der Tabelle.",  # noqa: E501
    ),
    "unmeasured": Text(
        en="{dims} have no measure in the CRM's records, so they are not in the table.",
        de="Für {dims} gibt es in den CRM-Daten kein Maß; sie fehlen daher in der Tabelle.",
    ),
    "finding_count": Text(
        en="{count} reality gaps: people rate a dimension higher than the records show.",
        de="{count} Realitätslücken: Die Befragten sehen eine Dimension höher, als die Daten zeigen.",  # noqa: E501
    ),
    # The consultant console's import form (ui/console.py, "Data and erasure").
    "import_title": Text(en="Import CRM evidence", de="CRM-Daten importieren"),
    "import_intro": Text(
        en=(
            "A .csv or .xlsx export of the CRM's standard reports (user activity, login "
            "history, opportunities), one row per user or per team, with a team column. "
            "Per-user rows are added up to teams here; names, e-mail addresses and user "
            "ids are never stored. A new import replaces the assessment's evidence. "
            "Every problem is listed with its row; nothing is imported unless every row "
            "is valid, or you choose to import the valid rows only."
        ),
        de=(
            "Ein Export der Standardberichte des CRM als .csv oder .xlsx (Nutzeraktivität, "
            "Anmeldungen, Verkaufschancen), eine Zeile je Person oder je Team, mit einer "
            "Team-Spalte. Zeilen je Person werden hier zu Teams zusammengezählt; Namen, "
            "E-Mail-Adressen und Nutzerkennungen werden nie gespeichert. Ein neuer Import "
            "ersetzt die CRM-Daten der Erhebung. Jedes Problem wird mit seiner Zeile "
            "genannt; importiert wird nur, wenn alle Zeilen gültig sind, oder auf Wunsch "
            "nur die gültigen Zeilen."
        ),
    ),
    "import_file": Text(en="CRM export (.csv or .xlsx)", de="CRM-Export (.csv oder .xlsx)"),
    "import_button": Text(en="Import evidence", de="Daten importieren"),
    "import_done_one": Text(
        en="Imported {imported} row of CRM evidence, skipped {skipped}.",
        de="{imported} Zeile CRM-Daten importiert, {skipped} übersprungen.",
    ),
    "import_done": Text(
        en="Imported {imported} rows of CRM evidence, skipped {skipped}.",
        de="{imported} Zeilen CRM-Daten importiert, {skipped} übersprungen.",
    ),
    "import_nothing_one": Text(
        en="Nothing was imported: {count} problem in {file}. Fix it and import the file again.",
        de="Nichts wurde importiert: {count} Problem in {file}. Beheben Sie es und importieren Sie die Datei erneut.",  # noqa: E501
    ),
    "import_nothing": Text(
        en="Nothing was imported: {count} problems in {file}. Fix them and import the file again.",
        de="Nichts wurde importiert: {count} Probleme in {file}. Beheben Sie sie und importieren Sie die Datei erneut.",  # noqa: E501
    ),
    "row": Text(en="Row", de="Zeile"),
    "column": Text(en="Column", de="Spalte"),
    "problem": Text(en="Problem", de="Problem"),
    "code": Text(en="Code", de="Code"),
    # The workshop screen's reveal (ui/facilitate.py).
    "reveal": Text(en="Show what the CRM shows", de="Zeigen, was das CRM zeigt"),
    "hide": Text(en="Hide the CRM's figures", de="CRM-Zahlen ausblenden"),
    "workshop_title": Text(en="What the CRM shows", de="Was das CRM zeigt"),
    "room_level": Text(en="The room says", de="Der Raum sagt"),
    "crm_level": Text(en="The CRM shows", de="Das CRM zeigt"),
    "level_short": Text(en="Level {level}", de="Stufe {level}"),
    "crm_hidden": Text(
        en="The organisation's CRM figures for this dimension are not shown: {why}.",
        de="Die CRM-Zahlen der Organisation zu dieser Dimension werden nicht gezeigt: {why}.",
    ),
    "crm_hidden_why": Text(
        en="they come from too few users, or would give away a smaller group",
        de="sie stammen von zu wenigen Nutzern oder ließen auf eine kleinere Gruppe schließen",
    ),
    "indicator_line": Text(
        en="{name}: {value} (level {level}, {users} users)",
        de="{name}: {value} (Stufe {level}, {users} Nutzer)",
    ),
    "teams_title": Text(en="By team", de="Nach Teams"),
    "team_line": Text(
        en="{team} · {name}: {value} (level {level})",
        de="{team} · {name}: {value} (Stufe {level})",
    ),
}


# The account pages: accounts (consultants), one's own password, a password-reset link.
ACCOUNT: dict[str, Text] = {
    "language": Text(en="Language", de="Sprache"),
    "accounts_title": Text(en="Accounts", de="Konten"),
    "accounts_not_allowed": Text(
        en="This page is not allowed for your account: accounts are managed by consultants.",
        de="Diese Seite ist für Ihr Konto nicht freigegeben: Konten verwaltet die Beratung.",
    ),
    "accounts_intro": Text(
        en=(
            "Consultants set up organisations and assessments; leadership accounts read one "
            "organisation's results and download the gap report, and never see a single "
            "person's answers. You see your own account, the leadership accounts of your "
            "organisations, and the consultants who manage none but your organisations."
        ),
        de=(
            "Die Beratung richtet Organisationen und Erhebungen ein; Konten der Leitung lesen "
            "die Ergebnisse einer Organisation und laden den Bericht herunter, sehen aber nie "
            "die Antworten einer einzelnen Person. Sie sehen Ihr eigenes Konto, die Konten der "
            "Leitung Ihrer Organisationen und die Beratungskonten, die nur Ihre Organisationen "
            "betreuen."
        ),
    ),
    "col_username": Text(en="User name", de="Benutzername"),
    "col_name": Text(en="Name", de="Name"),
    "col_role": Text(en="Role", de="Rolle"),
    "col_organisation": Text(en="Organisation", de="Organisation"),
    "col_email": Text(en="E-mail (single sign-on)", de="E-Mail (Anmeldung über die Organisation)"),
    "col_disabled": Text(en="Disabled", de="Gesperrt"),
    "col_created": Text(en="Created", de="Angelegt"),
    # A momentJS format (Streamlit's DatetimeColumn): "3 Dec 2026 18:40", "03.12.2026 18:40".
    "created_format": Text(en="D MMM YYYY HH:mm", de="DD.MM.YYYY HH:mm"),
    "role_consultant": Text(en="consultant", de="Beratung"),
    "role_leadership": Text(en="leadership", de="Leitung"),
    "add_title": Text(en="Add an account", de="Konto anlegen"),
    "add_role": Text(en="Kind of account", de="Art des Kontos"),
    "add_role_consultant": Text(
        en="Consultant: sets up organisations and assessments",
        de="Beratung: richtet Organisationen und Erhebungen ein",
    ),
    "add_role_leadership": Text(
        en="Leadership: reads one organisation's results",
        de="Leitung: liest die Ergebnisse einer Organisation",
    ),
    "add_organisation": Text(en="Organisation", de="Organisation"),
    "add_manages": Text(
        en="Organisations they manage (of yours; none is fine)",
        de="Organisationen, die das Konto betreut (von Ihren; keine geht auch)",
    ),
    "add_no_organisation": Text(
        en="A leadership account needs an organisation: create one in the console first.",
        de="Ein Konto der Leitung braucht eine Organisation: Legen Sie zuerst eine in der "
        "Konsole an.",
    ),
    "add_username": Text(en="User name", de="Benutzername"),
    "add_username_help": Text(
        en="2 to 64 characters: a-z, 0-9, . _ @ -",
        de="2 bis 64 Zeichen: a-z, 0-9, . _ @ -",
    ),
    "add_name": Text(en="Name", de="Name"),
    "add_password": Text(en="Password", de="Passwort"),
    "add_password_help": Text(
        en=(
            "At least {minimum} characters. Leave it empty for an account that signs in only "
            "with the organisation's single sign-on, or issue a password-reset link next so "
            "they choose their own."
        ),
        de=(
            "Mindestens {minimum} Zeichen. Leer lassen für ein Konto, das sich nur über die "
            "Organisation anmeldet, oder danach einen Link zum Zurücksetzen ausstellen, damit "
            "die Person ihr Passwort selbst wählt."
        ),
    ),
    "add_email": Text(
        en="E-mail for single sign-on (optional)", de="E-Mail für die Anmeldung (optional)"
    ),
    "add_email_help": Text(
        en="Needed only when GapMap signs in with the organisation's identity provider.",
        de="Nur nötig, wenn GapMap die Anmeldung der Organisation nutzt.",
    ),
    "add_button": Text(en="Add account", de="Konto anlegen"),
    "added": Text(
        en=(
            "Account {username} added. Give them the user name and password in person or by "
            "phone, not by e-mail, or issue a password-reset link for them."
        ),
        de=(
            "Konto {username} angelegt. Geben Sie Benutzername und Passwort persönlich oder am "
            "Telefon weiter, nicht per E-Mail, oder stellen Sie einen Link zum Zurücksetzen aus."
        ),
    ),
    "toggle_title": Text(en="Disable or enable an account", de="Konto sperren oder freigeben"),
    "toggle_none": Text(
        en="No other account you manage yet.", de="Noch kein anderes Konto, das Sie verwalten."
    ),
    "toggle_account": Text(en="Account", de="Konto"),
    "state_disabled": Text(en="disabled", de="gesperrt"),
    "state_active": Text(en="active", de="aktiv"),
    "toggle_disable_note": Text(
        en="A disabled account cannot sign in, and its open sessions end at once.",
        de="Ein gesperrtes Konto kann sich nicht anmelden, und seine offenen Sitzungen enden "
        "sofort.",
    ),
    "toggle_enable_note": Text(
        en="The account can sign in again with its password.",
        de="Das Konto kann sich wieder mit seinem Passwort anmelden.",
    ),
    "disable_button": Text(en="Disable {username}", de="{username} sperren"),
    "enable_button": Text(en="Enable {username}", de="{username} freigeben"),
    "disabled_done": Text(en="Account {username} disabled.", de="Konto {username} gesperrt."),
    "enabled_done": Text(en="Account {username} enabled.", de="Konto {username} freigegeben."),
    "reset_title": Text(en="Password-reset link", de="Link zum Zurücksetzen des Passworts"),
    "reset_intro": Text(
        en=(
            "A link with which the person sets a new password. It works once, for {hours} "
            "hours; a newer link replaces it. Using it ends the account's sessions and lifts "
            "a sign-in lockout."
        ),
        de=(
            "Ein Link, mit dem die Person ein neues Passwort setzt. Er gilt einmal, "
            "{hours} Stunden lang; ein neuerer Link ersetzt ihn. Damit enden die Sitzungen "
            "des Kontos, und eine Anmeldesperre wird aufgehoben."
        ),
    ),
    "reset_account": Text(en="Account to reset", de="Konto zum Zurücksetzen"),
    "reset_button": Text(en="Create a reset link", de="Link erstellen"),
    "reset_issued": Text(
        en=(
            "Reset link for {username}, valid until {expires} UTC. Give it to them directly "
            "(in person, by phone or a message only they read); it is shown only now."
        ),
        de=(
            "Link für {username}, gültig bis {expires} UTC. Geben Sie ihn direkt weiter "
            "(persönlich, am Telefon oder in einer Nachricht nur für die Person); er wird nur "
            "jetzt gezeigt."
        ),
    ),
    "password_title": Text(en="Your password", de="Ihr Passwort"),
    "password_intro": Text(
        en=(
            "Changing your password signs your account out everywhere else (other browsers "
            "and devices); this one stays signed in."
        ),
        de=(
            "Wenn Sie Ihr Passwort ändern, wird Ihr Konto überall sonst abgemeldet (andere "
            "Browser und Geräte); hier bleiben Sie angemeldet."
        ),
    ),
    "current_password": Text(en="Current password", de="Bisheriges Passwort"),
    "new_password": Text(en="New password", de="Neues Passwort"),
    "new_password_help": Text(
        en="At least {minimum} characters; a short sentence works well.",
        de="Mindestens {minimum} Zeichen; ein kurzer Satz eignet sich gut.",
    ),
    "repeat_password": Text(en="Repeat the new password", de="Neues Passwort wiederholen"),
    "passwords_differ": Text(
        en="The two new passwords differ. Type the same password twice.",
        de="Die beiden neuen Passwörter sind verschieden. Geben Sie zweimal dasselbe ein.",
    ),
    "change_button": Text(en="Change password", de="Passwort ändern"),
    "changed_one": Text(
        en="Your password is changed. {ended} other session ended.",
        de="Ihr Passwort ist geändert. {ended} andere Sitzung beendet.",
    ),
    "changed": Text(
        en="Your password is changed. {ended} other sessions ended.",
        de="Ihr Passwort ist geändert. {ended} andere Sitzungen beendet.",
    ),
    "set_title": Text(en="Set a new password", de="Neues Passwort setzen"),
    "set_for": Text(
        en="Choose a new password for the account **{username}**.",
        de="Wählen Sie ein neues Passwort für das Konto **{username}**.",
    ),
    "set_note": Text(
        en=(
            "Once it is set, the account is signed out everywhere, and you sign in with the "
            "new password."
        ),
        de=(
            "Sobald es gesetzt ist, wird das Konto überall abgemeldet, und Sie melden sich "
            "mit dem neuen Passwort an."
        ),
    ),
    "set_button": Text(en="Set the password", de="Passwort setzen"),
    "set_done": Text(
        en="Your new password is set. Sign in with it.",
        de="Ihr neues Passwort ist gesetzt. Melden Sie sich damit an.",
    ),
    "to_sign_in": Text(en="Go to sign-in", de="Zur Anmeldung"),
}


# A workshop's open question: on the phones and on the facilitator's screen
# (collect/open_question.py, ui/phone.py, ui/facilitate.py).
OPEN_QUESTION: dict[str, Text] = {
    "phone_heading": Text(en="A question for the room", de="Eine Frage an den Raum"),
    "phone_hint": Text(
        en=(
            "A few words are enough (at most {limit} characters). Once {c} people have "
            "answered, the screen lists the short answers and the words at least two "
            "people gave alike, never what only one person wrote."
        ),
        de=(
            "Ein paar Worte genügen (höchstens {limit} Zeichen). Sobald {c} Personen "
            "geantwortet haben, zeigt der Bildschirm die kurzen Antworten und Wörter, die "
            "mindestens zwei Personen gleich gegeben haben, nie, was nur eine Person "
            "geschrieben hat."
        ),
    ),
    "phone_save": Text(en="Save my answer", de="Meine Antwort speichern"),
    "phone_saved": Text(en="Your answer is saved.", de="Ihre Antwort ist gespeichert."),
    "label": Text(en="Open question for the room", de="Offene Frage an den Raum"),
    "help": Text(
        en=(
            "Phones show it with a text field. Changing or clearing the question deletes "
            "the answers given to it."
        ),
        de=(
            "Die Telefone zeigen sie mit einem Textfeld. Wer die Frage ändert oder "
            "löscht, löscht die Antworten darauf."
        ),
    ),
    "ask": Text(en="Ask", de="Fragen"),
    "clear": Text(en="Clear the question", de="Frage löschen"),
    "answered": Text(en="{n} answered", de="{n} haben geantwortet"),
    "needs_more": Text(
        en="The words appear once {more} more people have answered (at least {c} in all).",
        de="Die Wörter erscheinen, sobald {more} weitere Personen geantwortet haben (mindestens {c}).",  # noqa: E501
    ),
    "no_words": Text(
        en="No answer or word was given by at least two people yet.",
        de="Noch keine Antwort und kein Wort kam von mindestens zwei Personen.",
    ),
    "left_out_one": Text(
        en="{n} word used by one person only is not shown.",
        de="{n} Wort, das nur eine Person verwendet hat, wird nicht gezeigt.",
    ),
    "left_out": Text(
        en="{n} words used by one person only are not shown.",
        de="{n} Wörter, die nur eine Person verwendet hat, werden nicht gezeigt.",
    ),
    "word": Text(en="Answer or word", de="Antwort oder Wort"),
    "people": Text(en="People", de="Personen"),
}


# The menu and the page titles of every page (app.py, ui/pages.py), and the staff
# pages' language switch (ui/language.py).
NAV: dict[str, Text] = {
    "language": Text(en="Language", de="Sprache"),
    "signed_in_as": Text(en="Signed in as {name}", de="Angemeldet als {name}"),
    "sign_out": Text(en="Sign out", de="Abmelden"),
    # page titles, by the page's address
    "respond": Text(en="Answer a survey", de="An einer Umfrage teilnehmen"),
    "setup": Text(en="Set up GapMap", de="GapMap einrichten"),
    "sign-in": Text(en="Sign in", de="Anmelden"),
    "console": Text(en="Assessments", de="Erhebungen"),
    "accounts": Text(en="Accounts", de="Konten"),
    "audit": Text(en="Audit log", de="Protokoll"),
    "results": Text(en="Results", de="Ergebnisse"),
    "workshop": Text(en="Live workshop", de="Live-Workshop"),
    "password": Text(en="Your password", de="Ihr Passwort"),
    "set-password": Text(en="Set a new password", de="Neues Passwort festlegen"),
    "library": Text(en="Questionnaire library", de="Fragebogen-Bibliothek"),
    # menu sections
    "section_Survey": Text(en="Survey", de="Umfrage"),
    "section_Account": Text(en="Account", de="Konto"),
    "section_Console": Text(en="Console", de="Konsole"),
    "section_Results": Text(en="Results", de="Ergebnisse"),
    "section_Questionnaires": Text(en="Questionnaires", de="Fragebögen"),
}


# The results dashboard (ui/results.py): the page around the charts, in the page's language.
DASHBOARD: dict[str, Text] = {
    "title": Text(en="Results", de="Ergebnisse"),
    "sign_in_first": Text(
        en="Please sign in to see results.",
        de="Bitte melden Sie sich an, um Ergebnisse zu sehen.",
    ),
    "no_organisation": Text(
        en="There are no results to show yet: no organisation is open to you.",
        de="Es gibt noch keine Ergebnisse: Ihnen ist keine Organisation freigegeben.",
    ),
    "organisation": Text(en="Organisation", de="Organisation"),
    "no_assessment": Text(
        en="This organisation has no assessment yet.",
        de="Diese Organisation hat noch keine Erhebung.",
    ),
    "assessment": Text(en="Assessment (wave)", de="Erhebung (Welle)"),
    "assessment_option": Text(en="{name} · wave {wave}", de="{name} · Welle {wave}"),
    "report_language": Text(en="Language of the results", de="Sprache der Ergebnisse"),
    "report_language_help": Text(
        en=(
            "The language of the questions, the charts and the gap report, among the "
            "assessment's languages. The page itself follows the switch in the menu."
        ),
        de=(
            "Die Sprache der Fragen, der Diagramme und des Berichts, unter den Sprachen "
            "der Erhebung. Die Seite selbst folgt dem Umschalter im Menü."
        ),
    ),
    "scoring": Text(en="Scoring…", de="Auswertung läuft …"),
    "totals_one": Text(
        en="So far {submitted} person has submitted and {started} started (the whole assessment, live).",  # noqa: E501
        de="Bisher hat {submitted} Person abgeschickt und {started} begonnen (die ganze Erhebung, live).",  # noqa: E501
    ),
    "totals": Text(
        en="So far {submitted} people have submitted and {started} started (the whole assessment, live).",  # noqa: E501
        de="Bisher haben {submitted} Personen abgeschickt und {started} begonnen (die ganze Erhebung, live).",  # noqa: E501
    ),
    # Plain words for a release (analysis/releases.py): a director knows no "release 3".
    "release_of": Text(
        en=(
            "The figures below count {n} of the submitted responses: they are brought up "
            "to date in steps, not with every answer."
        ),
        de=(
            "Die Zahlen unten beruhen auf {n} der abgeschickten Antworten: Sie werden "
            "schrittweise aktualisiert, nicht mit jeder Antwort."
        ),
    ),
    "below_threshold": Text(
        en=(
            "Results appear once at least {k} people have answered, and then change in "
            "steps of at least {k} responses, so that no one's answers can be told apart "
            "by comparing two looks."
        ),
        de=(
            "Ergebnisse erscheinen, sobald mindestens {k} Personen geantwortet haben, und "
            "ändern sich dann in Schritten von mindestens {k} Antworten, damit niemandes "
            "Antworten durch den Vergleich zweier Stände erkennbar werden."
        ),
    ),
    # headline
    "overall_index": Text(en="Overall index", de="Gesamtindex"),
    "overall_help_areas": Text(
        en="Weighted mean of the areas, on the scale 1 to {max}.",
        de="Gewichteter Mittelwert der Bereiche, auf der Skala 1 bis {max}.",
    ),
    "overall_help_dimensions": Text(
        en="Weighted mean of the dimensions, on the scale 1 to {max}.",
        de="Gewichteter Mittelwert der Dimensionen, auf der Skala 1 bis {max}.",
    ),
    "maturity_level": Text(en="Maturity level", de="Reifegrad"),
    # plain words beside "Maturity level" (as the German says it), not "Staged level"
    "staged_level": Text(
        en="Level by the weakest dimension", de="Stufe nach schwächster Dimension"
    ),
    "staged_help": Text(
        en="The weakest dimension decides: {weakest}.",
        de="Die schwächste Dimension entscheidet: {weakest}.",
    ),
    "responses": Text(en="Responses", de="Antworten"),
    "rate_of": Text(en="{share} of {head_count}", de="{share} von {head_count}"),
    "area_hidden_help": Text(
        en="Shown once every dimension of the area is.",
        de="Wird gezeigt, sobald jede Dimension des Bereichs gezeigt wird.",
    ),
    "area_help": Text(
        en="Weighted mean of the area's dimensions.",
        de="Gewichteter Mittelwert der Dimensionen des Bereichs.",
    ),
    "release_note": Text(
        en=(
            "These figures are updated once at least {k} responses have come in or been "
            "removed since the last update, so that comparing two looks never shows what "
            "one person answered."
        ),
        de=(
            "Diese Zahlen werden erst aktualisiert, wenn seit der letzten Aktualisierung "
            "mindestens {k} Antworten hinzugekommen oder weggefallen sind, damit ein "
            "Vergleich zweier Ansichten nie zeigt, was eine Person geantwortet hat."
        ),
    ),
    "level": Text(en="Level {level}", de="Stufe {level}"),
    # gap map
    "gap_map": Text(en="Gap map", de="Lückenkarte"),
    "rows": Text(en="Rows", de="Zeilen"),
    "rows_role": Text(en="Role", de="Rolle"),
    "rows_team": Text(en="Team", de="Team"),
    "rows_role_team": Text(en="Role × team", de="Rolle × Team"),
    "colour_by": Text(en="Colour by", de="Färbung nach"),
    "colour_level": Text(en="Maturity level", de="Reifegrad"),
    "colour_gap": Text(en="Gap to target", de="Abstand zum Ziel"),
    "team": Text(en="Team", de="Team"),
    "all_teams": Text(en="All teams", de="Alle Teams"),
    "role": Text(en="Role", de="Rolle"),
    "all_roles": Text(en="All roles", de="Alle Rollen"),
    "no_teams": Text(en="This assessment has no teams.", de="Diese Erhebung hat keine Teams."),
    "grey_cells": Text(
        en=(
            "Grey cells say why they are hidden: fewer than {k} responses, or hidden to "
            "protect a smaller group whose figures they would give away."
        ),
        de=(
            "Graue Felder nennen den Grund, warum sie verborgen sind: weniger als {k} "
            "Antworten, oder verborgen zum Schutz einer kleineren Gruppe, deren Zahlen sie "
            "sonst verraten würden."
        ),
    ),
    "hidden_share": Text(
        en="In this view {share} of respondents are in a hidden group.",
        de="In dieser Ansicht sind {share} der Befragten in einer verborgenen Gruppe.",
    ),
    "other_rows": Text(
        en="The “Other … roles” and “Other teams” rows show the people of the grey rows together.",
        de="Die Zeilen „Weitere Rollen (…)“ und „Weitere Teams“ zeigen die Personen der grauen Zeilen zusammen.",  # noqa: E501
    ),
    "carried": Text(
        en=(
            "Some groups still show earlier figures: an update would differ from them by "
            "fewer than {k} people."
        ),
        de=(
            "Manche Gruppen zeigen noch frühere Zahlen: Eine Aktualisierung würde sich um "
            "weniger als {k} Personen davon unterscheiden."
        ),
    ),
    # findings
    "stands_out": Text(en="What stands out", de="Was auffällt"),
    "nothing_stands_out": Text(
        en=(
            "No perception gap, lagging team or role, or split group stands out beyond "
            "chance, and no group answered mostly “don't know” or responded poorly."
        ),
        de=(
            "Keine Wahrnehmungslücke, kein zurückliegendes Team, keine zurückliegende Rolle "
            "und keine gespaltene Gruppe hebt sich über den Zufall hinaus ab, und keine "
            "Gruppe hat überwiegend „weiß nicht“ geantwortet oder schwach teilgenommen."
        ),
    ),
    "findings_note": Text(
        en=(
            "A perception gap, a lagging team or role and low agreement are listed only "
            "when their 95% interval clears the threshold, not merely the figure itself."
        ),
        de=(
            "Eine Wahrnehmungslücke, ein zurückliegendes Team oder eine zurückliegende Rolle "
            "und geringe Übereinstimmung werden nur aufgeführt, wenn ihr 95‑%‑Intervall die "
            "Schwelle überschreitet, nicht nur der Wert selbst."
        ),
    ),
    # dimensions
    "dimensions": Text(en="Dimensions", de="Dimensionen"),
    "current_against_target": Text(
        en="**Current against target** (bar: mean with 95% interval; tick: target)",
        de="**Ist gegen Ziel** (Balken: Mittelwert mit 95‑%‑Intervall; Strich: Ziel)",
    ),
    "perception_heading": Text(
        en="**Perception gap** (leadership minus front line, same questions)",
        de="**Wahrnehmungslücke** (Führung minus Basis, gleiche Fragen)",
    ),
    "answers_of": Text(en="Answers of", de="Antworten von"),
    "everyone": Text(en="Everyone", de="Allen"),
    "leadership": Text(en="Leadership", de="Führung"),
    "frontline": Text(en="Front line", de="Basis"),
    "dimension": Text(en="Dimension", de="Dimension"),
    "current": Text(en="Current", de="Aktuell"),
    "target_level": Text(en="Target level", de="Zielstufe"),
    "dont_know": Text(en="Don't know", de="Weiß nicht"),
    "perception_gap": Text(en="Perception gap", de="Wahrnehmungslücke"),
    "perception_hidden": Text(en="hidden", de="verborgen"),
    "perception_help": Text(
        en="Leadership minus front line on the core items.",
        de="Führung minus Basis bei den Kernfragen.",
    ),
    "consensus": Text(
        en="**Consensus:** {words} ({rwg} on a scale from 0 to 1)",
        de="**Übereinstimmung:** {words} ({rwg} auf einer Skala von 0 bis 1)",
    ),
    "how_answered": Text(
        en="**How people answered each question**",
        de="**Wie die Befragten jede Frage beantwortet haben**",
    ),
    "comments": Text(en="Comments ({n})", de="Kommentare ({n})"),
    "other_comparisons_one": Text(en="The other comparison", de="Der übrige Vergleich"),
    "other_comparisons": Text(en="The other {n} comparisons", de="Die übrigen {n} Vergleiche"),
    "comments_none": Text(
        en=(
            "Comments appear once at least {k} people have answered, and only when someone "
            "wrote one."
        ),
        de=(
            "Kommentare erscheinen, sobald mindestens {k} Personen geantwortet haben, und "
            "nur, wenn jemand einen geschrieben hat."
        ),
    ),
    # the page's tabs (only the open one is drawn)
    "tab_overview": Text(en="Overview", de="Überblick"),
    "tab_gap_map": Text(en="Gap map", de="Lückenkarte"),
    "tab_dimensions": Text(en="Dimensions", de="Dimensionen"),
    "tab_actions": Text(en="Actions", de="Maßnahmen"),
    "tab_evidence": Text(en="Survey and CRM", de="Umfrage und CRM"),
    "tab_more": Text(en="Trend and quality", de="Verlauf und Qualität"),
    "first_actions": Text(en="First actions", de="Erste Maßnahmen"),
    "first_action_line": Text(en="{title} · owner {owner}", de="{title} · verantwortlich: {owner}"),
    "first_actions_note": Text(
        en=(
            "Why each action, the rest of the list, and the actions agreed with their status: "
            "tab Actions."
        ),
        de=(
            "Warum jede Maßnahme, die übrigen und die vereinbarten Maßnahmen mit ihrem Stand: "
            "Reiter Maßnahmen."
        ),
    ),
    # recommended actions
    "recommended": Text(en="Recommended actions", de="Empfohlene Maßnahmen"),
    "no_action": Text(
        en="No action in the model applies to these results.",
        de="Keine Maßnahme des Modells passt zu diesen Ergebnissen.",
    ),
    "action_line": Text(
        en="{rank}. {title} · owner {owner} · effort {effort} · impact {impact}",
        de="{rank}. {title} · verantwortlich: {owner} · Aufwand {effort} · Wirkung {impact}",
    ),
    "effort_S": Text(en="small", de="gering"),
    "effort_M": Text(en="medium", de="mittel"),
    "effort_L": Text(en="large", de="hoch"),
    "impact_low": Text(en="low", de="gering"),
    "impact_medium": Text(en="medium", de="mittel"),
    "impact_high": Text(en="high", de="hoch"),
    "why": Text(en="**Why:** {reasons}", de="**Warum:** {reasons}"),
    "more_actions": Text(
        en="{n} more in the gap report.",
        de="{n} weitere im Bericht.",
    ),
    # agreed actions
    "agreed": Text(en="Agreed actions", de="Vereinbarte Maßnahmen"),
    "agreed_none": Text(
        en=(
            "No action has been agreed yet. The consultant records the actions the team "
            "agrees on, with an owner and a due date; they appear here and in the gap report."
        ),
        de=(
            "Noch ist keine Maßnahme vereinbart. Die Beratung erfasst die Maßnahmen, auf die "
            "sich das Team einigt, mit verantwortlicher Person und Termin; sie erscheinen "
            "hier und im Bericht."
        ),
    ),
    "col_action": Text(en="Action", de="Maßnahme"),
    "col_owner": Text(en="Owner", de="Verantwortlich"),
    "col_due": Text(en="Due", de="Fällig"),
    "col_status": Text(en="Status", de="Status"),
    "col_dimension": Text(en="Dimension", de="Dimension"),
    "status_open": Text(en="Open", de="Offen"),
    "status_in_progress": Text(en="In progress", de="In Arbeit"),
    "status_done": Text(en="Done", de="Erledigt"),
    "status_dropped": Text(en="Dropped", de="Verworfen"),
    "update_status": Text(en="Update the status of an action", de="Status einer Maßnahme ändern"),
    "status_now": Text(en="“{title}” is now {status}.", de="„{title}“ ist jetzt {status}."),
    "now_open": Text(en="open", de="offen"),
    "now_in_progress": Text(en="in progress", de="in Arbeit"),
    "now_done": Text(en="done", de="erledigt"),
    "now_dropped": Text(en="dropped", de="verworfen"),
    # the next wave: what became of the last wave's agreed actions
    "carried_actions": Text(
        en="Agreed last time, and what became of it",
        de="Letztes Mal vereinbart, und was daraus wurde",
    ),
    "carried_intro": Text(
        en=(
            "What was agreed in wave {wave} ({name}), with its status today, beside each "
            "dimension's change since then."
        ),
        de=(
            "Was in Welle {wave} ({name}) vereinbart wurde, mit seinem heutigen Status, "
            "neben der Veränderung jeder Dimension seither."
        ),
    ),
    "carried_nothing": Text(
        en="Nothing was agreed in wave {wave}.", de="In Welle {wave} wurde nichts vereinbart."
    ),
    "col_since_wave": Text(en="Since wave {wave}", de="Seit Welle {wave}"),
    "record_expander": Text(en="Record an agreed action", de="Vereinbarte Maßnahme erfassen"),
    "start_from": Text(
        en="Start from a recommended action (optional)",
        de="Von einer empfohlenen Maßnahme ausgehen (optional)",
    ),
    "write_own": Text(en="Write my own", de="Eigene formulieren"),
    "field_action": Text(en="Action", de="Maßnahme"),
    "field_owner": Text(en="Owner (a person or a role)", de="Verantwortlich (Person oder Rolle)"),
    "field_due": Text(en="Due date", de="Fällig am"),
    "field_dimension": Text(en="Dimension", de="Dimension"),
    "no_dimension": Text(en="None in particular", de="Keine bestimmte"),
    "record_button": Text(en="Record the action", de="Maßnahme erfassen"),
    "recorded": Text(
        en="Recorded. It is part of the gap report from now on.",
        de="Erfasst. Sie ist ab jetzt Teil des Berichts.",
    ),
    # downloads
    "gap_report": Text(en="Gap report", de="Bericht"),
    "gap_report_caption": Text(
        en=(
            "The report for leadership: executive summary, gap map, a page per dimension, "
            "the action plan, and how the figures were made. The same anonymity rules apply."
        ),
        de=(
            "Der Bericht für die Geschäftsleitung: Zusammenfassung, Lückenkarte, eine Seite "
            "je Dimension, der Maßnahmenplan und wie die Zahlen entstanden sind. Es gelten "
            "dieselben Anonymitätsregeln."
        ),
    ),
    "download_pdf": Text(en="PDF", de="PDF"),
    "download_html": Text(en="Web page (HTML)", de="Webseite (HTML)"),
    "download_xlsx": Text(en="Excel tables", de="Excel-Tabellen"),
    "download_zip": Text(en="CSV tables (zip)", de="CSV-Tabellen (ZIP)"),
    # trend and workshops
    "trend": Text(en="Trend", de="Entwicklung"),
    "trend_none": Text(
        en="The trend appears once this assessment has been repeated (a second wave).",
        de="Die Entwicklung erscheint, sobald diese Erhebung wiederholt wurde (eine zweite Welle).",
    ),
    "trend_note": Text(
        en=(
            "Lines join the survey's waves. An open diamond is a workshop: the people in "
            "that room, not the survey's, so it is no step in the trend."
        ),
        de=(
            "Die Linien verbinden die Wellen der Umfrage. Eine offene Raute ist ein "
            "Workshop: die Menschen in diesem Raum, nicht die der Umfrage, also kein "
            "Schritt der Entwicklung."
        ),
    ),
    "workshops": Text(en="Workshops", de="Workshops"),
    "workshops_caption": Text(
        en=(
            "Live workshops held on this assessment. Their answers count as a wave of their "
            "own in the trend above, never in the survey's figures."
        ),
        de=(
            "Live-Workshops zu dieser Erhebung. Ihre Antworten zählen in der Entwicklung "
            "oben als eigene Welle, nie in den Zahlen der Umfrage."
        ),
    ),
    "workshop_summary": Text(en="Summary (PDF)", de="Zusammenfassung (PDF)"),
    # quality
    "quality": Text(en="Assessment quality", de="Qualität der Erhebung"),
    "straight_lining": Text(en="Straight-lining", de="Gleichförmige Antworten"),
    "straight_lining_help": Text(en="Same answer everywhere.", de="Überall dieselbe Antwort."),
    "speeders": Text(en="Speeders", de="Zu schnelle Antworten"),
    "speeders_help": Text(
        en="Under a third of the expected time.",
        de="Weniger als ein Drittel der erwarteten Zeit.",
    ),
    "flagged": Text(en="Flagged responses", de="Markierte Antworten"),
    "flagged_help": Text(en="Counted, not removed.", de="Gezählt, nicht entfernt."),
    "response_rate": Text(en="**Response rate per team**", de="**Rücklauf je Team**"),
    "no_head_counts": Text(en="No teams with head-counts.", de="Keine Teams mit Personenzahl."),
    "reliability": Text(
        en="**Reliability (Cronbach's alpha)**",
        de="**Zuverlässigkeit (Cronbachs Alpha)**",
    ),
    "col_alpha": Text(en="Alpha", de="Alpha"),
    "col_items": Text(en="Items", de="Fragen"),
    "col_people": Text(en="People", de="Personen"),
    "alpha_note": Text(
        en="{good} or more: the questions of a dimension measure one thing.",
        de="Ab {good}: Die Fragen einer Dimension messen dasselbe.",
    ),
}


# The questionnaire library (ui/library.py): the consultant's review of each questionnaire.
LIBRARY: dict[str, Text] = {
    "title": Text(en="Questionnaire library", de="Fragebogen-Bibliothek"),
    "intro": Text(
        en=(
            "Questionnaires are YAML files in the {folder} folder. Review the maturity "
            "model, the dimensions and the action library, and see the questionnaire as "
            "each role will."
        ),
        de=(
            "Fragebögen sind YAML-Dateien im Ordner {folder}. Prüfen Sie das Reifegradmodell, "
            "die Dimensionen und die Maßnahmenbibliothek, und sehen Sie den Fragebogen so, "
            "wie jede Rolle ihn sieht."
        ),
    ),
    "none_valid": Text(
        en="No valid questionnaire in the library yet.",
        de="Noch kein gültiger Fragebogen in der Bibliothek.",
    ),
    "broken_one": Text(
        en="1 file in the library could not be loaded",
        de="1 Datei der Bibliothek konnte nicht geladen werden",
    ),
    "broken": Text(
        en="{n} files in the library could not be loaded",
        de="{n} Dateien der Bibliothek konnten nicht geladen werden",
    ),
    "broken_fix": Text(
        en="Fix these problems in the YAML file; the page picks up the change.",
        de="Beheben Sie diese Probleme in der YAML-Datei; die Seite übernimmt die Änderung.",
    ),
    "problems_one": Text(en="1 problem", de="1 Problem"),
    "problems": Text(en="{n} problems", de="{n} Probleme"),
    "warnings_one": Text(
        en="1 warning for the author", de="1 Hinweis für die Autorin oder den Autor"
    ),
    "warnings": Text(
        en="{n} warnings for the author", de="{n} Hinweise für die Autorin oder den Autor"
    ),
    "questionnaire": Text(en="Questionnaire", de="Fragebogen"),
    "language": Text(en="Language", de="Sprache"),
    "language_only": Text(en="Language: {language}", de="Sprache: {language}"),
    "overview": Text(
        en="Version {version} · {languages} · content hash {hash} · {file}",
        de="Version {version} · {languages} · Inhalts-Prüfsumme {hash} · {file}",
    ),
    "tab_levels": Text(en="Maturity levels", de="Reifegrade"),
    "tab_dimensions": Text(en="Dimensions", de="Dimensionen"),
    "tab_preview": Text(en="Preview as a role", de="Vorschau als Rolle"),
    "tab_actions": Text(en="Actions", de="Maßnahmen"),
    "levels_intro": Text(
        en="A score on the 1 to {max} scale reaches a level from its threshold up.",
        de="Ein Wert auf der Skala 1 bis {max} erreicht eine Stufe ab ihrer Schwelle.",
    ),
    "col_level": Text(en="Level", de="Stufe"),
    "col_name": Text(en="Name", de="Name"),
    "col_from": Text(en="From score", de="Ab Wert"),
    "col_description": Text(en="Description", de="Beschreibung"),
    "weight": Text(en="Weight {weight}", de="Gewicht {weight}"),
    "area": Text(en="area {area}", de="Bereich {area}"),
    "prompts": Text(en="**Workshop prompts**", de="**Impulse für den Workshop**"),
    "count_level_one": Text(en="1 level", de="1 Stufe"),
    "count_level": Text(en="{n} levels", de="{n} Stufen"),
    "count_dimension_one": Text(en="1 dimension", de="1 Dimension"),
    "count_dimension": Text(en="{n} dimensions", de="{n} Dimensionen"),
    "count_role_one": Text(en="1 role", de="1 Rolle"),
    "count_role": Text(en="{n} roles", de="{n} Rollen"),
    "count_item_one": Text(en="1 item ({core} core)", de="1 Frage ({core} Kernfrage/n)"),
    "count_item": Text(en="{n} items ({core} core)", de="{n} Fragen ({core} Kernfragen)"),
    "count_action_one": Text(en="1 action", de="1 Maßnahme"),
    "count_action": Text(en="{n} actions", de="{n} Maßnahmen"),
    "core_item": Text(en="core item", de="Kernfrage"),
    "only_roles": Text(en="only {roles}", de="nur {roles}"),
    "reverse": Text(en="reverse-coded", de="umgekehrt gepolt"),
    "item_weight": Text(en="weight {weight}", de="Gewicht {weight}"),
    "pulse": Text(en="pulse", de="Puls"),
    "optional": Text(en="optional", de="freiwillig"),
    "type_likert": Text(en="Agreement scale", de="Zustimmungsskala"),
    "type_frequency": Text(en="Frequency scale", de="Häufigkeitsskala"),
    "type_anchored": Text(en="Anchored maturity choice", de="Verankerte Reifegrad-Auswahl"),
    "type_choice": Text(en="Single choice", de="Einfachauswahl"),
    "type_multi": Text(en="Multiple choice", de="Mehrfachauswahl"),
    "type_number": Text(en="Number", de="Zahl"),
    "type_text": Text(en="Free text", de="Freitext"),
    "range": Text(en="Range {low}–{high} {unit}", de="Bereich {low}–{high} {unit}"),
    "choices": Text(en="Choices: {choices}", de="Auswahl: {choices}"),
    "preview_as": Text(en="Preview as", de="Vorschau als"),
    "metric_items": Text(en="Items", de="Fragen"),
    "metric_minutes": Text(en="Minutes", de="Minuten"),
    "metric_core": Text(en="Core", de="Kern"),
    "core_note_one": Text(
        en="Core items are asked of every role, so roles can be compared; 1 item here is not asked of every role.",  # noqa: E501
        de="Kernfragen werden jeder Rolle gestellt, damit Rollen vergleichbar sind; 1 Frage hier wird nicht jeder Rolle gestellt.",  # noqa: E501
    ),
    "core_note": Text(
        en="Core items are asked of every role, so roles can be compared; {n} items here are not asked of every role.",  # noqa: E501
        de="Kernfragen werden jeder Rolle gestellt, damit Rollen vergleichbar sind; {n} Fragen hier werden nicht jeder Rolle gestellt.",  # noqa: E501
    ),
    "no_item": Text(
        en="This role sees no item in this dimension.",
        de="Diese Rolle sieht in dieser Dimension keine Frage.",
    ),
    "no_actions": Text(
        en="This questionnaire has no action library yet.",
        de="Dieser Fragebogen hat noch keine Maßnahmenbibliothek.",
    ),
    "col_action": Text(en="Action", de="Maßnahme"),
    "col_owner": Text(en="Owner", de="Verantwortlich"),
    "col_effort": Text(en="Effort", de="Aufwand"),
    "col_impact": Text(en="Impact", de="Wirkung"),
    "col_when": Text(en="When", de="Wann"),
    "effort_S": Text(en="Small", de="Gering"),
    "effort_M": Text(en="Medium", de="Mittel"),
    "effort_L": Text(en="Large", de="Hoch"),
    "impact_low": Text(en="Low", de="Gering"),
    "impact_medium": Text(en="Medium", de="Mittel"),
    "impact_high": Text(en="High", de="Hoch"),
    "finding_perception_gap": Text(en="Perception gap", de="Wahrnehmungslücke"),
    "finding_low_consensus": Text(en="Low consensus", de="Geringe Übereinstimmung"),
    "finding_dont_know": Text(en="Many “don't know” answers", de="Viele „weiß nicht“-Antworten"),
    "finding_low_response": Text(en="Low response", de="Geringer Rücklauf"),
    "when_finding": Text(en="{finding} in {dimension}", de="{finding} bei {dimension}"),
    "when_level": Text(
        en="{dimension}: level {low} → {high}", de="{dimension}: Stufe {low} → {high}"
    ),
    "select_row": Text(
        en="Select a row to read what the action involves and why it helps.",
        de="Wählen Sie eine Zeile, um zu lesen, was die Maßnahme umfasst und warum sie hilft.",
    ),
    "action_meta": Text(
        en="{when} · owner {owner} · effort {effort} · impact {impact}",
        de="{when} · verantwortlich: {owner} · Aufwand {effort} · Wirkung {impact}",
    ),
    "why": Text(en="**Why:** {rationale}", de="**Warum:** {rationale}"),
}


# Signing in and the first run (ui/signin.py, ui/setup.py).
SIGNIN: dict[str, Text] = {
    "title": Text(en="Sign in", de="Anmelden"),
    "username": Text(en="User name", de="Benutzername"),
    "password": Text(en="Password", de="Passwort"),
    "submit": Text(en="Sign in", de="Anmelden"),
    "sso": Text(en="Sign in with your organisation", de="Mit Ihrer Organisation anmelden"),
    "sso_no_account": Text(
        en=(
            "You are signed in with your organisation, but GapMap has no account for that "
            "e-mail address. Ask your consultant to add it."
        ),
        de=(
            "Sie sind bei Ihrer Organisation angemeldet, aber GapMap hat für diese "
            "E-Mail-Adresse kein Konto. Bitten Sie Ihre Beratung, es anzulegen."
        ),
    ),
    "sso_logout": Text(
        en="Sign out of your organisation account",
        de="Vom Konto Ihrer Organisation abmelden",
    ),
    "invite_hint": Text(
        en=(
            "Got an invite link? Open it, or enter your code on the survey page. Answering "
            "a survey needs no account."
        ),
        de=(
            "Sie haben einen Einladungslink? Öffnen Sie ihn, oder geben Sie Ihren Code auf "
            "der Umfrageseite ein. Zum Beantworten einer Umfrage brauchen Sie kein Konto."
        ),
    ),
    # the first run (ui/setup.py)
    "setup_title": Text(en="Set up GapMap", de="GapMap einrichten"),
    "setup_done": Text(
        en="GapMap is set up already. Please sign in.",
        de="GapMap ist bereits eingerichtet. Bitte melden Sie sich an.",
    ),
    "setup_welcome": Text(
        en=(
            "Welcome. Create the **consultant account** that sets up organisations, "
            "assessments and invite links. Leadership accounts (read-only) are added later, "
            "per organisation."
        ),
        de=(
            "Willkommen. Legen Sie das **Beratungskonto** an, mit dem Sie Organisationen, "
            "Erhebungen und Einladungslinks einrichten. Konten der Leitung (nur lesend) "
            "kommen später dazu, je Organisation."
        ),
    ),
    "setup_username_help": Text(
        en="2 to 64 characters: lower-case letters, digits, and . _ @ -",
        de="2 bis 64 Zeichen: Kleinbuchstaben, Ziffern und . _ @ -",
    ),
    "setup_name": Text(en="Your name", de="Ihr Name"),
    "setup_name_help": Text(
        en="Shown in the menu and the audit log.",
        de="Erscheint im Menü und im Protokoll.",
    ),
    "setup_password_help": Text(
        en="At least {n} characters; a short sentence works well.",
        de="Mindestens {n} Zeichen; ein kurzer Satz eignet sich gut.",
    ),
    "setup_repeat": Text(en="Repeat the password", de="Passwort wiederholen"),
    "setup_demo": Text(
        en="Load a demo organisation with synthetic answers",
        de="Eine Demo-Organisation mit erfundenen Antworten laden",
    ),
    "setup_demo_help": Text(
        en=(
            "Nordwind Logistics (demo): {n} made-up respondents, so you can explore results "
            "right away. Nobody real is in it."
        ),
        de=(
            "Nordwind Logistics (Demo): {n} erfundene Befragte, damit Sie die Ergebnisse "
            "gleich erkunden können. Keine echte Person ist darin."
        ),
    ),
    "setup_submit": Text(en="Create account", de="Konto anlegen"),
    "setup_mismatch": Text(
        en="The two passwords differ. Type the same password twice.",
        de="Die beiden Passwörter unterscheiden sich. Geben Sie zweimal dasselbe Passwort ein.",
    ),
    "setup_loading_demo": Text(
        en="Creating the demo organisation...",
        de="Die Demo-Organisation wird angelegt …",
    ),
    "setup_demo_failed": Text(
        en="Your account is ready, but the demo could not be loaded: {problem}",
        de="Ihr Konto ist bereit, aber die Demo konnte nicht geladen werden: {problem}",
    ),
    "setup_ready": Text(
        en=(
            "Your account is ready. The demo organisation is loaded: pick its assessment "
            "below, or open Results."
        ),
        de=(
            "Ihr Konto ist bereit. Die Demo-Organisation ist geladen: Wählen Sie unten ihre "
            "Erhebung, oder öffnen Sie die Ergebnisse."
        ),
    ),
}


# The audit log (ui/audit.py).
AUDIT: dict[str, Text] = {
    "title": Text(en="Audit log", de="Protokoll"),
    "not_allowed": Text(
        en="This page is not allowed for your account: the audit log is for consultants.",
        de="Diese Seite ist für Ihr Konto nicht freigegeben: Das Protokoll ist der Beratung vorbehalten.",  # noqa: E501
    ),
    "action": Text(en="Action", de="Aktion"),
    "action_help": Text(en="Show one kind of entry.", de="Nur eine Art von Eintrag zeigen."),
    "all_actions": Text(en="All actions", de="Alle Aktionen"),
    "shown": Text(
        en=(
            "{shown} of the latest {total} entries. Times are UTC. Sign-ins of the "
            "leadership accounts of your organisations are included."
        ),
        de=(
            "{shown} der letzten {total} Einträge. Zeiten in UTC. Anmeldungen der Konten "
            "der Leitung Ihrer Organisationen sind enthalten."
        ),
    ),
    "col_time": Text(en="Time", de="Zeit"),
    "col_user": Text(en="User", de="Benutzer"),
    "col_action": Text(en="Action", de="Aktion"),
    "col_organisation": Text(en="Organisation", de="Organisation"),
    "col_assessment": Text(en="Assessment", de="Erhebung"),
    "col_detail": Text(en="Detail", de="Detail"),
    # The system's own entries (organisation/audit.py `SYSTEM_NAMES`), named for the reader.
    "who_command_line": Text(en="(command line)", de="(Kommandozeile)"),
    "who_retention": Text(en="(retention)", de="(Aufbewahrungsfrist)"),
}


# What an audit entry says (organisation/audit.py), in the reader's language: made from the
# event's stored parameters when it is read. A "_one" text is the form for exactly one
# (`plural`); a count's noun is its own text so a sentence with several counts agrees.
AUDIT_EVENT: dict[str, Text] = {
    "none": Text(en="(none)", de="(keine Angabe)"),
    "first_consultant": Text(
        en="first consultant (setup)", de="erstes Beratungskonto (Einrichtung)"
    ),
    "account_created": Text(en="{role} account {username}", de="Konto {username} ({role})"),
    "role_consultant": Text(en="consultant", de="Beratung"),
    "role_leadership": Text(en="leadership", de="Leitung"),
    "reset_issued": Text(
        en="{username}: a one-time link, valid {hours} hours",
        de="{username}: ein einmaliger Link, {hours} Stunden gültig",
    ),
    "reset_issued_one": Text(
        en="{username}: a one-time link, valid 1 hour",
        de="{username}: ein einmaliger Link, 1 Stunde gültig",
    ),
    "reset_used": Text(
        en="new password set; {sessions} ended, lockout cleared",
        de="neues Passwort gesetzt; {sessions} beendet, Sperre aufgehoben",
    ),
    "sessions": Text(en="{n} sessions", de="{n} Sitzungen"),
    "sessions_one": Text(en="1 session", de="1 Sitzung"),
    "reset_expired": Text(en="the link has expired", de="der Link ist abgelaufen"),
    "reset_used_already": Text(en="the link was used already", de="der Link wurde bereits benutzt"),
    "reset_unknown": Text(en="no such link", de="diesen Link gibt es nicht"),
    "password_changed": Text(
        en="by the account itself; {sessions} ended", de="vom Konto selbst; {sessions} beendet"
    ),
    "other_sessions": Text(en="{n} other sessions", de="{n} andere Sitzungen"),
    "other_sessions_one": Text(en="1 other session", de="1 andere Sitzung"),
    "password_change_refused": Text(
        en="the current password was wrong", de="das aktuelle Passwort war falsch"
    ),
    "single_sign_on": Text(en="single sign-on", de="Anmeldung über die Organisation"),
    "wave_created": Text(
        en="{assessment} (wave {wave} of {repeats})", de="{assessment} (Welle {wave} von {repeats})"
    ),
    "assessment_closed": Text(
        en="{assessment}: {n} responses midway kept, not counted",
        de="{assessment}: {n} begonnene Teilnahmen behalten, nicht gezählt",
    ),
    "assessment_closed_one": Text(
        en="{assessment}: 1 response midway kept, not counted",
        de="{assessment}: 1 begonnene Teilnahme behalten, nicht gezählt",
    ),
    "assessment_reopened": Text(
        en="{assessment}: {n} responses midway can be finished",
        de="{assessment}: {n} begonnene Teilnahmen können abgeschlossen werden",
    ),
    "assessment_reopened_one": Text(
        en="{assessment}: 1 response midway can be finished",
        de="{assessment}: 1 begonnene Teilnahme kann abgeschlossen werden",
    ),
    "purpose_changed": Text(
        en="{assessment}: purpose {old} -> {new}", de="{assessment}: Zweck {old} -> {new}"
    ),
    "targets_changed": Text(
        en="{assessment}: targets {changes}", de="{assessment}: Zielstufen {changes}"
    ),
    "close_date_changed": Text(
        en="{assessment}: closes {old} -> {new}", de="{assessment}: Ende {old} -> {new}"
    ),
    "languages_changed": Text(
        en="{assessment}: languages {old} -> {new}", de="{assessment}: Sprachen {old} -> {new}"
    ),
    "questionnaire_changed": Text(
        en="{assessment}: questionnaire {old} -> {new}",
        de="{assessment}: Fragebogen {old} -> {new}",
    ),
    "quoted": Text(en="“{text}”", de="„{text}“"),
    "team_added": Text(
        en="{assessment}: team {team} (head-count {head_count})",
        de="{assessment}: Team {team} (Personenzahl {head_count})",
    ),
    "team_added_no_count": Text(
        en="{assessment}: team {team} (no head-count)",
        de="{assessment}: Team {team} (ohne Personenzahl)",
    ),
    "team_renamed": Text(
        en="{assessment}: team {old} -> {new}", de="{assessment}: Team {old} -> {new}"
    ),
    "head_count_changed": Text(
        en="{assessment}: team {team} head-count {old} -> {new}",
        de="{assessment}: Team {team} Personenzahl {old} -> {new}",
    ),
    "team_removed": Text(
        en="{assessment}: team {team} (no responses)",
        de="{assessment}: Team {team} (ohne Teilnahmen)",
    ),
    "teams_merged": Text(
        en="{assessment}: team {merged} merged into {into}, {responses} moved, head-count now "
        "{head_count}",
        de="{assessment}: Team {merged} mit {into} zusammengeführt, {responses} übernommen, "
        "Personenzahl jetzt {head_count}",
    ),
    "responses": Text(en="{n} responses", de="{n} Teilnahmen"),
    "responses_one": Text(en="1 response", de="1 Teilnahme"),
    "retention_set": Text(
        en="{assessment}: unsubmitted responses kept {days}",
        de="{assessment}: angefangene Teilnahmen bleiben {days}",
    ),
    "days": Text(en="{n} days", de="{n} Tage"),
    "days_one": Text(en="1 day", de="1 Tag"),
    "codes": Text(en="{n} codes", de="{n} Codes"),
    "codes_one": Text(en="1 code", de="1 Code"),
    "responses_imported": Text(
        en="{responses} imported from {file}", de="{responses} importiert aus {file}"
    ),
    "evidence_imported": Text(
        en="{rows} for {teams} imported from {file}", de="{rows} für {teams} importiert aus {file}"
    ),
    "rows": Text(en="{n} rows", de="{n} Zeilen"),
    "rows_one": Text(en="1 row", de="1 Zeile"),
    "teams": Text(en="{n} teams", de="{n} Teams"),
    "teams_one": Text(en="1 team", de="1 Team"),
    "deleted_all": Text(
        en="all responses: {respondents}, {answers}, {comments}",
        de="alle Teilnahmen: {respondents}, {answers}, {comments}",
    ),
    "deleted_before": Text(
        en="responses before {date}: {respondents}, {answers}, {comments}",
        de="Teilnahmen vor dem {date}: {respondents}, {answers}, {comments}",
    ),
    "deleted_unsubmitted": Text(
        en=(
            "unsubmitted responses started more than {days} ago: {respondents}, {answers}, "
            "{comments}"
        ),
        de=(
            "angefangene Teilnahmen, begonnen vor mehr als {days}: {respondents}, {answers}, "
            "{comments}"
        ),
    ),
    "respondents": Text(en="{n} respondents", de="{n} Teilnahmen"),
    "respondents_one": Text(en="1 respondent", de="1 Teilnahme"),
    "answers": Text(en="{n} answers", de="{n} Antworten"),
    "answers_one": Text(en="1 answer", de="1 Antwort"),
    "comments": Text(en="{n} comments", de="{n} Kommentare"),
    "comments_one": Text(en="1 comment", de="1 Kommentar"),
    "erased_by_respondent": Text(
        en="by the respondent: {answers}, {comments}",
        de="von der Person selbst: {answers}, {comments}",
    ),
    "erased_on_request": Text(
        en="at the respondent's request, with their link: {answers}, {comments}",
        de="auf Wunsch der Person, mit ihrem Link: {answers}, {comments}",
    ),
    "action_agreed": Text(en="{title} (owner: {owner})", de="{title} (verantwortlich: {owner})"),
    "status_open": Text(en="open", de="offen"),
    "status_in_progress": Text(en="in progress", de="in Arbeit"),
    "status_done": Text(en="done", de="erledigt"),
    "status_dropped": Text(en="dropped", de="verworfen"),
    "workshop_started": Text(en="{title} ({pacing})", de="{title} ({pacing})"),
    "pacing_facilitator": Text(en="facilitator-paced", de="moderiert"),
    "pacing_self": Text(en="self-paced", de="im eigenen Tempo"),
    # What each kind of entry is called (its stored action), for the page's column and filter.
    "action_account-created": Text(en="Account created", de="Konto angelegt"),
    "action_account-disabled": Text(en="Account disabled", de="Konto gesperrt"),
    "action_account-enabled": Text(en="Account enabled", de="Konto entsperrt"),
    "action_action-agreed": Text(en="Action agreed", de="Maßnahme vereinbart"),
    "action_action-status-changed": Text(
        en="Action status changed", de="Status einer Maßnahme geändert"
    ),
    "action_answers-exported": Text(en="Answers exported", de="Antworten exportiert"),
    "action_assessment-closed": Text(en="Assessment closed", de="Erhebung geschlossen"),
    "action_assessment-created": Text(en="Assessment created", de="Erhebung angelegt"),
    "action_assessment-reopened": Text(en="Assessment reopened", de="Erhebung wieder geöffnet"),
    "action_close-date-changed": Text(en="Close date changed", de="Enddatum geändert"),
    "action_evidence-imported": Text(en="CRM evidence imported", de="CRM-Daten importiert"),
    "action_head-count-changed": Text(en="Head-count changed", de="Personenzahl geändert"),
    "action_invite-codes-issued": Text(en="Invite codes issued", de="Einladungscodes ausgegeben"),
    "action_languages-changed": Text(en="Languages changed", de="Sprachen geändert"),
    "action_organisation-created": Text(en="Organisation created", de="Organisation angelegt"),
    "action_organisation-granted": Text(en="Organisation granted", de="Organisation zugewiesen"),
    "action_password-change-refused": Text(
        en="Password change refused", de="Passwortänderung abgelehnt"
    ),
    "action_password-changed": Text(en="Password changed", de="Passwort geändert"),
    "action_password-reset-issued": Text(
        en="Password-reset link issued", de="Link zum Zurücksetzen ausgegeben"
    ),
    "action_password-reset-refused": Text(
        en="Password-reset link refused", de="Link zum Zurücksetzen abgelehnt"
    ),
    "action_password-reset-used": Text(en="Password reset", de="Passwort zurückgesetzt"),
    "action_per-person-codes-off": Text(en="Per-person codes off", de="Persönliche Codes aus"),
    "action_per-person-codes-on": Text(en="Per-person codes on", de="Persönliche Codes an"),
    "action_purpose-changed": Text(en="Purpose changed", de="Zweck geändert"),
    "action_questionnaire-changed": Text(en="Questionnaire changed", de="Fragebogen geändert"),
    "action_respondent-erased": Text(
        en="One person's answers erased", de="Antworten einer Person gelöscht"
    ),
    "action_responses-deleted": Text(en="Responses deleted", de="Teilnahmen gelöscht"),
    "action_responses-imported": Text(en="Responses imported", de="Teilnahmen importiert"),
    "action_sign-in": Text(en="Signed in", de="Angemeldet"),
    "action_sign-in-failed": Text(en="Sign-in failed", de="Anmeldung fehlgeschlagen"),
    "action_sign-in-throttled": Text(en="Sign-in throttled", de="Anmeldung gebremst"),
    "action_sign-out": Text(en="Signed out", de="Abgemeldet"),
    "action_targets-changed": Text(en="Targets changed", de="Zielstufen geändert"),
    "action_team-added": Text(en="Team added", de="Team hinzugefügt"),
    "action_team-removed": Text(en="Team removed", de="Team entfernt"),
    "action_team-renamed": Text(en="Team renamed", de="Team umbenannt"),
    "action_teams-merged": Text(en="Teams merged", de="Teams zusammengeführt"),
    "action_unsubmitted-retention-set": Text(
        en="Unsubmitted responses' retention set",
        de="Aufbewahrung angefangener Teilnahmen festgelegt",
    ),
    "action_wave-created": Text(en="Wave created", de="Welle angelegt"),
    "action_workshop-ended": Text(en="Workshop ended", de="Workshop beendet"),
    "action_workshop-evidence-hidden": Text(
        en="Workshop: CRM evidence hidden", de="Workshop: CRM-Daten verborgen"
    ),
    "action_workshop-evidence-revealed": Text(
        en="Workshop: CRM evidence shown", de="Workshop: CRM-Daten gezeigt"
    ),
    "action_workshop-hidden": Text(en="Workshop: result hidden", de="Workshop: Ergebnis verborgen"),
    "action_workshop-question-asked": Text(
        en="Workshop: question asked", de="Workshop: Frage gestellt"
    ),
    "action_workshop-question-cleared": Text(
        en="Workshop: question cleared", de="Workshop: Frage entfernt"
    ),
    "action_workshop-revealed": Text(en="Workshop: result shown", de="Workshop: Ergebnis gezeigt"),
    "action_workshop-started": Text(en="Workshop started", de="Workshop gestartet"),
}


# --- de-guard: the workshop presenter's page, the poster, the Excel workbook -----------------

# The workshop presenter's page around the room's screen (ui/facilitate.py), in the
# page's language; what the room sees is in section `projector`, in the room's language.
FACILITATE: dict[str, Text] = {
    "not_allowed": Text(
        en="This page is not allowed for your account: workshops are run by consultants.",
        de="Diese Seite ist für Ihr Konto nicht freigegeben: Workshops leiten Beraterinnen "
        "und Berater.",
    ),
    "back_to_list": Text(en="Back to the workshop list", de="Zurück zur Workshop-Liste"),
    "title": Text(en="Live workshop", de="Live-Workshop"),
    "intro": Text(
        en=(
            "Participants join on their phones with a code or a QR code, answer a few pulse "
            "questions per dimension, and the results appear here when you reveal them."
        ),
        de=(
            "Die Teilnehmenden treten mit dem Handy per Code oder QR-Code bei, beantworten "
            "je Dimension einige kurze Fragen, und die Ergebnisse erscheinen hier, sobald "
            "Sie sie aufdecken."
        ),
    ),
    "no_assessment": Text(
        en="There is no assessment to hold a workshop on yet. Create one in {menu}.",
        de="Es gibt noch keine Erhebung für einen Workshop. Legen Sie eine unter „{menu}“ an.",
    ),
    "assessment": Text(en="Assessment", de="Erhebung"),
    "assessment_option": Text(
        en="{organisation} · {name} · wave {wave}",
        de="{organisation} · {name} · Welle {wave}",
    ),
    "earlier": Text(en="Workshops of this assessment", de="Workshops dieser Erhebung"),
    "earlier_line": Text(
        en="**{title}** · code `{code}` · {pacing} · {status}",
        de="**{title}** · Code `{code}` · {pacing} · {status}",
    ),
    "paced_facilitator": Text(en="facilitator-paced", de="moderiert"),
    "paced_self": Text(en="self-paced", de="im eigenen Tempo"),
    "running": Text(en="running", de="läuft"),
    "ended_at": Text(en="ended {when}", de="beendet {when}"),
    "open_screen": Text(en="Open the screen", de="Bildschirm öffnen"),
    "open_summary": Text(en="Open the summary", de="Zusammenfassung öffnen"),
    "start_heading": Text(en="Start a workshop", de="Einen Workshop starten"),
    "title_label": Text(en="Title", de="Titel"),
    "title_placeholder": Text(en="for example Kick-off Sales", de="zum Beispiel Kick-off Vertrieb"),
    "pacing": Text(en="Pacing", de="Tempo"),
    "pacing_facilitator": Text(
        en="Facilitator-paced: phones follow this screen",
        de="Moderiert: die Handys folgen diesem Bildschirm",
    ),
    "pacing_self": Text(
        en="Self-paced: everyone goes through the questions on their own",
        de="Im eigenen Tempo: alle gehen die Fragen selbst durch",
    ),
    "ask_team": Text(
        en="Ask participants for their team", de="Teilnehmende nach ihrem Team fragen"
    ),
    "ask_team_help": Text(
        en=(
            "Only when the room is large enough: teams below the anonymity threshold are "
            "never shown."
        ),
        de="Nur wenn der Raum groß genug ist: Teams unter der Anonymitätsschwelle werden nie "
        "gezeigt.",
    ),
    "start": Text(en="Start the workshop", de="Workshop starten"),
    "ended_flash": Text(
        en="The workshop {title} has ended.", de="Der Workshop {title} ist beendet."
    ),
    "col_action": Text(en="Action", de="Maßnahme"),
    "col_owner": Text(en="Owner", de="Verantwortlich"),
    "col_due": Text(en="Due", de="Fällig"),
    "col_dimension": Text(en="Dimension", de="Dimension"),
    "start_from": Text(en="Start from", de="Ausgangspunkt"),
    "new_action": Text(en="A new action of our own", de="Eine eigene neue Maßnahme"),
    "recommended": Text(en="Recommended: {title}", de="Empfohlen: {title}"),
    "due_date": Text(en="Due date", de="Fällig am"),
    "record": Text(en="Record the action", de="Maßnahme festhalten"),
    "recorded": Text(
        en="Action recorded. It is part of the gap report from now on.",
        de="Maßnahme festgehalten. Sie steht ab jetzt im Bericht.",
    ),
    "ended_caption": Text(
        en="{assessment} · ended {when} · {joined} joined",
        de="{assessment} · beendet {when} · {joined} teilgenommen",
    ),
    "when": Text(en="{date}, {time} UTC", de="{date}, {time} Uhr UTC"),
    "col_revealed": Text(en="Revealed", de="Aufgedeckt"),
    "col_answered": Text(en="Answered", de="Beantwortet"),
    "col_score": Text(en="Score", de="Wert"),
    "col_level": Text(en="Level", de="Stufe"),
    "col_target": Text(en="Target", de="Ziel"),
    "score_paused": Text(en="paused (answers deleted)", de="pausiert (Antworten gelöscht)"),
    "score_hidden": Text(en="fewer than {k} or hidden", de="weniger als {k} oder verborgen"),
    "list": Text(en="Workshop list", de="Workshop-Liste"),
    "download_summary": Text(
        en="Download the summary (PDF)", de="Zusammenfassung herunterladen (PDF)"
    ),
}


# The consultant's console (ui/console.py; the reasons for per-person codes from
# collect/codes.py): organisations, assessments, invite links,
# tracking, settings, imports and erasure.
CONSOLE: dict[str, Text] = {
    "not_allowed": Text(
        en="This page is not allowed for your account: the console is for consultants.",
        de="Diese Seite ist für Ihr Konto nicht freigegeben: Die Konsole ist für die Beratung.",
    ),
    # a date field's format (Streamlit's date_input: YYYY, MM, DD and one separator)
    "date_format": Text(en="YYYY/MM/DD", de="DD.MM.YYYY"),
    # statuses and choices
    "status_open": Text(en="Open", de="Offen"),
    "status_closed": Text(en="Closed", de="Geschlossen"),
    "status_not-yet-open": Text(en="Not open yet", de="Noch nicht geöffnet"),
    "source_library": Text(en="From the library", de="Aus der Bibliothek"),
    "source_upload": Text(en="Upload a YAML file", de="YAML-Datei hochladen"),
    "access_link": Text(en="Open link", de="Offener Link"),
    "access_codes": Text(en="Per-person codes", de="Persönliche Codes"),
    "open_link_note": Text(
        en=(
            "Anyone with the link can answer. Each team takes at most its head-count of "
            "submitted answers; teams without a head-count are not capped."
        ),
        de=(
            "Alle mit dem Link können antworten. Jedes Team nimmt höchstens so viele "
            "abgeschickte Antworten an, wie es Personen hat; Teams ohne Personenzahl sind "
            "nicht begrenzt."
        ),
    ),
    "codes_note": Text(
        en=(
            "Each code starts one response, and the open link asks for a code. GapMap keeps "
            "only a fingerprint of each code and whether it was used, never who had it or "
            "which response it started."
        ),
        de=(
            "Jeder Code startet eine Teilnahme, und der offene Link fragt nach einem Code. "
            "GapMap speichert von jedem Code nur einen Fingerabdruck und ob er verwendet "
            "wurde, nie, wer ihn hatte oder welche Teilnahme er gestartet hat."
        ),
    ),
    # organisations
    "organisation": Text(en="Organisation", de="Organisation"),
    "new_organisation": Text(en="New organisation", de="Neue Organisation"),
    "organisation_name": Text(en="Organisation name", de="Name der Organisation"),
    "create_organisation": Text(en="Create organisation", de="Organisation anlegen"),
    "organisation_created": Text(
        en="Organisation {name} created.", de="Organisation {name} angelegt."
    ),
    "no_organisation": Text(
        en=(
            "You manage no organisation yet. Create the first one: its assessments, invite "
            "links and leadership accounts all belong to it."
        ),
        de=(
            "Sie betreuen noch keine Organisation. Legen Sie die erste an: Erhebungen, "
            "Einladungslinks und Konten der Leitung gehören jeweils zu einer Organisation."
        ),
    ),
    # the assessments of an organisation
    "col_name": Text(en="Name", de="Name"),
    "col_status": Text(en="Status", de="Status"),
    "col_responses": Text(en="Responses", de="Antworten"),
    "col_invite_code": Text(en="Invite code", de="Einladungscode"),
    "col_wave": Text(en="Wave", de="Welle"),
    "col_opens": Text(en="Opens", de="Beginnt"),
    "col_closes": Text(en="Closes", de="Endet"),
    "assessment": Text(en="Assessment", de="Erhebung"),
    "assessment_option": Text(
        en="{name} · wave {wave} · {code}", de="{name} · Welle {wave} · {code}"
    ),
    "new_assessment": Text(en="New assessment", de="Neue Erhebung"),
    "no_assessment": Text(
        en="This organisation has no assessment yet. Switch on “New assessment” above.",
        de="Diese Organisation hat noch keine Erhebung. Schalten Sie oben „Neue Erhebung“ ein.",
    ),
    # creating an assessment: the questionnaire
    "questionnaire": Text(en="Questionnaire", de="Fragebogen"),
    "upload_label": Text(en="Questionnaire file (YAML)", de="Fragebogen-Datei (YAML)"),
    "upload_checked": Text(
        en="The file is checked before anything is saved.",
        de="Die Datei wird geprüft, bevor etwas gespeichert wird.",
    ),
    "upload_not_utf8": Text(
        en="The file is not UTF-8 text. Save it as UTF-8 and upload it again.",
        de="Die Datei ist kein UTF-8-Text. Speichern Sie sie als UTF-8 und laden Sie sie "
        "erneut hoch.",
    ),
    "upload_problem": Text(
        en="{file} has 1 problem; nothing was saved. Fix them and upload the file again.",
        de="{file} hat 1 Problem; nichts wurde gespeichert. Beheben Sie es und laden Sie "
        "die Datei erneut hoch.",
    ),
    "upload_problems": Text(
        en="{file} has {count} problems; nothing was saved. Fix them and upload the file again.",
        de="{file} hat {count} Probleme; nichts wurde gespeichert. Beheben Sie sie und laden "
        "Sie die Datei erneut hoch.",
    ),
    "upload_valid": Text(
        en="{file}: {title} · v{version} · valid", de="{file}: {title} · v{version} · gültig"
    ),
    "no_valid_questionnaire": Text(
        en="No valid questionnaire in the library: upload a YAML file instead.",
        de="Kein gültiger Fragebogen in der Bibliothek: Laden Sie stattdessen eine YAML-Datei "
        "hoch.",
    ),
    "minutes": Text(en="{low} min", de="{low} Min."),
    "minutes_range": Text(en="{low}–{high} min", de="{low}–{high} Min."),
    "items_time": Text(
        en="{items} items · about {minutes} on a phone",
        de="{items} Fragen · etwa {minutes} am Handy",
    ),
    "length": Text(en="Length", de="Umfang"),
    "length_full": Text(
        en="Full: {items} items, about {minutes} on a phone",
        de="Vollständig: {items} Fragen, etwa {minutes} am Handy",
    ),
    "length_core": Text(
        en="Core only: the {items} required items every role answers, about {minutes}",
        de="Nur der Kern: die {items} Pflichtfragen, die jede Rolle beantwortet, etwa {minutes}",
    ),
    "length_help": Text(
        en=(
            "Core only leaves out the questions asked of one role and the optional "
            "comments; every dimension is still scored and roles are still compared. The "
            "time is read from the words each role sees, in each language (gapmap inspect)."
        ),
        de=(
            "„Nur der Kern“ lässt die Fragen weg, die nur einer Rolle gestellt werden, und "
            "die freiwilligen Kommentare; jede Dimension wird trotzdem bewertet, und die "
            "Rollen werden weiterhin verglichen. Die Dauer ergibt sich aus den Texten, die "
            "jede Rolle in jeder Sprache sieht (gapmap inspect)."
        ),
    ),
    # creating an assessment: who takes part
    "who_heading": Text(
        en="Who takes part, and how they get in", de="Wer teilnimmt und wie der Zugang erfolgt"
    ),
    "teams_label": Text(
        en="Teams: one per line, `team name, head-count`",
        de="Teams: eines pro Zeile, `Teamname, Personenzahl`",
    ),
    "teams_placeholder": Text(
        en="Sales North, 12\nCustomer Service, 9", de="Vertrieb Nord, 12\nKundenservice, 9"
    ),
    "teams_help": Text(
        en=(
            "Paste from a spreadsheet (comma, semicolon or tab). The head-count (the "
            "number of people invited in the team) gives the response rate and caps an "
            "open link; leave it empty if unknown."
        ),
        de=(
            "Aus einer Tabelle einfügen (Komma, Semikolon oder Tabulator). Die Personenzahl "
            "(wie viele Personen im Team eingeladen sind) ergibt die Rücklaufquote und "
            "begrenzt einen offenen Link; leer lassen, wenn unbekannt."
        ),
    ),
    "threshold": Text(en="Anonymity threshold", de="Anonymitätsschwelle"),
    "threshold_help": Text(
        en=(
            "Results of any group (team, role, team x role) with fewer respondents are "
            "never shown, nor can they be worked out from other figures."
        ),
        de=(
            "Ergebnisse einer Gruppe (Team, Rolle, Team × Rolle) mit weniger Befragten "
            "werden nie gezeigt und lassen sich auch nicht aus anderen Zahlen errechnen."
        ),
    ),
    "threshold_note": Text(
        en=(
            "The anonymity threshold protects respondents: results of a group with fewer "
            "people show no figures at all. {default} is usual; it cannot be below {minimum}."
        ),
        de=(
            "Die Anonymitätsschwelle schützt die Befragten: Für eine Gruppe mit weniger "
            "Personen werden gar keine Zahlen gezeigt. Üblich ist {default}; weniger als "
            "{minimum} ist nicht möglich."
        ),
    ),
    "access_label": Text(en="How respondents get in", de="Zugang für die Befragten"),
    "code_count": Text(en="Number of codes", de="Anzahl der Codes"),
    "code_count_default": Text(
        en="{count} (the teams' head-counts)", de="{count} (die Personenzahlen der Teams)"
    ),
    "code_count_ask": Text(en="How many people?", de="Wie viele Personen?"),
    "code_count_help": Text(
        en=(
            "One code per person invited; empty: the sum of the teams' head-counts. You "
            "can add more codes later."
        ),
        de=(
            "Ein Code je eingeladene Person; leer: die Summe der Personenzahlen der Teams. "
            "Weitere Codes können Sie später hinzufügen."
        ),
    ),
    "advice_ok": Text(
        en=(
            "No team has fewer than {limit} people invited, and the head-counts leave every "
            "role room for that many: an open link is reasonable. GapMap is not told how "
            "many people hold each role, though: a role held by one or two people is safe "
            "only with per-person codes."
        ),
        de=(
            "Kein Team hat weniger als {limit} eingeladene Personen, und die Personenzahlen "
            "lassen jeder Rolle Raum für so viele: Ein offener Link ist vertretbar. GapMap "
            "erfährt allerdings nicht, wie viele Personen jede Rolle innehaben: Eine Rolle, "
            "die nur eine oder zwei Personen haben, ist nur mit persönlichen Codes sicher."
        ),
    ),
    "advice_title": Text(
        en="Per-person codes are recommended.", de="Persönliche Codes werden empfohlen."
    ),
    "advice_why": Text(
        en=(
            "With an open link, one person can answer several times and fill a group of "
            "fewer than {limit} people (twice the anonymity threshold) with answers they "
            "know, then read that group's figures."
        ),
        de=(
            "Mit einem offenen Link kann eine Person mehrmals antworten, eine Gruppe von "
            "weniger als {limit} Personen (doppelte Anonymitätsschwelle) mit Antworten "
            "füllen, die sie kennt, und dann die Zahlen dieser Gruppe lesen."
        ),
    ),
    "reason_small_team": Text(
        en="Team with fewer than {limit} people (twice the anonymity threshold of {k}): {names}.",
        de="Team mit weniger als {limit} Personen (doppelte Anonymitätsschwelle von {k}): {names}.",
    ),
    "reason_small_teams": Text(
        en="Teams with fewer than {limit} people (twice the anonymity threshold of {k}): {names}.",
        de="Teams mit weniger als {limit} Personen (doppelte Anonymitätsschwelle von {k}): "
        "{names}.",
    ),
    "reason_no_head_count": Text(
        en=(
            "No head-count for {names}: an open link cannot cap answers there, and GapMap "
            "cannot tell how small the group is."
        ),
        de=(
            "Keine Personenzahl für {names}: Ein offener Link kann die Antworten dort nicht "
            "begrenzen, und GapMap kann nicht erkennen, wie klein die Gruppe ist."
        ),
    ),
    "reason_no_teams": Text(
        en=(
            "No teams with head-counts: an open link takes any number of answers, and "
            "GapMap cannot tell how small a role is."
        ),
        de=(
            "Keine Teams mit Personenzahlen: Ein offener Link nimmt beliebig viele Antworten "
            "an, und GapMap kann nicht erkennen, wie klein eine Rolle ist."
        ),
    ),
    "reason_roles": Text(
        en=(
            "{total} people invited across {roles} roles: at least one role has fewer than "
            "{limit} people."
        ),
        de=(
            "{total} eingeladene Personen in {roles} Rollen: Mindestens eine Rolle hat "
            "weniger als {limit} Personen."
        ),
    ),
    # the pasted team list's problems (organisation/assessments.py parse_team_lines)
    "team_line_fields": Text(
        en=(
            "Line {line}: expected `team name, head-count`, found {count} fields (a team "
            "name cannot contain a comma)."
        ),
        de=(
            "Zeile {line}: erwartet `Teamname, Personenzahl`, gefunden {count} Felder (ein "
            "Teamname darf kein Komma enthalten)."
        ),
    ),
    "team_line_empty": Text(
        en="Line {line}: the team name is empty.", de="Zeile {line}: Der Teamname ist leer."
    ),
    "team_line_long": Text(
        en="Line {line}: the team name is longer than {limit} characters.",
        de="Zeile {line}: Der Teamname ist länger als {limit} Zeichen.",
    ),
    "team_line_head_count": Text(
        en="Line {line}: the head-count of {name!r} must be a whole number of 0 or more, not "
        "{value!r}.",
        de="Zeile {line}: Die Personenzahl von „{name}“ muss eine ganze Zahl ab 0 sein, nicht "
        "„{value}“.",
    ),
    "team_line_twice": Text(
        en="Line {line}: {name!r} is listed already on line {first}.",
        de="Zeile {line}: „{name}“ steht schon in Zeile {first}.",
    ),
    "team_line_same_id": Text(
        en=(
            "Line {line}: {name!r} gives the same link id ({id}) as the team on line "
            "{first}; rename one of them."
        ),
        de=(
            "Zeile {line}: „{name}“ ergibt dieselbe Link-Kennung ({id}) wie das Team in "
            "Zeile {first}; benennen Sie eines der beiden um."
        ),
    ),
    # creating an assessment: the form
    "name": Text(en="Name", de="Name"),
    "name_placeholder": Text(en="CRM adoption 2026", de="CRM-Einführung 2026"),
    "purpose": Text(en="Purpose (shown to respondents)", de="Zweck (wird den Befragten gezeigt)"),
    "purpose_placeholder": Text(
        en="Why we do this, and how the results will be used.",
        de="Warum wir das tun und wie die Ergebnisse verwendet werden.",
    ),
    "targets_heading": Text(en="Target level per dimension", de="Zielstufe je Dimension"),
    "opens": Text(en="Opens on (optional)", de="Beginnt am (optional)"),
    "closes": Text(en="Closes after (optional)", de="Läuft bis einschließlich (optional)"),
    "closes_help": Text(
        en="Answers are accepted until the end of this day (UTC).",
        de="Antworten werden bis zum Ende dieses Tages angenommen (UTC).",
    ),
    "comment_threshold": Text(en="Comment threshold", de="Schwelle für Kommentare"),
    "comment_threshold_help": Text(
        en=(
            "Free-text comments are shown only for groups at least this large (never below "
            "the anonymity threshold)."
        ),
        de=(
            "Freitext-Kommentare werden nur für Gruppen ab dieser Größe gezeigt (nie unter "
            "der Anonymitätsschwelle)."
        ),
    ),
    "languages": Text(en="Languages", de="Sprachen"),
    "create_assessment": Text(en="Create assessment", de="Erhebung anlegen"),
    "team_problems": Text(
        en="The team list has problems; nothing was saved.",
        de="Die Teamliste enthält Fehler; nichts wurde gespeichert.",
    ),
    "code_count_missing": Text(
        en=(
            "Say how many codes to issue: no team has a head-count to count them from; "
            "nothing was saved."
        ),
        de=(
            "Geben Sie an, wie viele Codes ausgegeben werden sollen: Kein Team hat eine "
            "Personenzahl, aus der sie sich ergäben; nichts wurde gespeichert."
        ),
    ),
    "assessment_created": Text(
        en="Assessment {name} created. Its invite code is {code}.",
        de="Erhebung {name} angelegt. Ihr Einladungscode ist {code}.",
    ),
    "created_no_codes": Text(
        en="No codes were issued ({reason}); add them on Invite links.",
        de="Es wurden keine Codes ausgegeben ({reason}); fügen Sie sie unter "
        "„Einladungslinks“ hinzu.",
    ),
    "created_codes": Text(
        en=(
            "{count} per-person codes are ready to download on the Invite links tab, once: "
            "GapMap keeps no copy of them."
        ),
        de=(
            "{count} persönliche Codes stehen im Reiter „Einladungslinks“ zum Herunterladen "
            "bereit, nur dieses eine Mal: GapMap behält keine Kopie."
        ),
    ),
    # one assessment
    "codes_recommended": Text(
        en=(
            "**Per-person codes are recommended** for this assessment: it runs on an open "
            "link, and a group is small enough for one person answering several times to "
            "fill it. See why, and switch, on the *Invite links* tab."
        ),
        de=(
            "**Für diese Erhebung werden persönliche Codes empfohlen**: Sie läuft über einen "
            "offenen Link, und eine Gruppe ist so klein, dass eine Person sie durch "
            "mehrfaches Antworten füllen könnte. Die Gründe und den Wechsel finden Sie im "
            "Reiter *Einladungslinks*."
        ),
    ),
    "tab_overview": Text(en="Overview", de="Überblick"),
    "tab_links": Text(en="Invite links", de="Einladungslinks"),
    "tab_workshop": Text(en="Live workshop", de="Live-Workshop"),
    "tab_settings": Text(en="Settings", de="Einstellungen"),
    "tab_data": Text(en="Data and erasure", de="Daten und Löschung"),
    # overview: tracking
    "started": Text(en="Started", de="Begonnen"),
    "started_help": Text(
        en="Everyone who began, submitted or not: the whole assessment, live.",
        de="Alle, die begonnen haben, ob abgeschickt oder nicht: die ganze Erhebung, live.",
    ),
    "submitted": Text(en="Submitted", de="Abgeschickt"),
    "submitted_help": Text(
        en="The whole assessment, live; leadership's Results page shows the same.",
        de="Die ganze Erhebung, live; die Ergebnisseite der Leitung zeigt dasselbe.",
    ),
    "rate": Text(en="Response rate", de="Rücklaufquote"),
    "rate_help": Text(
        en="Submitted answers against the sum of the teams' head-counts.",
        de="Abgeschickte Antworten im Verhältnis zur Summe der Personenzahlen der Teams.",
    ),
    "pending": Text(en="Waiting for the next release", de="Warten auf Veröffentlichung"),
    "pending_help": Text(
        en=(
            "Results change only in releases of at least {k} added or removed responses, "
            "so nobody can compare two looks and read one person's answers."
        ),
        de=(
            "Ergebnisse ändern sich nur in Veröffentlichungen von mindestens {k} "
            "hinzugekommenen oder entfernten Antworten, damit niemand durch den Vergleich "
            "zweier Stände die Antworten einer Person ablesen kann."
        ),
    ),
    "col_team": Text(en="Team", de="Team"),
    "col_head_count": Text(en="Head-count", de="Personen im Team"),
    "col_released": Text(en="Submitted (released)", de="Abgeschickt (veröffentlicht)"),
    "col_rate": Text(en="Response rate", de="Rücklaufquote"),
    "col_role": Text(en="Role", de="Rolle"),
    "release": Text(en="release {n}", de="Veröffentlichung {n}"),
    "no_release": Text(en="no release yet", de="noch keine Veröffentlichung"),
    "progress_note": Text(
        en=(
            "The totals are live and exact, for the whole assessment. Teams and roles show "
            "the current release ({shown}), as leadership sees them: a count below {k} reads "
            "“fewer than {k} responses”, and a count that the total and the others would "
            "give away is hidden to protect it."
        ),
        de=(
            "Die Summen sind live und genau, für die ganze Erhebung. Teams und Rollen zeigen "
            "den aktuellen Stand ({shown}), so wie die Leitung ihn sieht: Eine Zahl unter {k} "
            "heißt „weniger als {k} Antworten“, und eine Zahl, die sich aus der Summe und den "
            "übrigen ergäbe, wird zu ihrem Schutz verborgen."
        ),
    ),
    "opens_at": Text(en="opens {when} UTC", de="beginnt {when} UTC"),
    "opens_at_past": Text(en="opened {when} UTC", de="begann {when} UTC"),
    "closes_at": Text(en="closes {when} UTC", de="endet {when} UTC"),
    "closes_at_past": Text(en="closed {when} UTC", de="endete {when} UTC"),
    "live": Text(
        en="Live: the counts refresh every {seconds} seconds.",
        de="Live: Die Zahlen werden alle {seconds} Sekunden aktualisiert.",
    ),
    "refresh": Text(en="Refresh now", de="Jetzt aktualisieren"),
    "open_results": Text(en="Open results", de="Ergebnisse öffnen"),
    # overview: the reminder
    "reminder_heading": Text(en="Chase responses", de="An die Umfrage erinnern"),
    "reminder_intro": Text(
        en=(
            "A reminder to send to everyone invited: the answers so far, each team's "
            "progress as published (hidden teams say why, never a number), how long it "
            "takes, and the links. Copy it with the button at its top right, or download it."
        ),
        de=(
            "Eine Erinnerung an alle Eingeladenen: die bisherigen Antworten, der "
            "veröffentlichte Stand jedes Teams (verborgene Teams nennen den Grund, nie eine "
            "Zahl), die Dauer und die Links. Kopieren Sie sie mit der Schaltfläche oben "
            "rechts, oder laden Sie sie herunter."
        ),
    ),
    "reminder_download": Text(
        en="Download the reminder ({language}, .txt)",
        de="Erinnerung herunterladen ({language}, .txt)",
    ),
    "links_csv": Text(en="Links for a mail merge (CSV)", de="Links für einen Serienbrief (CSV)"),
    "links_csv_help": Text(
        en=(
            "One row per link and language: team, link, whether it asks for a personal "
            "code, and the team's progress as published. Per-person codes are in the CSV "
            "you download when you issue them (GapMap keeps no copy)."
        ),
        de=(
            "Eine Zeile je Link und Sprache: Team, Link, ob er nach einem persönlichen Code "
            "fragt, und der veröffentlichte Stand des Teams. Persönliche Codes stehen in "
            "der CSV-Datei, die Sie beim Ausgeben herunterladen (GapMap behält keine Kopie)."
        ),
    ),
    # invite links
    "poster_pdf": Text(en="Poster (PDF)", de="Aushang (PDF)"),
    "links_point": Text(
        en=(
            "Links point to {base}. Set the GAPMAP_BASE_URL environment variable if "
            "respondents reach GapMap at another address."
        ),
        de=(
            "Die Links führen zu {base}. Setzen Sie die Umgebungsvariable GAPMAP_BASE_URL, "
            "wenn die Befragten GapMap unter einer anderen Adresse erreichen."
        ),
    ),
    "links_ask_code": Text(
        en=(
            "These links open a page that asks for a personal code; a code's own link "
            "(in the downloads above) goes straight to the survey."
        ),
        de=(
            "Diese Links öffnen eine Seite, die nach einem persönlichen Code fragt; der "
            "eigene Link eines Codes (in den Downloads oben) führt direkt zur Umfrage."
        ),
    ),
    "links_not_open": Text(
        en=(
            "This assessment is not open: the links work, but respondents cannot answer yet "
            "(or any more)."
        ),
        de=(
            "Diese Erhebung ist nicht geöffnet: Die Links funktionieren, aber die Befragten "
            "können noch nicht (oder nicht mehr) antworten."
        ),
    ),
    "link_whole": Text(
        en="**Whole assessment**: respondents pick their team",
        de="**Ganze Erhebung**: Die Befragten wählen ihr Team",
    ),
    "link_team": Text(en="Team: {team}", de="Team: {team}"),
    "link_one": Text(
        en="This assessment has no teams, so there is one link for everybody.",
        de="Diese Erhebung hat keine Teams, daher gibt es einen Link für alle.",
    ),
    # invite links: the open link or per-person codes
    "access_open_heading": Text(
        en="How respondents get in: open link.", de="Zugang für die Befragten: offener Link."
    ),
    "access_codes_heading": Text(
        en="How respondents get in: per-person codes.",
        de="Zugang für die Befragten: persönliche Codes.",
    ),
    "to_codes": Text(en="Switch to per-person codes", de="Zu persönlichen Codes wechseln"),
    "to_codes_note": Text(
        en=(
            "From then on the open link asks for a personal code, and each code starts one "
            "response. Responses already started carry on. Issue the codes next, here."
        ),
        de=(
            "Der offene Link fragt dann nach einem persönlichen Code, und jeder Code startet "
            "eine Teilnahme. Bereits begonnene Teilnahmen laufen weiter. Geben Sie danach "
            "hier die Codes aus."
        ),
    ),
    "to_codes_yes": Text(en="Yes, use per-person codes", de="Ja, persönliche Codes verwenden"),
    "codes_on": Text(
        en="Per-person codes switched on; issue them on Invite links.",
        de="Persönliche Codes eingeschaltet; geben Sie sie unter „Einladungslinks“ aus.",
    ),
    "code_counts": Text(
        en="**{issued}** codes issued · **{used}** used · **{unused}** not used yet",
        de="**{issued}** Codes ausgegeben · **{used}** verwendet · **{unused}** noch nicht "
        "verwendet",
    ),
    "add_codes": Text(en="Add codes", de="Codes hinzufügen"),
    "add_codes_help": Text(
        en="New codes for people not yet invited; the download holds only these.",
        de="Neue Codes für noch nicht eingeladene Personen; der Download enthält nur diese.",
    ),
    "issue_codes": Text(en="Issue codes", de="Codes ausgeben"),
    "codes_issued": Text(
        en="{codes} issued for {name}: download them now, GapMap keeps no copy.",
        de="{codes} für {name} ausgegeben: Laden Sie sie jetzt herunter, GapMap behält "
        "keine Kopie.",
    ),
    "new_code": Text(en="1 new code", de="1 neuer Code"),
    "new_codes": Text(en="{count} new codes", de="{count} neue Codes"),
    "to_link": Text(en="Switch back to the open link", de="Zurück zum offenen Link"),
    "to_link_note": Text(
        en=(
            "Anyone with the link could then answer again, up to each team's head-count, "
            "and a small group could be filled with answers one person knows. Unused codes "
            "stay valid if you switch back to codes later."
        ),
        de=(
            "Dann könnten wieder alle mit dem Link antworten, bis zur Personenzahl jedes "
            "Teams, und eine kleine Gruppe ließe sich mit Antworten füllen, die eine "
            "einzelne Person kennt. Nicht verwendete Codes bleiben gültig, falls Sie später "
            "wieder zu Codes wechseln."
        ),
    ),
    "to_link_yes": Text(en="Yes, use the open link", de="Ja, offenen Link verwenden"),
    "to_link_done": Text(en="Switched to the open link.", de="Zum offenen Link gewechselt."),
    "codes_download": Text(
        en=(
            "Download them now: GapMap keeps only a fingerprint of each, so they cannot be "
            "shown again once you leave this page or issue more."
        ),
        de=(
            "Laden Sie sie jetzt herunter: GapMap behält von jedem nur einen Fingerabdruck, "
            "daher lassen sie sich nicht mehr anzeigen, sobald Sie diese Seite verlassen "
            "oder weitere ausgeben."
        ),
    ),
    "codes_csv": Text(en="Codes for a mail merge (CSV)", de="Codes für einen Serienbrief (CSV)"),
    "slips_pdf": Text(
        en="Printable slips (PDF, {language})", de="Zettel zum Ausdrucken (PDF, {language})"
    ),
    "codes_done": Text(en="I have downloaded them", de="Ich habe sie heruntergeladen"),
    # live workshop
    "workshop_intro": Text(
        en=(
            "Run a live workshop on this assessment: participants join on their phones with "
            "a code or a QR code, answer the questionnaire's {pulse} pulse questions, and "
            "the results appear on your shared screen one dimension at a time, when you "
            "reveal them. Their answers count as a wave of their own, next to the survey's."
        ),
        de=(
            "Führen Sie zu dieser Erhebung einen Live-Workshop durch: Die Teilnehmenden "
            "steigen mit einem Code oder QR-Code am Handy ein, beantworten die {pulse} "
            "Pulsfragen des Fragebogens, und die Ergebnisse erscheinen Dimension für "
            "Dimension auf Ihrem geteilten Bildschirm, sobald Sie sie aufdecken. Ihre "
            "Antworten zählen als eigene Welle neben denen der Umfrage."
        ),
    ),
    "no_pulse": Text(
        en="This questionnaire marks no pulse questions, so it cannot hold a workshop.",
        de="Dieser Fragebogen kennzeichnet keine Pulsfragen, daher ist damit kein Workshop "
        "möglich.",
    ),
    "open_workshop": Text(en="Open the workshop screen", de="Workshop-Bildschirm öffnen"),
    # settings
    "settings_questionnaire": Text(
        en="Questionnaire: {title} · v{version}", de="Fragebogen: {title} · v{version}"
    ),
    "settings_thresholds": Text(
        en="Anonymity threshold **{k}** · comment threshold **{c}** · languages {languages}",
        de="Anonymitätsschwelle **{k}** · Schwelle für Kommentare **{c}** · Sprachen {languages}",
    ),
    "settings_codes": Text(
        en="How respondents get in: **per-person codes**",
        de="Zugang für die Befragten: **persönliche Codes**",
    ),
    "settings_link": Text(
        en="How respondents get in: **open link**, capped per team at its head-count",
        de="Zugang für die Befragten: **offener Link**, je Team begrenzt auf seine Personenzahl",
    ),
    "settings_purpose": Text(
        en="**Purpose** (shown to respondents)", de="**Zweck** (wird den Befragten gezeigt)"
    ),
    "col_dimension": Text(en="Dimension", de="Dimension"),
    "col_target": Text(en="Target level", de="Zielstufe"),
    "col_link_id": Text(en="Link id", de="Link-Kennung"),
    "close": Text(en="Close the assessment", de="Erhebung schließen"),
    "reopen": Text(en="Reopen the assessment", de="Erhebung wieder öffnen"),
    "close_yes": Text(en="Yes, close it", de="Ja, schließen"),
    "reopen_yes": Text(en="Yes, reopen it", de="Ja, wieder öffnen"),
    "closed_done": Text(en="Assessment closed.", de="Erhebung geschlossen."),
    "reopened_done": Text(en="Assessment reopened.", de="Erhebung wieder geöffnet."),
    "reopen_none": Text(
        en="Respondents can answer again.", de="Die Befragten können wieder antworten."
    ),
    "reopen_one": Text(
        en=(
            "Respondents can answer again, and the **1 person midway** (started, not "
            "submitted) can finish with their “continue later” link."
        ),
        de=(
            "Die Befragten können wieder antworten, und **1 Person, die begonnen, aber nicht "
            "abgeschickt hat**, kann mit ihrem Link „Später weitermachen“ abschließen."
        ),
    ),
    "reopen_many": Text(
        en=(
            "Respondents can answer again, and the **{n} people midway** (started, not "
            "submitted) can finish with their “continue later” link."
        ),
        de=(
            "Die Befragten können wieder antworten, und **{n} Personen, die begonnen, aber "
            "nicht abgeschickt haben**, können mit ihrem Link „Später weitermachen“ "
            "abschließen."
        ),
    ),
    "close_none": Text(
        en="No more answers are accepted. No one is midway (started, not submitted).",
        de="Es werden keine Antworten mehr angenommen. Niemand hat begonnen, ohne abzuschicken.",
    ),
    "close_one": Text(
        en=(
            "No more answers are accepted. **1 person is midway** (started, not submitted): "
            "their answers are kept, marked incomplete and not counted in any result. Reopen "
            "the assessment and they can finish with their “continue later” link."
        ),
        de=(
            "Es werden keine Antworten mehr angenommen. **1 Person hat begonnen, aber nicht "
            "abgeschickt**: Ihre Antworten bleiben erhalten, als unvollständig markiert, und "
            "zählen in keinem Ergebnis. Öffnen Sie die Erhebung wieder, dann kann sie mit "
            "ihrem Link „Später weitermachen“ abschließen."
        ),
    ),
    "close_many": Text(
        en=(
            "No more answers are accepted. **{n} people are midway** (started, not "
            "submitted): their answers are kept, marked incomplete and not counted in any "
            "result. Reopen the assessment and they can finish with their “continue later” "
            "link."
        ),
        de=(
            "Es werden keine Antworten mehr angenommen. **{n} Personen haben begonnen, aber "
            "nicht abgeschickt**: Ihre Antworten bleiben erhalten, als unvollständig "
            "markiert, und zählen in keinem Ergebnis. Öffnen Sie die Erhebung wieder, dann "
            "können sie mit ihrem Link „Später weitermachen“ abschließen."
        ),
    ),
    "new_wave": Text(en="Start a new wave", de="Neue Welle beginnen"),
    "new_wave_note": Text(
        en=(
            "A copy with the same questionnaire, teams, targets and thresholds, and a new "
            "invite code. Its results are compared with this one's."
        ),
        de=(
            "Eine Kopie mit demselben Fragebogen, denselben Teams, Zielen und Schwellen und "
            "einem neuen Einladungscode. Ihre Ergebnisse werden mit denen dieser Erhebung "
            "verglichen."
        ),
    ),
    "wave_name": Text(en="Name of the new wave (optional)", de="Name der neuen Welle (optional)"),
    "wave_create": Text(en="Create the new wave", de="Neue Welle anlegen"),
    "wave_created": Text(en="New wave created.", de="Neue Welle angelegt."),
    "change_settings": Text(en="Change settings", de="Einstellungen ändern"),
    "target_of": Text(en="Target: {dimension}", de="Ziel: {dimension}"),
    "closes_edit": Text(
        en="Closes after (empty: no closing date)",
        de="Läuft bis einschließlich (leer: kein Enddatum)",
    ),
    "languages_help": Text(
        en="Removing a language keeps the answers given in it.",
        de="Wird eine Sprache entfernt, bleiben die Antworten in ihr erhalten.",
    ),
    "save_changes": Text(en="Save changes", de="Änderungen speichern"),
    "settings_saved": Text(en="Settings saved.", de="Einstellungen gespeichert."),
    "teams_heading": Text(en="Teams", de="Teams"),
    "new_team": Text(en="New team", de="Neues Team"),
    "head_count": Text(en="Head-count", de="Personen im Team"),
    "add_team": Text(en="Add the team", de="Team hinzufügen"),
    "team_added": Text(en="Team {name} added.", de="Team {name} hinzugefügt."),
    "change_team": Text(en="Change a team", de="Team ändern"),
    "link_id_note": Text(
        en=("Its link id stays `{id}`, so the links and QR codes already handed out keep working."),
        de=(
            "Seine Link-Kennung bleibt `{id}`, damit bereits verteilte Links und QR-Codes "
            "weiter funktionieren."
        ),
    ),
    "save_team": Text(en="Save the team", de="Team speichern"),
    "team_saved": Text(en="Team saved.", de="Team gespeichert."),
    "merge_team": Text(en="Merge into another team", de="Mit anderem Team zusammenlegen"),
    "merge_into": Text(en="Merge into", de="Zusammenlegen mit"),
    "merge_note": Text(
        en=(
            "Every response of {team} moves to the team chosen, the head-counts add up, and "
            "this team disappears. Results already published stay as they were; a merged "
            "team's figures change only where that gives no small group away."
        ),
        de=(
            "Alle Antworten von {team} gehen an das gewählte Team, die Personenzahlen werden "
            "addiert, und dieses Team entfällt. Bereits veröffentlichte Ergebnisse bleiben, "
            "wie sie sind; die Zahlen eines zusammengelegten Teams ändern sich nur, wo das "
            "keine kleine Gruppe preisgibt."
        ),
    ),
    "merge": Text(en="Merge", de="Zusammenlegen"),
    "team_merged": Text(en="{team} merged into {into}.", de="{team} mit {into} zusammengelegt."),
    "remove_team": Text(en="Remove the team", de="Team entfernen"),
    "remove_note": Text(
        en=(
            "Only a team no one has answered in can be removed; merge a team with responses "
            "into another instead."
        ),
        de=(
            "Entfernen lässt sich nur ein Team, in dem niemand geantwortet hat; ein Team mit "
            "Antworten legen Sie stattdessen mit einem anderen zusammen."
        ),
    ),
    "remove": Text(en="Remove", de="Entfernen"),
    "team_removed": Text(en="Team {name} removed.", de="Team {name} entfernt."),
    "questionnaire_fixed": Text(
        en=(
            "The questionnaire is fixed once answers exist, so every answer is scored "
            "against the questions it answered. **A new version of the questionnaire means "
            "a new wave**: use *Start a new wave* below, then change the new wave's "
            "questionnaire before anyone answers it."
        ),
        de=(
            "Sobald Antworten vorliegen, steht der Fragebogen fest, damit jede Antwort an "
            "den Fragen gemessen wird, die sie beantwortet hat. **Eine neue Fassung des "
            "Fragebogens bedeutet eine neue Welle**: Nutzen Sie unten *Neue Welle beginnen*, "
            "und ändern Sie dann den Fragebogen der neuen Welle, bevor jemand antwortet."
        ),
    ),
    "questionnaire_change": Text(
        en="No one has answered yet, so the questionnaire can still change",
        de="Noch hat niemand geantwortet, daher lässt sich der Fragebogen noch ändern",
    ),
    "questionnaire_use": Text(en="Use this questionnaire", de="Diesen Fragebogen verwenden"),
    "questionnaire_changed": Text(en="Questionnaire changed.", de="Fragebogen geändert."),
    "unsubmitted_kept_one": Text(
        en="Unsubmitted responses are kept 1 day",
        de="Angefangene Antworten bleiben 1 Tag",
    ),
    "unsubmitted_kept": Text(
        en="Unsubmitted responses are kept {days} days",
        de="Angefangene Antworten bleiben {days} Tage",
    ),
    "unsubmitted_note": Text(
        en=(
            "A response that is started but never submitted is deleted this many days "
            "after it was started, with its answers; its start time is kept only to the "
            "hour after two hours. Submitted responses are not affected."
        ),
        de=(
            "Eine begonnene, aber nie abgeschickte Teilnahme wird so viele Tage nach ihrem "
            "Beginn samt ihren Antworten gelöscht; ihre Startzeit wird nach zwei Stunden nur "
            "noch auf die Stunde genau aufbewahrt. Abgeschickte Antworten sind nicht "
            "betroffen."
        ),
    ),
    "days": Text(en="Days", de="Tage"),
    "save": Text(en="Save", de="Speichern"),
    "unsubmitted_saved": Text(
        en="Unsubmitted responses are now kept {days} days.",
        de="Angefangene Antworten bleiben jetzt {days} Tage.",
    ),
    # data and erasure
    "scope_before": Text(en="Responses given before a date", de="Antworten vor einem Datum"),
    "scope_all": Text(en="Every response", de="Alle Antworten"),
    "values_auto": Text(
        en="Decide per cell; refuse a number that could mean two options",
        de="Je Zelle entscheiden; eine Zahl ablehnen, die zwei Optionen bedeuten könnte",
    ),
    "values_score": Text(
        en="Option scores (as in the questionnaire)", de="Werte der Optionen (wie im Fragebogen)"
    ),
    "values_position": Text(
        en="Option positions, counted from 1", de="Positionen der Optionen, ab 1 gezählt"
    ),
    "values_text": Text(
        en="Not options: read answers by their text only",
        de="Keine Optionen: Antworten nur nach ihrem Text lesen",
    ),
    "import_title": Text(en="Import responses", de="Antworten importieren"),
    "import_intro": Text(
        en=(
            "One row per respondent, as a Microsoft Forms or Google Forms export or a "
            "typed-up paper survey gives it: a role column, a team column, one column per "
            "question (its id or its text). Every problem is listed with its row; nothing is "
            "imported unless every row is valid, or you choose to import the valid rows only."
        ),
        de=(
            "Eine Zeile je befragte Person, wie sie ein Export aus Microsoft Forms oder "
            "Google Forms oder eine abgetippte Papierumfrage liefert: eine Spalte für die "
            "Rolle, eine für das Team, eine je Frage (ihre Kennung oder ihr Text). Jedes "
            "Problem wird mit seiner Zeile genannt; importiert wird nur, wenn alle Zeilen "
            "gültig sind, oder auf Wunsch nur die gültigen Zeilen."
        ),
    ),
    "import_file": Text(
        en="Responses file (.csv or .xlsx)", de="Datei mit Antworten (.csv oder .xlsx)"
    ),
    "import_values": Text(en="Numbers in answer cells are", de="Zahlen in Antwortzellen sind"),
    "import_values_help": Text(
        en=(
            "On a scale scored 0 / 0.25 / 0.5 / 1, the number 1 is the top option's score "
            "and the first option's position. “Decide per cell” reads a number only where "
            "that cannot be mistaken."
        ),
        de=(
            "Auf einer Skala mit den Werten 0 / 0,25 / 0,5 / 1 ist die Zahl 1 der Wert der "
            "obersten Option und die Position der ersten. „Je Zelle entscheiden“ liest eine "
            "Zahl nur dort, wo sie eindeutig ist."
        ),
    ),
    "import_skip": Text(
        en="Import the valid rows and skip the others",
        de="Die gültigen Zeilen importieren und die anderen überspringen",
    ),
    "import_button": Text(en="Import", de="Importieren"),
    "import_no_file": Text(
        en="Choose a .csv or .xlsx file first.", de="Wählen Sie zuerst eine .csv- oder .xlsx-Datei."
    ),
    "imported_one": Text(
        en="Imported {imported} response, skipped {skipped}.",
        de="{imported} Teilnahme importiert, {skipped} übersprungen.",
    ),
    "imported": Text(
        en="Imported {imported} responses, skipped {skipped}.",
        de="{imported} Teilnahmen importiert, {skipped} übersprungen.",
    ),
    "import_nothing_one": Text(
        en="Nothing was imported: {count} problem in {file}. Fix it and import the file again.",
        de="Nichts wurde importiert: {count} Problem in {file}. Beheben Sie es, und "
        "importieren Sie die Datei erneut.",
    ),
    "import_nothing": Text(
        en="Nothing was imported: {count} problems in {file}. Fix them and import the file again.",
        de="Nichts wurde importiert: {count} Probleme in {file}. Beheben Sie sie, und "
        "importieren Sie die Datei erneut.",
    ),
    "retention_intro": Text(
        en=(
            "Responses are kept until you delete them here. A deletion is for good: answers, "
            "comments and scores go, results and reports are worked out again without them, "
            "and the audit log records what was deleted and how much, never whose."
        ),
        de=(
            "Antworten bleiben gespeichert, bis Sie sie hier löschen. Eine Löschung ist "
            "endgültig: Antworten, Kommentare und Werte verschwinden, Ergebnisse und Berichte "
            "werden ohne sie neu berechnet, und das Protokoll hält fest, was und wie viel "
            "gelöscht wurde, nie von wem."
        ),
    ),
    "delete_heading": Text(en="Delete responses", de="Antworten löschen"),
    "delete_which": Text(en="Which responses", de="Welche Antworten"),
    "delete_before": Text(
        en="Given before (for “before a date”)", de="Abgegeben vor (für „vor einem Datum“)"
    ),
    "delete_before_help": Text(
        en="A response counts from its submission, or its start if never submitted.",
        de="Maßgeblich ist das Abschicken, oder der Beginn, wenn nie abgeschickt wurde.",
    ),
    "delete_confirm": Text(
        en="To confirm, type the assessment's name: {name}",
        de="Zur Bestätigung geben Sie den Namen der Erhebung ein: {name}",
    ),
    "delete_button": Text(en="Delete responses", de="Antworten löschen"),
    "delete_mismatch": Text(
        en="The name does not match, so nothing was deleted.",
        de="Der Name stimmt nicht überein, daher wurde nichts gelöscht.",
    ),
    "deleted": Text(
        en="Deleted. Responses: {respondents}, answers: {answers}, comments: {comments}.",
        de="Gelöscht. Teilnahmen: {respondents}, Antworten: {answers}, Kommentare: {comments}.",
    ),
    "erase_heading": Text(en="Erase one person's answers", de="Antworten einer Person löschen"),
    "erase_intro": Text(
        en=(
            "A respondent who wants their answers erased sends you their “continue later” "
            "link (or, from a workshop, the address on their phone). Nothing else leads to "
            "their answers: GapMap does not know who answered what. They can also delete "
            "them themselves, on their survey page."
        ),
        de=(
            "Wer seine Antworten löschen lassen möchte, schickt Ihnen den eigenen Link "
            "„Später weitermachen“ (oder, aus einem Workshop, die Adresse auf dem Handy). "
            "Nichts anderes führt zu diesen Antworten: GapMap weiß nicht, wer was geantwortet "
            "hat. Die Person kann sie auch selbst auf ihrer Umfrageseite löschen."
        ),
    ),
    "erase_link": Text(en="Their link", de="Link der Person"),
    "erase_button": Text(en="Erase these answers", de="Diese Antworten löschen"),
    "erased": Text(
        en="Erased. Answers: {answers}, comments: {comments}.",
        de="Gelöscht. Antworten: {answers}, Kommentare: {comments}.",
    ),
    "backups_note": Text(
        en=(
            "Backups taken before a deletion still hold the deleted answers until they are "
            "themselves deleted: keep backups only as long as your retention rule allows "
            "(see “Running GapMap for an organisation” in the README)."
        ),
        de=(
            "Sicherungen aus der Zeit vor einer Löschung enthalten die gelöschten Antworten, "
            "bis sie selbst gelöscht werden: Bewahren Sie Sicherungen nur so lange auf, wie "
            "Ihre Aufbewahrungsregel es erlaubt (siehe „Running GapMap for an organisation“ "
            "in der README)."
        ),
    ),
}


# The `gapmap` command line (cli.py), in the language of `--language` (default: $GAPMAP_LANGUAGE,
# else the locale). A "_one" text is the form for exactly one (`plural`); a count's noun is its
# own text ("n_...") so a sentence with several counts agrees. Codes, ids, file names and option
# names stay as they are in both languages.
CLI: dict[str, Text] = {
    "error": Text(en="error: {message}", de="Fehler: {message}"),
    "warning": Text(en="warning: {message}", de="Warnung: {message}"),
    "column": Text(en="column {column}:", de="Spalte {column}:"),
    "bad_language": Text(en="use en or de", de="verwenden Sie en oder de"),
    # counts
    "n_errors": Text(en="{n} errors", de="{n} Fehler"),
    "n_errors_one": Text(en="1 error", de="1 Fehler"),
    "n_dimensions": Text(en="{n} dimensions", de="{n} Dimensionen"),
    "n_dimensions_one": Text(en="1 dimension", de="1 Dimension"),
    "n_roles": Text(en="{n} roles", de="{n} Rollen"),
    "n_roles_one": Text(en="1 role", de="1 Rolle"),
    "n_items": Text(en="{n} items", de="{n} Fragen"),
    "n_items_one": Text(en="1 item", de="1 Frage"),
    "n_actions": Text(en="{n} actions", de="{n} Maßnahmen"),
    "n_actions_one": Text(en="1 action", de="1 Maßnahme"),
    "n_words": Text(en="{n} words", de="{n} Wörter"),
    "n_words_one": Text(en="1 word", de="1 Wort"),
    "n_responses": Text(en="{n} responses", de="{n} Teilnahmen"),
    "n_responses_one": Text(en="1 response", de="1 Teilnahme"),
    "n_submitted": Text(en="{n} submitted responses", de="{n} abgeschickte Teilnahmen"),
    "n_submitted_one": Text(en="1 submitted response", de="1 abgeschickte Teilnahme"),
    "n_answers": Text(en="{n} answers", de="{n} Antworten"),
    "n_answers_one": Text(en="1 answer", de="1 Antwort"),
    "n_comments": Text(en="{n} comments", de="{n} Kommentare"),
    "n_comments_one": Text(en="1 comment", de="1 Kommentar"),
    "n_rows": Text(en="{n} rows", de="{n} Zeilen"),
    "n_rows_one": Text(en="1 row", de="1 Zeile"),
    "n_columns": Text(en="{n} columns", de="{n} Spalten"),
    "n_columns_one": Text(en="1 column", de="1 Spalte"),
    "n_cells": Text(en="{n} cells", de="{n} Zellen"),
    "n_cells_one": Text(en="1 cell", de="1 Zelle"),
    "n_tables": Text(en="{n} tables", de="{n} Tabellen"),
    "n_tables_one": Text(en="1 table", de="1 Tabelle"),
    "n_bytes": Text(en="{n} bytes", de="{n} Bytes"),
    "n_bytes_one": Text(en="1 byte", de="1 Byte"),
    "n_hours": Text(en="{n} hours", de="{n} Stunden"),
    "n_hours_one": Text(en="1 hour", de="1 Stunde"),
    "n_assessments": Text(en="{n} assessments", de="{n} Erhebungen"),
    "n_assessments_one": Text(en="1 assessment", de="1 Erhebung"),
    "n_codes": Text(en="{n} codes", de="{n} Codes"),
    "n_codes_one": Text(en="1 code", de="1 Code"),
    "n_slips": Text(en="{n} slips", de="{n} Zettel"),
    "n_slips_one": Text(en="1 slip", de="1 Zettel"),
    "n_straight_liners": Text(
        en="{n} straight-liners", de="{n} Personen mit überall derselben Antwort"
    ),
    "n_straight_liners_one": Text(
        en="1 straight-liner", de="1 Person mit überall derselben Antwort"
    ),
    "n_speeders": Text(en="{n} speeders", de="{n} Personen zu schnell"),
    "n_speeders_one": Text(en="1 speeder", de="1 Person zu schnell"),
    "n_flagged": Text(en="{n} responses flagged", de="{n} Teilnahmen markiert"),
    "n_flagged_one": Text(en="1 response flagged", de="1 Teilnahme markiert"),
    # validate, preview, inspect
    "valid": Text(
        en="{file}: valid ({id} {version}: {dimensions}, {roles}, {items}, {actions})",
        de="{file}: gültig ({id} {version}: {dimensions}, {roles}, {items}, {actions})",
    ),
    "no_role": Text(
        en="no role `{role}` in {id}; roles are: {roles}",
        de="keine Rolle `{role}` in {id}; die Rollen sind: {roles}",
    ),
    "not_written_in": Text(
        en="{id} is not written in `{lang}`; languages: {languages}",
        de="{id} ist nicht in `{lang}` geschrieben; Sprachen: {languages}",
    ),
    "role_items": Text(
        en="{role}: {items}, about {minutes} min", de="{role}: {items}, etwa {minutes} Min."
    ),
    "optional": Text(en="optional", de="freiwillig"),
    "number_range": Text(
        en="[number {low} to {high}{unit}]", de="[Zahl von {low} bis {high}{unit}]"
    ),
    "free_text": Text(en="[free text]", de="[Freitext]"),
    "content_hash": Text(en="content hash {hash}", de="Inhalts-Prüfsumme {hash}"),
    "levels": Text(en="levels: {levels}", de="Stufen: {levels}"),
    "dimensions": Text(en="dimensions: {dimensions}", de="Dimensionen: {dimensions}"),
    "weighted": Text(en="{id} (weight {weight})", de="{id} (Gewicht {weight})"),
    "area": Text(
        en="area {id} (weight {weight}): {dimensions}",
        de="Bereich {id} (Gewicht {weight}): {dimensions}",
    ),
    "items_actions": Text(
        en="items: {items} ({pulse} pulse), actions: {actions}",
        de="Fragen: {items} ({pulse} Puls), Maßnahmen: {actions}",
    ),
    "time_on_phone": Text(
        en="time on a phone (reading {letters} letters a minute, plus answering; see the README):",
        de=(
            "Zeit auf dem Smartphone ({letters} Buchstaben pro Minute gelesen, dazu das "
            "Antworten; siehe README):"
        ),
    ),
    "role_time": Text(
        en="role {role} ({perspective}): {items} · {times}",
        de="Rolle {role} ({perspective}): {items} · {times}",
    ),
    "language_time": Text(
        en="{lang} {minutes} min ({seconds} s: {words} read in {reading} s, answering {answering} s)",  # noqa: E501
        de="{lang} {minutes} Min. ({seconds} s: {words} gelesen in {reading} s, Antworten {answering} s)",  # noqa: E501
    ),
    "core_only": Text(
        en=(
            "core only ({items}: the required ones every role answers; a choice when "
            "creating an assessment):"
        ),
        de=(
            "nur Kernfragen ({items}: die Pflichtfragen, die jede Rolle beantwortet; "
            "wählbar beim Anlegen einer Erhebung):"
        ),
    ),
    "long_survey": Text(
        en="note: the longest role takes {minutes} min, over {limit} minutes",
        de="Hinweis: Die längste Rolle braucht {minutes} Min., mehr als {limit} Minuten",
    ),
    "long_survey_core": Text(
        en=(
            "note: the longest role takes {minutes} min, over {limit} minutes; the core-only "
            "variant is shorter"
        ),
        de=(
            "Hinweis: Die längste Rolle braucht {minutes} Min., mehr als {limit} Minuten; "
            "die Variante nur mit Kernfragen ist kürzer"
        ),
    ),
    # the database
    "cannot_open": Text(
        en="cannot open {path}: {reason}", de="{path} lässt sich nicht öffnen: {reason}"
    ),
    "app_running": Text(
        en="Is the app running on this file? Stop it, or use another --db.",
        de="Läuft die App auf dieser Datei? Beenden Sie sie, oder nehmen Sie eine andere --db.",
    ),
    "no_assessment": Text(
        en="no assessment with the id or invite code {ref}",
        de="keine Erhebung mit der ID oder dem Einladungscode {ref}",
    ),
    "database": Text(en="database: {path}", de="Datenbank: {path}"),
    "schema_version": Text(en="schema version: {version}", de="Schema-Version: {version}"),
    # demo, score
    "demo_created": Text(
        en="demo organisation created: {responses}", de="Demo-Organisation angelegt: {responses}"
    ),
    "assessment_id": Text(en="assessment id: {id}", de="Erhebungs-ID:   {id}"),
    "invite_code": Text(en="invite code:   {code}", de="Einladungscode: {code}"),
    "score_heading": Text(
        en="{assessment}: {responses} (release {release})",
        de="{assessment}: {responses} (Freigabe {release})",
    ),
    "overall_hidden": Text(en="overall: not shown, {reason}", de="Gesamt: nicht gezeigt, {reason}"),
    "overall": Text(
        en="overall index {index}, level {level}, staged level {staged} (weakest: {weakest})",
        de=(
            "Gesamtindex {index}, Stufe {level}, Stufe nach schwächster Dimension {staged} "
            "(schwächste: {weakest})"
        ),
    ),
    "area_hidden": Text(
        en="area {name}: not shown, {reason}", de="Bereich {name}: nicht gezeigt, {reason}"
    ),
    "area_score": Text(
        en="area {name}: index {index}, level {level}",
        de="Bereich {name}: Index {index}, Stufe {level}",
    ),
    "col_dimension": Text(en="dimension", de="Dimension"),
    "col_mean": Text(en="mean", de="Mittel"),
    "col_level": Text(en="level", de="Stufe"),
    "col_target": Text(en="target", de="Ziel"),
    "perception_gap": Text(
        en="perception gap {dimension}: leaders {leaders}, front line {frontline} ({difference})",
        de="Wahrnehmungslücke {dimension}: Führung {leaders}, Basis {frontline} ({difference})",
    ),
    "barriers": Text(
        en="first barrier per team (where it lags the rest, else the first below target):",
        de="erste Hürde je Team (wo es hinter den anderen liegt, sonst die erste unter dem Ziel):",
    ),
    "no_barrier": Text(en="none, all on target", de="keine, alles im Ziel"),
    "findings": Text(en="findings:", de="Befunde:"),
    "actions": Text(en="recommended actions:", de="empfohlene Maßnahmen:"),
    "because": Text(en="because {reasons}", de="Grund: {reasons}"),
    "quality": Text(
        en="quality: {straight_liners}, {speeders}, {flagged} of {respondents} (counted, not removed)",  # noqa: E501
        de="Qualität: {straight_liners}, {speeders}, {flagged} von {respondents} (gezählt, nicht entfernt)",  # noqa: E501
    ),
    "reliability": Text(
        en="reliability (Cronbach's alpha): {alphas}", de="Reliabilität (Cronbachs Alpha): {alphas}"
    ),
    # import, export, report
    "values_usage": Text(
        en="--values must be auto, score, position or text",
        de="--values muss auto, score, position oder text sein",
    ),
    "imported": Text(
        en="imported {responses}, skipped {skipped}",
        de="{responses} importiert, {skipped} übersprungen",
    ),
    "evidence_imported": Text(
        en="imported {rows} of evidence, skipped {skipped}",
        de="{rows} CRM-Daten importiert, {skipped} übersprungen",
    ),
    "nothing_imported": Text(
        en="nothing was imported: fix the rows above, or use --skip-bad",
        de="Nichts wurde importiert: Korrigieren Sie die Zeilen oben, oder nehmen Sie --skip-bad.",
    ),
    "export_format_usage": Text(
        en="--format must be csv or parquet", de="--format muss csv oder parquet sein"
    ),
    "exported": Text(
        en="wrote {responses} x {columns} to {file} ({cells} blanked for anonymity)",
        de="{responses} x {columns} nach {file} geschrieben ({cells} für die Anonymität geleert)",
    ),
    "report_format_usage": Text(
        en="--format must be one of {formats}", de="--format muss eines von {formats} sein"
    ),
    "report_lang_usage": Text(en="--lang must be en or de", de="--lang muss en oder de sein"),
    "view_usage": Text(
        en="--view goes with --format csv; views: {views}",
        de="--view gehört zu --format csv; Ansichten: {views}",
    ),
    "cannot_write": Text(
        en="cannot write {file}: {reason}", de="{file} lässt sich nicht schreiben: {reason}"
    ),
    "report_written": Text(
        en="wrote {file} ({size}, {format}, {language})",
        de="{file} geschrieben ({size}, {format}, {language})",
    ),
    # accounts, organisations, assessments
    "several_organisations": Text(
        en="several organisations are called {ref}; give the id (gapmap org list)",
        de="mehrere Organisationen heißen {ref}; geben Sie die ID an (gapmap org list)",
    ),
    "no_organisation": Text(
        en="no organisation with the id or name {ref} (gapmap org list)",
        de="keine Organisation mit der ID oder dem Namen {ref} (gapmap org list)",
    ),
    "password": Text(en="Password", de="Passwort"),
    "password_again": Text(en="Repeat the password", de="Passwort wiederholen"),
    "role_usage": Text(
        en="--role must be consultant or leadership",
        de="--role muss consultant oder leadership sein",
    ),
    "leadership_needs_org": Text(
        en="a leadership account needs --org (its organisation)",
        de="ein Konto der Leitung braucht --org (seine Organisation)",
    ),
    "role_consultant": Text(en="consultant", de="Beratung"),
    "role_leadership": Text(en="leadership", de="Leitung"),
    "account_added": Text(
        en="added {role} account {username}", de="Konto {username} ({role}) angelegt"
    ),
    "no_accounts": Text(
        en="no accounts yet (gapmap user add NAME --role consultant)",
        de="noch keine Konten (gapmap user add NAME --role consultant)",
    ),
    "disabled_flag": Text(en="[disabled]", de="[gesperrt]"),
    "account_disabled": Text(en="disabled {username}", de="{username} gesperrt"),
    "account_enabled": Text(en="enabled {username}", de="{username} entsperrt"),
    "not_consultant": Text(
        en="{username} is not a consultant; only consultants manage",
        de="{username} ist kein Konto der Beratung; nur die Beratung verwaltet Organisationen",
    ),
    "granted": Text(
        en="{username} now manages organisation {organisation}",
        de="{username} verwaltet jetzt die Organisation {organisation}",
    ),
    "reset_link": Text(
        en="password-reset link for {username} (works once, for {hours}):",
        de="Link zum Zurücksetzen des Passworts für {username} (einmal gültig, {hours} lang):",
    ),
    "reset_expires": Text(
        en="expires {time} UTC; give it to them directly, not where others can read it",
        de=(
            "läuft ab: {time} UTC; geben Sie ihn der Person direkt, nicht dort, wo andere "
            "ihn lesen können"
        ),
    ),
    "no_organisations": Text(en="no organisations yet", de="noch keine Organisationen"),
    "no_assessments": Text(en="no assessments yet", de="noch keine Erhebungen"),
    "assessment_row": Text(
        en="{id}  {organisation}  {name}  wave {wave}  {status}  {code}  {submitted} submitted",
        de="{id}  {organisation}  {name}  Welle {wave}  {status}  {code}  {submitted} abgeschickt",
    ),
    "status_open": Text(en="open", de="offen"),
    "status_closed": Text(en="closed", de="geschlossen"),
    "status_not-yet-open": Text(en="not open yet", de="noch nicht geöffnet"),
    # backup, restore, deleting and erasing
    "backup_by_app": Text(
        en="backup of {db} written to {folder} by the running app",
        de="Sicherung von {db} nach {folder} geschrieben, von der laufenden App",
    ),
    "backup_by_command": Text(
        en="backup of {db} written to {folder} by this command (no app is running on the file)",
        de=(
            "Sicherung von {db} nach {folder} geschrieben, von diesem Befehl (auf der Datei "
            "läuft keine App)"
        ),
    ),
    "backup_summary": Text(
        en="taken {time} UTC, schema version {version}, {tables}, {rows}",
        de="erstellt {time} UTC, Schema-Version {version}, {tables}, {rows}",
    ),
    "backup_held": Text(
        en=(
            "cannot open {path}: {reason}. Another process holds it and does not answer "
            "backup requests: stop it, or run `gapmap backup` as the user that runs the app."
        ),
        de=(
            "{path} lässt sich nicht öffnen: {reason}. Ein anderer Prozess hält die Datei und "
            "beantwortet keine Sicherungsanfragen: Beenden Sie ihn, oder führen Sie "
            "`gapmap backup` als der Benutzer aus, unter dem die App läuft."
        ),
    ),
    "restored": Text(en="restored {backup} into {db}", de="{backup} in {db} wiederhergestellt"),
    "restore_checked": Text(
        en="every table checked; schema version now {version}",
        de="jede Tabelle geprüft; Schema-Version jetzt {version}",
    ),
    "restore_start": Text(
        en="start the app on it: GAPMAP_DB={db} make run",
        de="die App darauf starten: GAPMAP_DB={db} make run",
    ),
    "before_usage": Text(
        en="--before must be a date like 2026-01-31, not {value}",
        de="--before muss ein Datum wie 2026-01-31 sein, nicht {value}",
    ),
    "confirm_delete_all": Text(
        en="Delete every response of {name} for good?",
        de="Alle Teilnahmen an {name} endgültig löschen?",
    ),
    "confirm_delete_before": Text(
        en="Delete the responses given before {date} of {name} for good?",
        de="Die Teilnahmen an {name} vor dem {date} endgültig löschen?",
    ),
    "deleted": Text(
        en="deleted {responses}: {answers}, {comments}",
        de="gelöscht: {responses}, {answers}, {comments}",
    ),
    "erased": Text(en="erased {answers} and {comments}", de="gelöscht: {answers} und {comments}"),
    # per-person codes
    "codes_need_output": Text(
        en="give --csv and/or --pdf: new codes are written only this once",
        de="geben Sie --csv und/oder --pdf an: Neue Codes werden nur dieses eine Mal geschrieben",
    ),
    "no_folder": Text(
        en="no folder {folder} to write {file} in",
        de="kein Ordner {folder}, um {file} hineinzuschreiben",
    ),
    "codes_counted": Text(
        en="{name}: {mode}; {issued} issued, {used} used",
        de="{name}: {mode}; {issued} ausgegeben, {used} benutzt",
    ),
    "mode_codes": Text(en="per-person codes", de="persönliche Codes"),
    "mode_open": Text(en="open link", de="offener Link"),
    "open_link_needs_on": Text(
        en="{name} runs on an open link: add --on to switch it to per-person codes",
        de=(
            "{name} läuft über einen offenen Link: Fügen Sie --on hinzu, um auf "
            "persönliche Codes umzustellen"
        ),
    ),
    "no_head_count": Text(
        en="no team has a head-count: say how many codes with --count",
        de="kein Team hat eine Personenzahl: Geben Sie mit --count an, wie viele Codes",
    ),
    "written": Text(en="wrote {what} to {file}", de="{what} nach {file} geschrieben"),
}


SECTIONS: dict[str, dict[str, Text]] = {
    "nav": NAV,
    "phone": PHONE,
    "projector": PROJECTOR,
    "snapshot": SNAPSHOT,
    "poster": POSTER,
    "slips": SLIPS,
    "reminder": REMINDER,
    "chart": CHART,
    "hidden": HIDDEN,
    "reason": REASON,
    "report": REPORT,
    "summary": SUMMARY,
    "questionnaire": QUESTIONNAIRE,
    "evidence": EVIDENCE,
    "transfer": TRANSFER,
    "account": ACCOUNT,
    "open": OPEN_QUESTION,
    "dashboard": DASHBOARD,
    "library": LIBRARY,
    "signin": SIGNIN,
    "audit": AUDIT,
    "audit_event": AUDIT_EVENT,
    "facilitate": FACILITATE,
    "console": CONSOLE,
    "cli": CLI,
}
# Every text by its key, "section.name".
WORDS: dict[str, Text] = {
    f"{name}.{key}": text for name, section in SECTIONS.items() for key, text in section.items()
}


_FORMATTER = string.Formatter()


def fill(text: Text, lang: str | None, /, **params: object) -> str:
    """`text` in `lang` (English for a language GapMap does not speak), with `params`
    filled in. A whole number (`int`) is a count and is written as `lang` groups it
    ("1,200", German "1.200"); pass a number that names something (a line or row of a
    file, a user id) as `str`, so it stays as a person looks it up."""
    chosen: str = getattr(text, language(lang))
    if not params:
        return chosen
    # A field with a format of its own ("{value:g}") is left to it.
    formatted = {field for _, field, spec, _ in _FORMATTER.parse(chosen) if field and spec}
    counts = {
        k: number(v, lang, 0)
        if isinstance(v, int) and not isinstance(v, bool) and k not in formatted
        else v
        for k, v in params.items()
    }
    return chosen.format(**counts)


def t(key: str, lang: str | None, /, **params: object) -> str:
    """The text `key` ("section.name") in `lang`, with `params` filled in."""
    return fill(WORDS[key], lang, **params)


def plural(key: str, count: int, lang: str | None, /, **params: object) -> str:
    """The text `key` for `count` things, filled in: `key_one` for exactly one (when the
    text has such a form), else `key` (Babel has no plural rules for free text; English and
    German both have two forms, so no text says "level(s)")."""
    one = f"{key}_one"
    return t(one if count == 1 and one in WORDS else key, lang, **params)


def has(key: str) -> bool:
    """Whether `key` ("section.name") is one of GapMap's texts."""
    return key in WORDS


def section(name: str, lang: str | None) -> dict[str, str]:
    """Every text of one section in `lang`, by name, for a template (`t.summary`)."""
    chosen = language(lang)
    return {key: getattr(text, chosen) for key, text in SECTIONS[name].items()}


# --- numbers, percentages and dates -------------------------------------------------------


def _exact(value: float | Decimal) -> Decimal:
    # The float's exact value: Babel then rounds as Python's own formatting does.
    return Decimal(value)


def number(
    value: float | Decimal | None, lang: str | None, digits: int = 1, *, grouped: bool = True
) -> str:
    """A figure with exactly `digits` decimals and its thousands grouped ("1,234.5",
    German "1.234,5"); "-" for none. `grouped=False` for a number a person types back
    (a question's bounds: German "10.000" would be read as ten). A score on the level
    scale goes through `Questionnaire.score_text` instead, so its rounding never reads
    as another level."""
    if value is None:
        return NO_FIGURE
    pattern = ("#,##0" if grouped else "0") + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(_exact(value), format=pattern, locale=LOCALES[language(lang)])


def percent(value: float | None, lang: str | None) -> str:
    """A share (0..1) as a whole percentage ("79%", German "79 %" with a no-break
    space); "-" for none."""
    if value is None:
        return NO_FIGURE
    # Scaled as Python's "{:.0%}" scales (in floats), so halves round the same way.
    return format_percent(_exact(value * 100) / 100, locale=LOCALES[language(lang)])


def date(value: Date, lang: str | None) -> str:
    """A day written out: "23 November 2026", German "23. November 2026"."""
    return format_date(value, format="long", locale=LOCALES[language(lang)])


def spreadsheet_date_format(lang: str | None) -> str:
    """How a spreadsheet shows a date cell, as the language writes a date in a table:
    "d mmm yyyy" ("3 Dec 2026"), German "dd.mm.yyyy" ("03.12.2026")."""
    pattern = get_date_format("medium", locale=LOCALES[language(lang)]).pattern
    pattern = re.sub(r"y+", "yyyy", pattern)
    return re.sub(r"M+", lambda months: "m" * len(months.group()), pattern)
