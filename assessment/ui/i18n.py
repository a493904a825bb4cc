"""The respondent pages' own words, in English and German.

Questionnaire texts come translated in the questionnaire (`Questionnaire.t`); these are
the words around them. Every string here is trusted Markdown written by us; values put
into them with `t(..., **fmt)` must be escaped by the caller when they are untrusted.
"""

from __future__ import annotations

DEFAULT_LANGUAGE = "en"

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "page_title": "Answer a survey",
        "code_intro": (
            "Type the invite code from your invitation or the poster, or open the link "
            "you were sent."
        ),
        "code_label": "Invite code",
        "code_placeholder": "for example ACDE3467",
        "code_button": "Open the survey",
        "code_empty": "Type the invite code first.",
        "unknown_title": "We could not find this survey",
        "unknown_body": (
            "No survey has the invite code **{code}**. Check the code in your invitation "
            "and type it again below, or ask the person who invited you for a new link."
        ),
        "closed_title": "This survey is closed",
        "closed_body": (
            "It no longer takes answers. Answers submitted before it closed are kept and "
            "counted. If you think this is a mistake, contact the person who invited you."
        ),
        "not_open_title": "This survey has not opened yet",
        "not_open_body": "It opens on {date}. Please come back then with the same link.",
        "bad_secret_title": "This link does not lead to your answers",
        "bad_secret_body": (
            "Check that you copied the whole link (it is long). If it still does not "
            "work, start again from your invite link: your earlier answers stay "
            "anonymous and are not counted unless they were submitted."
        ),
        "problem_title": "Something went wrong",
        "try_again": "Please try again in a moment. Your saved answers are kept.",
        "language": "Language",
        "step": "Step {n} of {total}",
        "why_heading": "Why we ask",
        "default_purpose": (
            "Your organisation wants to understand where it stands on the topics below "
            "and what would help most. The results are discussed with the teams and "
            "turned into concrete actions."
        ),
        "privacy_heading": "Who sees what",
        "privacy_threshold": "Results are shown only for groups of at least {k} people.",
        "privacy_comments": (
            "Written comments are shown only for groups of at least {c} people, and never "
            "with who wrote them."
        ),
        "privacy_no_names": (
            "We do not ask for your name or e-mail address and do not store your IP address."
        ),
        "privacy_not_linked": (
            "Your answers are never linked to you: nobody, not the survey team and not "
            "your manager, can tell which answers are yours."
        ),
        "duration": "It takes about {minutes} minutes.",
        "duration_range": "It takes about {low} to {high} minutes, depending on your role.",
        "about_you": "About you",
        "role_label": "Your role",
        "role_help": "Choose the role closest to your daily work: a few questions depend on it.",
        "team_label": "Your team",
        "team_placeholder": "Choose your team",
        "team_preset": "Your team: **{team}**",
        "team_unknown": "The team in your link is not part of this survey; choose yours below.",
        "choose_role": "Choose your role to start.",
        "choose_team": "Choose your team to start.",
        "start": "Start",
        "continue": "Continue",
        "next": "Next",
        "back": "Back",
        "submit": "Submit my answers",
        "submitting": "Submitting…",
        "optional": "Optional",
        "missing_item": "Please answer this question.",
        "missing_one": "One question on this page still needs an answer: {items}",
        "missing_many": "{n} questions on this page still need an answer: {items}",
        "missing_marked": "{n} questions on this page still need an answer; they are marked below.",
        "multi_hint": "Choose all that apply.",
        "number_range": "A number from {low} to {high}",
        "saved_note": "Every answer is saved as you give it.",
        "later_label": "Continue later",
        "later_body": (
            "Your answers are saved as you go. Keep this link to continue later on this "
            "or another device. It is yours alone: anyone who has it can see and change "
            "your answers until you submit."
        ),
        "snapshot_title": "Thank you!",
        "snapshot_intro": (
            "Your answers are submitted. This is your personal snapshot: your own view "
            "of each dimension, next to the target your organisation has set. Only you "
            "see it."
        ),
        "snapshot_chart_label": "Your scores per dimension, the target and the group results",
        "snapshot_role_wait": (
            "Your role's results appear once at least {k} people in it have answered."
        ),
        "snapshot_org_wait": (
            "The organisation's results appear once at least {k} people have answered."
        ),
        "snapshot_dimension": (
            "**{name}**: you {own} (level {level}, {level_name}) · target level {target}"
        ),
        "snapshot_dimension_unscored": "**{name}**: no score (you answered “don't know”)",
        "snapshot_role": "your role {value}",
        "snapshot_organisation": "organisation {value}",
        "snapshot_actions": "What could help",
        "snapshot_actions_intro": "Actions that fit your role and your weakest dimensions:",
        "snapshot_action_owner": "Owner: {owner}",
        "snapshot_keep": "Keep your link to look at this snapshot again:",
        "erase_label": "Delete my answers",
        "erase_body": (
            "This deletes every answer and comment you gave in this survey, for good. "
            "Results are worked out again without them. Nobody can bring them back, and "
            "your link will no longer open anything."
        ),
        "erase_confirm": "Yes, delete all my answers",
        "erase_button": "Delete my answers",
        "erase_confirm_first": "Tick the box first, to confirm.",
        "erased_title": "Your answers are deleted",
        "erased_body": (
            "Nothing you answered in this survey is stored any more, and your link no "
            "longer opens anything. You can close this page."
        ),
        "already_submitted": "You have already submitted your answers. Here is your snapshot.",
        "error-too-long": "Your answer is too long; please shorten it.",
        "error-out-of-range": "Please give a number from {low} to {high}.",
        "error-assessment-closed": "This survey closed; your answer could not be saved.",
        "error-assessment-not-open": "This survey is not open yet; please come back later.",
        "error-already-submitted": "Your answers are submitted already; nothing more to do.",
        "error-bad-secret": "This link does not lead to a response. Please check it.",
        "error-unknown-role": "Please choose one of the roles offered.",
        "error-unknown-team": "Please choose one of the teams offered.",
        "error-not-a-number": "Please give a number.",
        "error-option-not-offered": "Please choose one of the answers offered.",
        "error-unknown-assessment": "This survey no longer exists.",
        "error-disk-full": (
            "Your last answer could not be saved: the server's disk is full. Everything "
            "you saved before is safe. Please try again in a few minutes."
        ),
        "error-storage-failed": (
            "Your last answer could not be saved because of a problem on the server. "
            "Everything you saved before is safe. Please try again."
        ),
        "error-storage-reopened": (
            "Your last answer could not be saved because of a problem on the server. "
            "Everything you saved before is safe. Please try again."
        ),
        "error-unknown-response": "These answers were deleted already.",
    },
    "de": {
        "page_title": "An einer Umfrage teilnehmen",
        "code_intro": (
            "Geben Sie den Einladungscode aus Ihrer Einladung oder vom Aushang ein, oder "
            "öffnen Sie den Link, den Sie erhalten haben."
        ),
        "code_label": "Einladungscode",
        "code_placeholder": "zum Beispiel ACDE3467",
        "code_button": "Umfrage öffnen",
        "code_empty": "Geben Sie zuerst den Einladungscode ein.",
        "unknown_title": "Wir haben diese Umfrage nicht gefunden",
        "unknown_body": (
            "Keine Umfrage hat den Einladungscode **{code}**. Prüfen Sie den Code in Ihrer "
            "Einladung und geben Sie ihn unten erneut ein, oder bitten Sie die einladende "
            "Person um einen neuen Link."
        ),
        "closed_title": "Diese Umfrage ist beendet",
        "closed_body": (
            "Sie nimmt keine Antworten mehr an. Vor dem Ende abgeschickte Antworten bleiben "
            "erhalten und werden gezählt. Wenn Sie das für einen Fehler halten, wenden Sie sich an "
            "die Person, die Sie eingeladen hat."
        ),
        "not_open_title": "Diese Umfrage hat noch nicht begonnen",
        "not_open_body": "Sie beginnt am {date}. Bitte kommen Sie dann mit demselben Link wieder.",
        "bad_secret_title": "Dieser Link führt nicht zu Ihren Antworten",
        "bad_secret_body": (
            "Prüfen Sie, ob Sie den ganzen Link kopiert haben (er ist lang). Wenn er "
            "trotzdem nicht funktioniert, beginnen Sie neu mit Ihrem Einladungslink: "
            "frühere Antworten bleiben anonym und zählen nur, wenn sie abgeschickt wurden."
        ),
        "problem_title": "Etwas ist schiefgegangen",
        "try_again": (
            "Bitte versuchen Sie es gleich noch einmal. Gespeicherte Antworten bleiben erhalten."
        ),
        "language": "Sprache",
        "step": "Schritt {n} von {total}",
        "why_heading": "Worum es geht",
        "default_purpose": (
            "Ihre Organisation möchte verstehen, wo sie bei den folgenden Themen steht und "
            "was am meisten helfen würde. Die Ergebnisse werden mit den Teams besprochen "
            "und in konkrete Maßnahmen übersetzt."
        ),
        "privacy_heading": "Wer was sieht",
        "privacy_threshold": (
            "Ergebnisse werden nur für Gruppen von mindestens {k} Personen gezeigt."
        ),
        "privacy_comments": (
            "Schriftliche Kommentare werden nur für Gruppen von mindestens {c} Personen "
            "gezeigt, und nie mit dem Namen der Person, die sie geschrieben hat."
        ),
        "privacy_no_names": (
            "Wir fragen weder nach Ihrem Namen noch nach Ihrer E-Mail-Adresse und speichern "
            "Ihre IP-Adresse nicht."
        ),
        "privacy_not_linked": (
            "Ihre Antworten werden nie mit Ihnen verknüpft: niemand, weder das "
            "Umfrageteam noch Ihre Führungskraft, kann erkennen, welche Antworten von "
            "Ihnen sind."
        ),
        "duration": "Das dauert etwa {minutes} Minuten.",
        "duration_range": "Das dauert etwa {low} bis {high} Minuten, je nach Rolle.",
        "about_you": "Zu Ihnen",
        "role_label": "Ihre Rolle",
        "role_help": (
            "Wählen Sie die Rolle, die Ihrer täglichen Arbeit am nächsten kommt: "
            "einige Fragen hängen davon ab."
        ),
        "team_label": "Ihr Team",
        "team_placeholder": "Wählen Sie Ihr Team",
        "team_preset": "Ihr Team: **{team}**",
        "team_unknown": (
            "Das Team in Ihrem Link gehört nicht zu dieser Umfrage; wählen Sie unten Ihr Team."
        ),
        "choose_role": "Wählen Sie Ihre Rolle, um zu beginnen.",
        "choose_team": "Wählen Sie Ihr Team, um zu beginnen.",
        "start": "Los geht's",
        "continue": "Weiter",
        "next": "Weiter",
        "back": "Zurück",
        "submit": "Antworten absenden",
        "submitting": "Wird gesendet …",
        "optional": "Freiwillig",
        "missing_item": "Bitte beantworten Sie diese Frage.",
        "missing_one": "Eine Frage auf dieser Seite braucht noch eine Antwort: {items}",
        "missing_many": "{n} Fragen auf dieser Seite brauchen noch eine Antwort: {items}",
        "missing_marked": (
            "{n} Fragen auf dieser Seite brauchen noch eine Antwort; sie sind unten markiert."
        ),
        "multi_hint": "Wählen Sie alles Zutreffende.",
        "number_range": "Eine Zahl von {low} bis {high}",
        "saved_note": "Jede Antwort wird sofort gespeichert.",
        "later_label": "Später weitermachen",
        "later_body": (
            "Ihre Antworten werden laufend gespeichert. Mit diesem Link machen Sie später "
            "weiter, auf diesem oder einem anderen Gerät. Er gehört nur Ihnen: wer ihn hat, "
            "kann Ihre Antworten sehen und ändern, bis Sie sie absenden."
        ),
        "snapshot_title": "Vielen Dank!",
        "snapshot_intro": (
            "Ihre Antworten sind abgeschickt. Das ist Ihr persönliches Bild: Ihre eigene "
            "Sicht auf jede Dimension, neben dem Ziel, das Ihre Organisation gesetzt hat. "
            "Nur Sie sehen es."
        ),
        "snapshot_chart_label": (
            "Ihre Werte je Dimension, das Ziel und die Ergebnisse der Gruppen"
        ),
        "snapshot_role_wait": (
            "Die Ergebnisse Ihrer Rolle erscheinen, sobald mindestens {k} Personen darin "
            "geantwortet haben."
        ),
        "snapshot_org_wait": (
            "Die Ergebnisse der Organisation erscheinen, sobald mindestens {k} Personen "
            "geantwortet haben."
        ),
        "snapshot_dimension": (
            "**{name}**: Sie {own} (Stufe {level}, {level_name}) · Ziel Stufe {target}"
        ),
        "snapshot_dimension_unscored": "**{name}**: kein Wert (Sie haben „weiß nicht“ gewählt)",
        "snapshot_role": "Ihre Rolle {value}",
        "snapshot_organisation": "Organisation {value}",
        "snapshot_actions": "Was helfen könnte",
        "snapshot_actions_intro": (
            "Maßnahmen, die zu Ihrer Rolle und Ihren schwächsten Dimensionen passen:"
        ),
        "snapshot_action_owner": "Verantwortlich: {owner}",
        "snapshot_keep": "Mit Ihrem Link sehen Sie dieses Bild später wieder:",
        "erase_label": "Meine Antworten löschen",
        "erase_body": (
            "Damit löschen Sie alle Antworten und Kommentare, die Sie in dieser Umfrage "
            "gegeben haben, endgültig. Die Ergebnisse werden ohne sie neu berechnet. "
            "Niemand kann sie zurückholen, und Ihr Link öffnet danach nichts mehr."
        ),
        "erase_confirm": "Ja, alle meine Antworten löschen",
        "erase_button": "Meine Antworten löschen",
        "erase_confirm_first": "Bitte bestätigen Sie zuerst mit dem Häkchen.",
        "erased_title": "Ihre Antworten sind gelöscht",
        "erased_body": (
            "Von Ihren Antworten in dieser Umfrage ist nichts mehr gespeichert, und Ihr "
            "Link öffnet nichts mehr. Sie können diese Seite schließen."
        ),
        "already_submitted": (
            "Sie haben Ihre Antworten bereits abgeschickt. Hier ist Ihr persönliches Bild."
        ),
        "error-too-long": "Ihre Antwort ist zu lang; bitte kürzen Sie sie.",
        "error-out-of-range": "Bitte geben Sie eine Zahl von {low} bis {high} ein.",
        "error-assessment-closed": (
            "Diese Umfrage ist beendet; Ihre Antwort konnte nicht gespeichert werden."
        ),
        "error-assessment-not-open": (
            "Diese Umfrage ist noch nicht geöffnet; bitte kommen Sie später wieder."
        ),
        "error-already-submitted": (
            "Ihre Antworten sind bereits abgeschickt; es ist nichts mehr zu tun."
        ),
        "error-bad-secret": "Dieser Link führt zu keiner Antwort. Bitte prüfen Sie ihn.",
        "error-unknown-role": "Bitte wählen Sie eine der angebotenen Rollen.",
        "error-unknown-team": "Bitte wählen Sie eines der angebotenen Teams.",
        "error-not-a-number": "Bitte geben Sie eine Zahl ein.",
        "error-option-not-offered": "Bitte wählen Sie eine der angebotenen Antworten.",
        "error-unknown-assessment": "Diese Umfrage gibt es nicht mehr.",
        "error-disk-full": (
            "Ihre letzte Antwort konnte nicht gespeichert werden: der Speicher des Servers "
            "ist voll. Alles, was Sie vorher gespeichert haben, ist sicher. Bitte versuchen "
            "Sie es in ein paar Minuten noch einmal."
        ),
        "error-storage-failed": (
            "Ihre letzte Antwort konnte wegen eines Problems auf dem Server nicht "
            "gespeichert werden. Alles, was Sie vorher gespeichert haben, ist sicher. Bitte "
            "versuchen Sie es noch einmal."
        ),
        "error-storage-reopened": (
            "Ihre letzte Antwort konnte wegen eines Problems auf dem Server nicht "
            "gespeichert werden. Alles, was Sie vorher gespeichert haben, ist sicher. Bitte "
            "versuchen Sie es noch einmal."
        ),
        "error-unknown-response": "Diese Antworten wurden bereits gelöscht.",
    },
}


def t(key: str, lang: str, **fmt: object) -> str:
    """The string `key` in `lang` (English when the language or the key is missing),
    with `fmt` filled in."""
    table = STRINGS.get(lang, STRINGS[DEFAULT_LANGUAGE])
    text = table.get(key, STRINGS[DEFAULT_LANGUAGE][key])
    return text.format(**fmt) if fmt else text


def has(key: str) -> bool:
    """Whether `key` is one of the respondent UI's strings."""
    return key in STRINGS[DEFAULT_LANGUAGE]


# The live workshop's phone pages (assessment/ui/join.py).
WORKSHOP_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "ws_page_title": "Join a workshop",
        "ws_code_intro": "Type the code shown on the shared screen, or scan its QR code.",
        "ws_code_label": "Workshop code",
        "ws_code_placeholder": "for example K7MQ4T",
        "ws_code_button": "Join",
        "ws_unknown_title": "We could not find this workshop",
        "ws_unknown_body": (
            "No running workshop has the code **{code}**. Check the code on the shared "
            "screen and type it again below."
        ),
        "ws_ended_title": "This workshop has ended",
        "ws_ended_body": (
            "It takes no more answers. Answers given during the workshop are kept. "
            "Thank you for taking part."
        ),
        "ws_bad_secret_title": "This link no longer leads to your place",
        "ws_bad_secret_body": (
            "Join again with the code on the shared screen. Nothing you answered before "
            "can be linked to you."
        ),
        "ws_welcome": (
            "You take part anonymously: no name, no e-mail. Results appear on the shared "
            "screen only for groups of at least {k} people, and never for one person."
        ),
        "ws_role": "Your role",
        "ws_team": "Your team",
        "ws_team_placeholder": "Choose your team",
        "ws_join": "Join the workshop",
        "ws_joining_needs_role": "Choose your role first.",
        "ws_joining_needs_team": "Choose your team first.",
        "ws_lobby_title": "You are in",
        "ws_lobby_body": (
            "The facilitator will start in a moment; this page follows along by itself. "
            "Keep it open."
        ),
        "ws_follow_note": "This page moves on when the facilitator does.",
        "ws_step": "Part {n} of {total}",
        "ws_all_answered": (
            "Thank you, your answers are in. You can still change them until the "
            "facilitator moves on."
        ),
        "ws_nothing_for_role": "Nothing to answer here for your role. Please wait a moment.",
        "ws_overview_title": "That was the last question",
        "ws_overview_body": "Look at the shared screen for the overview. Thank you!",
        "ws_back": "Back",
        "ws_next": "Next",
        "ws_finish": "Finish",
        "ws_done_title": "Thank you, your answers are in",
        "ws_done_body": (
            "Look at the shared screen. You can change your answers until the workshop ends."
        ),
        "ws_change": "Change my answers",
        "ws_saved": "Each answer is saved as you tap it.",
        "ws_saved_count": "{n} of {total} answers saved ✓",
        "ws_leave_label": "Delete my answers and leave",
        "ws_leave_body": (
            "This deletes every answer you gave in this workshop, for good; the shared "
            "screen counts the room again without them."
        ),
        "ws_leave_confirm": "Yes, delete my answers",
        "ws_leave_button": "Delete my answers",
        "ws_leave_confirm_first": "Tick the box first, to confirm.",
        "ws_erased_title": "Your answers are deleted",
        "ws_erased_body": (
            "Nothing you answered in this workshop is stored any more. You can close this page."
        ),
        "ws_rejoin_note": (
            "If your phone locks, open this page again: you come back to your own answers."
        ),
        "ws_dont_know": "Don't know",
        "error-not-yet": "The facilitator has not opened this part yet. Please wait a moment.",
        "error-workshop-ended": "The workshop has ended. Your earlier answers are kept.",
        "error-unknown-code": "No workshop has this code. Check it on the shared screen.",
    },
    "de": {
        "ws_page_title": "An einem Workshop teilnehmen",
        "ws_code_intro": (
            "Geben Sie den Code vom gemeinsamen Bildschirm ein oder scannen Sie den QR-Code."
        ),
        "ws_code_label": "Workshop-Code",
        "ws_code_placeholder": "zum Beispiel K7MQ4T",
        "ws_code_button": "Teilnehmen",
        "ws_unknown_title": "Wir haben diesen Workshop nicht gefunden",
        "ws_unknown_body": (
            "Kein laufender Workshop hat den Code **{code}**. Prüfen Sie den Code auf dem "
            "gemeinsamen Bildschirm und geben Sie ihn unten erneut ein."
        ),
        "ws_ended_title": "Dieser Workshop ist beendet",
        "ws_ended_body": (
            "Er nimmt keine Antworten mehr an. Die im Workshop gegebenen Antworten bleiben "
            "erhalten. Vielen Dank für Ihre Teilnahme."
        ),
        "ws_bad_secret_title": "Dieser Link führt nicht mehr zu Ihrem Platz",
        "ws_bad_secret_body": (
            "Nehmen Sie mit dem Code auf dem gemeinsamen Bildschirm erneut teil. Nichts, "
            "was Sie vorher geantwortet haben, lässt sich Ihnen zuordnen."
        ),
        "ws_welcome": (
            "Sie nehmen anonym teil: kein Name, keine E-Mail. Ergebnisse erscheinen auf dem "
            "gemeinsamen Bildschirm nur für Gruppen von mindestens {k} Personen und nie für "
            "eine einzelne Person."
        ),
        "ws_role": "Ihre Rolle",
        "ws_team": "Ihr Team",
        "ws_team_placeholder": "Wählen Sie Ihr Team",
        "ws_join": "Am Workshop teilnehmen",
        "ws_joining_needs_role": "Wählen Sie zuerst Ihre Rolle.",
        "ws_joining_needs_team": "Wählen Sie zuerst Ihr Team.",
        "ws_lobby_title": "Sie sind dabei",
        "ws_lobby_body": (
            "Die Moderation beginnt gleich; diese Seite folgt von selbst. Lassen Sie sie geöffnet."
        ),
        "ws_follow_note": "Diese Seite geht weiter, sobald die Moderation weitergeht.",
        "ws_step": "Teil {n} von {total}",
        "ws_all_answered": (
            "Danke, Ihre Antworten sind angekommen. Sie können sie noch ändern, bis die "
            "Moderation weitergeht."
        ),
        "ws_nothing_for_role": "Hier gibt es für Ihre Rolle nichts zu beantworten. Bitte warten.",
        "ws_overview_title": "Das war die letzte Frage",
        "ws_overview_body": "Die Übersicht sehen Sie auf dem gemeinsamen Bildschirm. Danke!",
        "ws_back": "Zurück",
        "ws_next": "Weiter",
        "ws_finish": "Fertig",
        "ws_done_title": "Danke, Ihre Antworten sind angekommen",
        "ws_done_body": (
            "Schauen Sie auf den gemeinsamen Bildschirm. Bis zum Ende des Workshops können "
            "Sie Ihre Antworten noch ändern."
        ),
        "ws_change": "Antworten ändern",
        "ws_saved": "Jede Antwort wird gespeichert, sobald Sie sie antippen.",
        "ws_saved_count": "{n} von {total} Antworten gespeichert ✓",
        "ws_leave_label": "Meine Antworten löschen und gehen",
        "ws_leave_body": (
            "Damit löschen Sie alle Antworten, die Sie in diesem Workshop gegeben haben, "
            "endgültig; der gemeinsame Bildschirm zählt den Raum ohne sie neu."
        ),
        "ws_leave_confirm": "Ja, meine Antworten löschen",
        "ws_leave_button": "Meine Antworten löschen",
        "ws_leave_confirm_first": "Bitte bestätigen Sie zuerst mit dem Häkchen.",
        "ws_erased_title": "Ihre Antworten sind gelöscht",
        "ws_erased_body": (
            "Von Ihren Antworten in diesem Workshop ist nichts mehr gespeichert. Sie können "
            "diese Seite schließen."
        ),
        "ws_rejoin_note": (
            "Wenn Ihr Telefon sperrt, öffnen Sie diese Seite erneut: Sie kommen zu Ihren "
            "eigenen Antworten zurück."
        ),
        "ws_dont_know": "Weiß nicht",
        "error-not-yet": "Die Moderation hat diesen Teil noch nicht geöffnet. Bitte warten.",
        "error-workshop-ended": "Der Workshop ist beendet. Ihre Antworten bleiben erhalten.",
        "error-unknown-code": "Kein Workshop hat diesen Code. Prüfen Sie ihn am Bildschirm.",
    },
}
for _lang, _extra in WORKSHOP_STRINGS.items():
    STRINGS[_lang].update(_extra)


# Per-person codes and the open link's cap per team (assessment/ui/respond.py).
ACCESS_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "person_code_title": "Your personal code",
        "person_code_intro": (
            "This survey is answered with a personal code, so that everyone answers once. "
            "Type the code from your invitation, or open the link in it."
        ),
        "person_code_label": "Personal code",
        "person_code_placeholder": "for example ACDE-FGHJ-KMNP",
        "person_code_button": "Continue",
        "person_code_private": (
            "The code is not linked to you or to your answers: GapMap only notes that it "
            "has been used."
        ),
        "person_code_ok": "Your personal code: **{code}**. It is used up when you press Start.",
        "person_code_change": "Use a different code",
        "privacy_code": (
            "Your personal code makes sure everyone answers once. It is not linked to your "
            "answers: GapMap only notes that it has been used."
        ),
        "privacy_capped": (
            "This link takes at most as many answers from each team as the team has people."
        ),
        "error-code-required": "Please type your personal code first.",
        "error-code-malformed": (
            "A personal code has 12 letters and digits, like ACDE-FGHJ-KMNP. Please check "
            "the code in your invitation and type it again."
        ),
        "error-code-unknown": (
            "This code does not belong to this survey. Please check the code in your "
            "invitation and type it again, or ask the person who invited you."
        ),
        "error-code-used": (
            "This code has been used already: each code starts one response. If you "
            "started answering before, open your “Continue later” link. Otherwise please "
            "ask the person who invited you for a new code."
        ),
        "error-team-full": (
            "Your team has already given as many answers as it has people, so this link "
            "takes no more for it. If you have not answered yet, please contact the person "
            "who invited you."
        ),
    },
    "de": {
        "person_code_title": "Ihr persönlicher Code",
        "person_code_intro": (
            "Diese Umfrage wird mit einem persönlichen Code beantwortet, damit alle genau "
            "einmal antworten. Geben Sie den Code aus Ihrer Einladung ein oder öffnen Sie "
            "den Link darin."
        ),
        "person_code_label": "Persönlicher Code",
        "person_code_placeholder": "zum Beispiel ACDE-FGHJ-KMNP",
        "person_code_button": "Weiter",
        "person_code_private": (
            "Der Code ist weder mit Ihnen noch mit Ihren Antworten verknüpft: GapMap "
            "vermerkt nur, dass er verwendet wurde."
        ),
        "person_code_ok": (
            "Ihr persönlicher Code: **{code}**. Er wird verbraucht, wenn Sie auf „Los "
            "geht's“ drücken."
        ),
        "person_code_change": "Einen anderen Code verwenden",
        "privacy_code": (
            "Ihr persönlicher Code sorgt dafür, dass alle nur einmal antworten. Er ist "
            "nicht mit Ihren Antworten verknüpft: GapMap vermerkt nur, dass er verwendet "
            "wurde."
        ),
        "privacy_capped": (
            "Dieser Link nimmt von jedem Team höchstens so viele Antworten an, wie das "
            "Team Personen hat."
        ),
        "error-code-required": "Bitte geben Sie zuerst Ihren persönlichen Code ein.",
        "error-code-malformed": (
            "Ein persönlicher Code hat 12 Buchstaben und Ziffern, etwa ACDE-FGHJ-KMNP. "
            "Bitte prüfen Sie den Code in Ihrer Einladung und geben Sie ihn erneut ein."
        ),
        "error-code-unknown": (
            "Dieser Code gehört nicht zu dieser Umfrage. Bitte prüfen Sie den Code in Ihrer "
            "Einladung und geben Sie ihn erneut ein, oder fragen Sie die Person, die Sie "
            "eingeladen hat."
        ),
        "error-code-used": (
            "Dieser Code wurde bereits verwendet: Jeder Code startet eine Antwort. Wenn Sie "
            "schon angefangen haben, öffnen Sie Ihren Link „Später weitermachen“. Sonst "
            "bitten Sie die Person, die Sie eingeladen hat, um einen neuen Code."
        ),
        "error-team-full": (
            "Ihr Team hat bereits so viele Antworten gegeben, wie es Personen hat; dieser "
            "Link nimmt für das Team keine weiteren an. Wenn Sie noch nicht geantwortet "
            "haben, wenden Sie sich bitte an die Person, die Sie eingeladen hat."
        ),
    },
}
for _lang, _extra in ACCESS_STRINGS.items():
    STRINGS[_lang].update(_extra)
