"""Errors the domain raises on purpose: a stable code for programs, a message for people.

Every refusal is raised by its code and the values its message names
(`ResponseError("out-of-range", low=1, high=5)`); the message comes from `MESSAGES`, in
English and German, so a code reads the same wherever it is raised. A code that covers
situations a program treats alike but a person must be told apart has a message per
`variant` (`TransferError("unreadable-file", variant="pdf", file=name)`). The problems an
import reports per row and column (`transfer.RowProblem`) are worded from `MESSAGES` too.
A value that each language writes its own way (a number: "2.5", German "2,5") is given
as a `Text` and read in the message's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from assessment import words
from assessment.words import Text

# fmt: off
MESSAGES: dict[str, Text] = {
    # --- organisations, assessments, teams ---------------------------------------------------
    "unknown-organisation": Text(
        en="This organisation does not exist.",
        de="Diese Organisation gibt es nicht.",
    ),
    "unknown-assessment": Text(
        en="There is no such assessment.",
        de="Diese Erhebung gibt es nicht.",
    ),
    "unknown-questionnaire": Text(
        en="The questionnaire snapshot is missing.",
        de="Der gespeicherte Fragebogen fehlt.",
    ),
    "broken-snapshot": Text(
        en="The stored questionnaire no longer loads: {problems}",
        de="Der gespeicherte Fragebogen lässt sich nicht mehr laden: {problems}",
    ),
    "bad-setting": Text(
        en="Start a new wave from the earlier assessment.",
        de="Beginnen Sie eine neue Welle von der früheren Erhebung aus.",
    ),
    "unknown-language": Text(
        en="This language is not offered here.",
        de="Diese Sprache wird hier nicht angeboten.",
    ),
    "unknown-language.questionnaire": Text(
        en="The questionnaire is not written in {missing}; it offers {offered}.",
        de="Der Fragebogen ist nicht in {missing} geschrieben; er bietet {offered}.",
    ),
    "unknown-language.import": Text(
        en="{value} is not a language of this assessment; use {offered}.",
        de="{value} ist keine Sprache dieser Erhebung; verwenden Sie {offered}.",
    ),
    "threshold-too-low": Text(
        en="The anonymity threshold must be at least {minimum} people.",
        de="Die Anonymitätsschwelle muss mindestens {minimum} Personen betragen.",
    ),
    "comment-threshold-too-low": Text(
        en="The comment threshold cannot be lower than the anonymity threshold.",
        de="Die Schwelle für Kommentare darf nicht unter der Anonymitätsschwelle liegen.",
    ),
    "dates-reversed": Text(
        en="The closing date must be after the opening date.",
        de="Das Enddatum muss nach dem Startdatum liegen.",
    ),
    "purpose-too-long": Text(
        en="The purpose text is limited to {limit} characters.",
        de="Der Text zum Zweck darf höchstens {limit} Zeichen lang sein.",
    ),
    "empty-name.organisation": Text(
        en="Give the organisation a name.",
        de="Geben Sie der Organisation einen Namen.",
    ),
    "empty-name.assessment": Text(
        en="Give the assessment a name.",
        de="Geben Sie der Erhebung einen Namen.",
    ),
    "empty-name.team": Text(
        en="Give the team a name.",
        de="Geben Sie dem Team einen Namen.",
    ),
    "name-too-long.organisation": Text(
        en="The organisation name is longer than {limit} characters.",
        de="Der Name der Organisation ist länger als {limit} Zeichen.",
    ),
    "name-too-long.assessment": Text(
        en="The assessment name is longer than {limit} characters.",
        de="Der Name der Erhebung ist länger als {limit} Zeichen.",
    ),
    "name-too-long.team": Text(
        en="The team name is longer than {limit} characters.",
        de="Der Name des Teams ist länger als {limit} Zeichen.",
    ),
    "bad-team-id": Text(
        en="Team id {team!r} must be 1-40 lower-case letters, digits or dashes.",
        de="Die Team-ID {team!r} muss aus 1 bis 40 Kleinbuchstaben, Ziffern oder Bindestrichen bestehen.",  # noqa: E501
    ),
    "duplicate-team": Text(
        en="Team {team!r} is listed twice.",
        de="Das Team {team!r} steht zweimal in der Liste.",
    ),
    "bad-head-count": Text(
        en="Team {team!r}: the head-count cannot be negative.",
        de="Team {team!r}: Die Zahl der Personen kann nicht negativ sein.",
    ),
    "team-has-responses": Text(
        en=(
            "Team {team!r} has responses, so it cannot be removed: merge it into another "
            "team instead, and its responses move there."
        ),
        de=(
            "Das Team {team!r} hat Antworten und kann darum nicht entfernt werden: Führen "
            "Sie es stattdessen mit einem anderen Team zusammen, dann ziehen seine "
            "Antworten dorthin um."
        ),
    ),
    "merge-into-itself": Text(
        en="Choose another team to merge {team!r} into.",
        de="Wählen Sie ein anderes Team, mit dem {team!r} zusammengeführt wird.",
    ),
    "no-such-team": Text(
        en="This assessment has no team {team!r} (any more).",
        de="Diese Erhebung hat (inzwischen) kein Team {team!r}.",
    ),
    "questionnaire-fixed": Text(
        en=(
            "The questionnaire is fixed once answers exist, so that every answer is scored "
            "against the questions it answered. A new version of the questionnaire means "
            "a new wave: start one from this assessment."
        ),
        de=(
            "Sobald Antworten vorliegen, steht der Fragebogen fest, damit jede Antwort an "
            "den Fragen gemessen wird, auf die sie antwortet. Eine neue Fassung des "
            "Fragebogens bedeutet eine neue Welle: Beginnen Sie eine von dieser Erhebung aus."
        ),
    ),
    "no-languages": Text(
        en="Keep at least one language.",
        de="Behalten Sie mindestens eine Sprache.",
    ),
    "unknown-dimension": Text(
        en="The questionnaire has no dimension {dimension!r}.",
        de="Der Fragebogen hat keine Dimension {dimension!r}.",
    ),
    "bad-target": Text(
        en="The target for {dimension!r} must be a level from 1 to {top}.",
        de="Das Ziel für {dimension!r} muss eine Stufe von 1 bis {top} sein.",
    ),
    "bad-grouping": Text(
        en=(
            "Comments are shown for the whole organisation only, so that no comment can be "
            "placed in a small group."
        ),
        de=(
            "Kommentare werden nur für die ganze Organisation gezeigt, damit sich kein "
            "Kommentar einer kleinen Gruppe zuordnen lässt."
        ),
    ),
    "unknown-view": Text(
        en="No view {view!r}; views are: {views}.",
        de="Es gibt keine Ansicht {view!r}; die Ansichten sind: {views}.",
    ),
    "poster-failed": Text(
        en="The poster could not be rendered.",
        de="Der Aushang konnte nicht erstellt werden.",
    ),
    "sheet-failed": Text(
        en="The sheet of codes could not be rendered.",
        de="Der Bogen mit den Codes konnte nicht erstellt werden.",
    ),
    "no-demo-questionnaire": Text(
        en="None of {files} in {folder} loads without errors.",
        de="Keine der Dateien {files} in {folder} lässt sich fehlerfrei laden.",
    ),
    "demo-size": Text(
        en="A demo has {low} to {high} respondents, not {value}.",
        de="Eine Demo hat {low} bis {high} Befragte, nicht {value}.",
    ),
    # --- agreed actions --------------------------------------------------------------------
    "bad-title": Text(
        en="The title needs between 1 and {limit} characters.",
        de="Der Titel braucht 1 bis {limit} Zeichen.",
    ),
    "bad-owner": Text(
        en="The owner needs between 1 and {limit} characters.",
        de="Die verantwortliche Person braucht 1 bis {limit} Zeichen.",
    ),
    "unknown-action": Text(
        en="There is no such agreed action.",
        de="Diese vereinbarte Maßnahme gibt es nicht.",
    ),
    "bad-due-date": Text(
        en="The due date must be a date.",
        de="Das Fälligkeitsdatum muss ein Datum sein.",
    ),
    "bad-status": Text(
        en="An agreed action is open, in progress, done or dropped.",
        de="Eine vereinbarte Maßnahme ist offen, in Arbeit, erledigt oder verworfen.",
    ),
    # --- accounts and sign-in --------------------------------------------------------------
    "bad-username": Text(
        en=(
            "A user name has 2 to 64 characters: letters, digits, and . _ @ - "
            "(it must start with a letter or digit)."
        ),
        de=(
            "Ein Benutzername hat 2 bis 64 Zeichen: Buchstaben, Ziffern und . _ @ - "
            "(am Anfang ein Buchstabe oder eine Ziffer)."
        ),
    ),
    "weak-password.short": Text(
        en="A password needs at least {minimum} characters.",
        de="Ein Passwort braucht mindestens {minimum} Zeichen.",
    ),
    "weak-password.long": Text(
        en="A password can have at most {maximum} characters.",
        de="Ein Passwort kann höchstens {maximum} Zeichen haben.",
    ),
    "weak-password.common": Text(
        en="That password is too easy to guess.",
        de="Dieses Passwort ist zu leicht zu erraten.",
    ),
    "weak-password.missing": Text(
        en="Give a password, or an e-mail address for single sign-on.",
        de="Geben Sie ein Passwort an oder eine E-Mail-Adresse für die Anmeldung über Ihre Organisation.",  # noqa: E501
    ),
    "weak-password.same": Text(
        en="The new password is the same as the current one. Choose another.",
        de="Das neue Passwort ist dasselbe wie das bisherige. Wählen Sie ein anderes.",
    ),
    "disable-self": Text(
        en="You cannot disable your own account; another consultant or the command line can.",
        de="Ihr eigenes Konto können Sie nicht sperren; das kann eine andere Beratung oder die Kommandozeile.",  # noqa: E501
    ),
    "bad-current-password": Text(
        en="The current password is wrong. Your password was not changed.",
        de="Das bisherige Passwort ist falsch. Ihr Passwort wurde nicht geändert.",
    ),
    "reset-link.expired": Text(
        en=(
            "This password-reset link has expired: a link works for {hours} hours, and only "
            "the newest one for an account. Ask your consultant for a new link."
        ),
        de=(
            "Dieser Link zum Zurücksetzen des Passworts ist abgelaufen: Ein Link gilt {hours} "
            "Stunden, und nur der neueste für ein Konto. Bitten Sie Ihre Beratung um einen "
            "neuen Link."
        ),
    ),
    "reset-link.used": Text(
        en=(
            "This password-reset link has been used already; each link works once. Sign in "
            "with the new password, or ask your consultant for a new link."
        ),
        de=(
            "Dieser Link zum Zurücksetzen des Passworts wurde schon benutzt; jeder Link gilt "
            "nur einmal. Melden Sie sich mit dem neuen Passwort an, oder bitten Sie Ihre "
            "Beratung um einen neuen Link."
        ),
    ),
    "reset-link.unknown": Text(
        en=(
            "This password-reset link is not valid. Check that the whole link was copied, "
            "or ask your consultant for a new one."
        ),
        de=(
            "Dieser Link zum Zurücksetzen des Passworts ist ungültig. Prüfen Sie, ob der "
            "ganze Link kopiert wurde, oder bitten Sie Ihre Beratung um einen neuen."
        ),
    ),
    "unknown-account": Text(
        en="There is no such account.",
        de="Dieses Konto gibt es nicht.",
    ),
    "username-taken": Text(
        en="The user name {username!r} is taken already.",
        de="Der Benutzername {username!r} ist schon vergeben.",
    ),
    "bad-display-name": Text(
        en="A display name has at most 100 characters.",
        de="Ein Anzeigename hat höchstens 100 Zeichen.",
    ),
    "bad-email": Text(
        en="That does not look like an e-mail address.",
        de="Das sieht nicht wie eine E-Mail-Adresse aus.",
    ),
    "bad-role": Text(
        en="An account is either a consultant or leadership.",
        de="Ein Konto gehört entweder einer Beraterin oder einem Berater oder der Leitung.",
    ),
    "organisation-required": Text(
        en="A leadership account needs its organisation.",
        de="Ein Konto der Leitung braucht seine Organisation.",
    ),
    "setup-done": Text(
        en="GapMap is set up already: please sign in.",
        de="GapMap ist bereits eingerichtet: Bitte melden Sie sich an.",
    ),
    "throttled.seconds": Text(
        en="Too many failed sign-ins for this account. Try again in {seconds} seconds.",
        de="Zu viele fehlgeschlagene Anmeldungen für dieses Konto. Versuchen Sie es in {seconds} Sekunden erneut.",  # noqa: E501
    ),
    "throttled.minute": Text(
        en="Too many failed sign-ins for this account. Try again in 1 minute.",
        de="Zu viele fehlgeschlagene Anmeldungen für dieses Konto. Versuchen Sie es in 1 Minute erneut.",  # noqa: E501
    ),
    "throttled.minutes": Text(
        en="Too many failed sign-ins for this account. Try again in {minutes} minutes.",
        de="Zu viele fehlgeschlagene Anmeldungen für dieses Konto. Versuchen Sie es in {minutes} Minuten erneut.",  # noqa: E501
    ),
    "throttled.rate": Text(
        en="Too many sign-in attempts right now. Try again in {seconds} seconds.",
        de="Gerade gibt es zu viele Anmeldeversuche. Versuchen Sie es in {seconds} Sekunden erneut.",  # noqa: E501
    ),
    "sign-in-busy": Text(
        en="GapMap is busy checking other sign-ins. Try again in a moment.",
        de="GapMap prüft gerade andere Anmeldungen. Versuchen Sie es gleich noch einmal.",
    ),
    "bad-credentials": Text(
        en="The user name or the password is wrong.",
        de="Benutzername oder Passwort ist falsch.",
    ),
    "account-disabled": Text(
        en="This account is disabled; ask your consultant.",
        de="Dieses Konto ist gesperrt; wenden Sie sich an Ihre Beratung.",
    ),
    "no-account-for-email": Text(
        en=(
            "You are signed in with your organisation, but GapMap has no account for "
            "that e-mail address. Ask your consultant to add it."
        ),
        de=(
            "Sie sind über Ihre Organisation angemeldet, aber GapMap hat kein Konto für "
            "diese E-Mail-Adresse. Bitten Sie Ihre Beratung, es anzulegen."
        ),
    ),
    "not-signed-in": Text(
        en="Please sign in.",
        de="Bitte melden Sie sich an.",
    ),
    "session-expired": Text(
        en="Your session has ended. Please sign in again.",
        de="Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.",
    ),
    "forbidden": Text(
        en="Your account may not do this.",
        de="Ihr Konto darf das nicht.",
    ),
    # --- answering ---------------------------------------------------------------------------
    "assessment-closed": Text(
        en=(
            "This survey is closed and takes no more answers. Answers given before it "
            "closed are kept."
        ),
        de=(
            "Diese Umfrage ist beendet und nimmt keine Antworten mehr an. Vorher gegebene "
            "Antworten bleiben erhalten."
        ),
    ),
    "assessment-not-open": Text(
        en="This survey opens on {opens}. Please come back then.",
        de="Diese Umfrage beginnt am {opens}. Bitte kommen Sie dann wieder.",
    ),
    "team-full": Text(
        en=(
            "Team {team} has already given as many answers as it has people, so this "
            "link takes no more for it. If you have not answered yet, please contact the "
            "person who invited you."
        ),
        de=(
            "Das Team {team} hat bereits so viele Antworten gegeben, wie es Personen hat; "
            "dieser Link nimmt für das Team keine weiteren an. Wenn Sie noch nicht "
            "geantwortet haben, wenden Sie sich bitte an die Person, die Sie eingeladen hat."
        ),
    ),
    "unknown-role": Text(
        en="Please choose one of the roles offered.",
        de="Bitte wählen Sie eine der angebotenen Rollen.",
    ),
    "unknown-role.import": Text(
        en="{value} is not a role. Use one of: {roles}.",
        de="{value} ist keine Rolle. Verwenden Sie eine von: {roles}.",
    ),
    "unknown-role.import-missing": Text(
        en="No role given. Use one of: {roles}.",
        de="Keine Rolle angegeben. Verwenden Sie eine von: {roles}.",
    ),
    "unknown-team": Text(
        en="Please choose one of the teams offered.",
        de="Bitte wählen Sie eines der angebotenen Teams.",
    ),
    "unknown-team.none": Text(
        en="This assessment has no teams; leave team empty.",
        de="Diese Erhebung hat keine Teams; lassen Sie das Team leer.",
    ),
    "unknown-team.import": Text(
        en="{value} is not a team. Use one of: {teams}.",
        de="{value} ist kein Team. Verwenden Sie eines von: {teams}.",
    ),
    "unknown-team.import-missing": Text(
        en="No team given. Use one of: {teams}.",
        de="Kein Team angegeben. Verwenden Sie eines von: {teams}.",
    ),
    "unknown-item": Text(
        en="There is no question {item!r}.",
        de="Es gibt keine Frage {item!r}.",
    ),
    "item-not-for-role": Text(
        en="Question {item!r} is not asked of this role.",
        de="Die Frage {item!r} wird dieser Rolle nicht gestellt.",
    ),
    "dont-know-not-offered": Text(
        en="Question {item!r} has no \u201cdon't know\u201d answer.",
        de="Die Frage {item!r} hat keine Antwort \u201eweiß nicht\u201c.",
    ),
    "option-not-offered": Text(
        en="Please choose one of the answers offered.",
        de="Bitte wählen Sie eine der angebotenen Antworten.",
    ),
    "option-not-offered.import": Text(
        en="{value} is not an answer to {item}: use one of {options}, an option's score ({scores}) or its number from 1 to {count}.",  # noqa: E501
        de="{value} ist keine Antwort auf {item}: Verwenden Sie eine von {options}, den Wert einer Option ({scores}) oder ihre Nummer von 1 bis {count}.",  # noqa: E501
    ),
    "option-not-offered.import-unscored": Text(
        en="{value} is not an answer to {item}: use one of {options}, or a number from 1 to {count}.",  # noqa: E501
        de="{value} ist keine Antwort auf {item}: Verwenden Sie eine von {options} oder eine Zahl von 1 bis {count}.",  # noqa: E501
    ),
    "option-not-offered.import-score": Text(
        en="{value} is not the score of an option of {item} (numbers are read as scores): use one of {scores}, or an option's text ({options}).",  # noqa: E501
        de="{value} ist nicht der Wert einer Option von {item} (Zahlen werden als Werte gelesen): Verwenden Sie einen von {scores} oder den Text einer Option ({options}).",  # noqa: E501
    ),
    "option-not-offered.import-position": Text(
        en="{value} is not an option number of {item} (numbers are read as positions): use a number from 1 to {count}, or an option's text ({options}).",  # noqa: E501
        de="{value} ist keine Optionsnummer von {item} (Zahlen werden als Positionen gelesen): Verwenden Sie eine Zahl von 1 bis {count} oder den Text einer Option ({options}).",  # noqa: E501
    ),
    "ambiguous-value": Text(
        en="{value} in {item} could mean {first_option} ({first}) or {second_option} ({second}), so it was not read. Say how the file's numbers are meant: values score, position or text.",  # noqa: E501
        de="{value} in {item} kann {first_option} ({first}) oder {second_option} ({second}) bedeuten und wurde daher nicht gelesen. Geben Sie an, wie die Zahlen der Datei gemeint sind: Werte score, position oder text.",  # noqa: E501
    ),
    "mixed-values.score": Text(
        en="{value} in {item} can only be an option's score, but {other} in row {row} can only be an option's number, so neither was read. Say how the file's numbers are meant: values score, position or text.",  # noqa: E501
        de="{value} in {item} kann nur der Wert einer Option sein, {other} in Zeile {row} aber nur die Nummer einer Option, daher wurde keines von beiden gelesen. Geben Sie an, wie die Zahlen der Datei gemeint sind: Werte score, position oder text.",  # noqa: E501
    ),
    "mixed-values.position": Text(
        en="{value} in {item} can only be an option's number, but {other} in row {row} can only be an option's score, so neither was read. Say how the file's numbers are meant: values score, position or text.",  # noqa: E501
        de="{value} in {item} kann nur die Nummer einer Option sein, {other} in Zeile {row} aber nur der Wert einer Option, daher wurde keines von beiden gelesen. Geben Sie an, wie die Zahlen der Datei gemeint sind: Werte score, position oder text.",  # noqa: E501
    ),
    "number-not-read.text": Text(
        en="{value} is a number, and this import reads {item} by option texts only (values text): use one of {options}.",  # noqa: E501
        de="{value} ist eine Zahl, und dieser Import liest {item} nur über die Texte der Optionen (Werte text): Verwenden Sie eine von {options}.",  # noqa: E501
    ),
    "number-not-read.no-scores": Text(
        en="{value} is a number, and the options of {item} have no scores (values score): use one of {options}.",  # noqa: E501
        de="{value} ist eine Zahl, und die Optionen von {item} haben keine Werte (Werte score): Verwenden Sie eine von {options}.",  # noqa: E501
    ),
    "option-not-offered.dont-know-and-more": Text(
        en="\u201cDon't know\u201d cannot be combined with other answers in {item}.",
        de="\u201eWeiß nicht\u201c lässt sich in {item} nicht mit anderen Antworten kombinieren.",
    ),
    "not-a-number": Text(
        en="Please give a number.",
        de="Bitte geben Sie eine Zahl ein.",
    ),
    "not-a-number.import": Text(
        en="{value} is not a number ({item} needs one).",
        de="{value} ist keine Zahl ({item} braucht eine).",
    ),
    "out-of-range": Text(
        en="Please give a number from {low} to {high}.",
        de="Bitte geben Sie eine Zahl von {low} bis {high} ein.",
    ),
    "not-text": Text(
        en="Question {item!r} needs text.",
        de="Die Frage {item!r} braucht einen Text.",
    ),
    "too-long": Text(
        en=(
            "Your answer is {length} characters long; this question takes at most "
            "{limit}. Please shorten it."
        ),
        de=(
            "Ihre Antwort ist {length} Zeichen lang; diese Frage nimmt höchstens {limit}. "
            "Bitte kürzen Sie sie."
        ),
    ),
    "unknown-channel": Text(
        en="Unknown channel {channel!r}.",
        de="Unbekannter Kanal {channel!r}.",
    ),
    "code-required": Text(
        en=(
            "This survey is answered with a personal code. Type the code from your "
            "invitation, or open the link in it."
        ),
        de=(
            "Diese Umfrage wird mit einem persönlichen Code beantwortet. Geben Sie den Code "
            "aus Ihrer Einladung ein oder öffnen Sie den Link darin."
        ),
    ),
    "code-malformed": Text(
        en=(
            "A personal code has {length} letters and digits, like {example}. Please check "
            "the code in your invitation and type it again."
        ),
        de=(
            "Ein persönlicher Code hat {length} Buchstaben und Ziffern, etwa {example}. "
            "Bitte prüfen Sie den Code in Ihrer Einladung und geben Sie ihn erneut ein."
        ),
    ),
    "code-unknown": Text(
        en=(
            "This code does not belong to this survey. Please check the code in your "
            "invitation and type it again, or ask the person who invited you."
        ),
        de=(
            "Dieser Code gehört nicht zu dieser Umfrage. Bitte prüfen Sie den Code in Ihrer "
            "Einladung und geben Sie ihn erneut ein, oder fragen Sie die Person, die Sie "
            "eingeladen hat."
        ),
    ),
    "bad-retention-days": Text(
        en="Keep unsubmitted responses for 1 to {limit} days.",
        de="Bewahren Sie nicht abgeschickte Antworten 1 bis {limit} Tage auf.",
    ),
    "too-many-attempts": Text(
        en="Too many tries from here. Please wait a minute and try again.",
        de=(
            "Zu viele Versuche von hier. Bitte warten Sie eine Minute und versuchen Sie es "
            "erneut."
        ),
    ),
    "code-used": Text(
        en=(
            "This code has been used already: each code starts one response. If you "
            "started answering before, open your \u201cContinue later\u201d link. Otherwise "
            "please ask the person who invited you for a new code."
        ),
        de=(
            "Dieser Code wurde bereits verwendet: Jeder Code startet eine Antwort. Wenn Sie "
            "schon angefangen haben, öffnen Sie Ihren Link \u201eSpäter weitermachen\u201c. "
            "Sonst bitten Sie die Person, die Sie eingeladen hat, um einen neuen Code."
        ),
    ),
    "bad-code-count": Text(
        en="Issue at least one code.",
        de="Geben Sie mindestens einen Code aus.",
    ),
    "too-many-codes": Text(
        en="Issue at most {limit} codes at a time; add more afterwards.",
        de="Geben Sie höchstens {limit} Codes auf einmal aus; weitere danach.",
    ),
    "bad-secret": Text(
        en=(
            "This link does not lead to your answers. Check that you copied the whole "
            "link, or start again from your invite link."
        ),
        de=(
            "Dieser Link führt nicht zu Ihren Antworten. Prüfen Sie, ob Sie den ganzen "
            "Link kopiert haben, oder beginnen Sie neu mit Ihrem Einladungslink."
        ),
    ),
    "already-submitted": Text(
        en="Your answers are submitted already; they can no longer change.",
        de="Ihre Antworten sind bereits abgeschickt; sie lassen sich nicht mehr ändern.",
    ),
    "not-submitted": Text(
        en="The snapshot appears once you have submitted.",
        de="Das persönliche Bild erscheint, sobald Sie abgeschickt haben.",
    ),
    "unknown-response": Text(
        en="No answers belong to this link: they were deleted already, or the link is mistyped.",
        de="Zu diesem Link gehören keine Antworten: Sie wurden schon gelöscht, oder der Link ist falsch.",  # noqa: E501
    ),
    "missing-required": Text(
        en="Required questions still without an answer: {count}.",
        de="Pflichtfragen noch ohne Antwort: {count}.",
    ),
    # a prefix: which of several submitted responses a refusal is about
    "in-response": Text(
        en="Response {response}:",
        de="Antwort {response}:",
    ),
    # --- storage ----------------------------------------------------------------------------
    "disk-full": Text(
        en=(
            "GapMap could not save this: the server's disk is full. Everything saved "
            "before is safe. Please try again later; if it keeps happening, tell the "
            "person who runs GapMap."
        ),
        de=(
            "GapMap konnte das nicht speichern: der Speicher des Servers ist voll. Alles "
            "vorher Gespeicherte ist sicher. Bitte versuchen Sie es später noch einmal; wenn "
            "es wieder geschieht, sagen Sie es der Person, die GapMap betreibt."
        ),
    ),
    "storage-failed": Text(
        en=(
            "GapMap could not save this because of a problem on the server. Everything "
            "saved before is safe. Please try again."
        ),
        de=(
            "GapMap konnte das wegen eines Problems auf dem Server nicht speichern. Alles "
            "vorher Gespeicherte ist sicher. Bitte versuchen Sie es noch einmal."
        ),
    ),
    "storage-reopened": Text(
        en=(
            "GapMap could not save this because of a problem on the server. Everything "
            "saved before is safe. Please try again."
        ),
        de=(
            "GapMap konnte das wegen eines Problems auf dem Server nicht speichern. Alles "
            "vorher Gespeicherte ist sicher. Bitte versuchen Sie es noch einmal."
        ),
    ),
    "storage-reopened.disk-full": Text(
        en=(
            "GapMap could not save this: the server's disk is full. Everything saved "
            "before is safe. Please try again later; if it keeps happening, tell the "
            "person who runs GapMap."
        ),
        de=(
            "GapMap konnte das nicht speichern: der Speicher des Servers ist voll. Alles "
            "vorher Gespeicherte ist sicher. Bitte versuchen Sie es später noch einmal; wenn "
            "es wieder geschieht, sagen Sie es der Person, die GapMap betreibt."
        ),
    ),
    "write-conflict": Text(
        en=(
            "GapMap could not save this because the same answers were being saved at the "
            "same moment (in another tab, perhaps). Nothing of it was saved; please try "
            "again."
        ),
        de=(
            "GapMap konnte das nicht speichern, weil dieselben Antworten im selben Moment "
            "gespeichert wurden (vielleicht in einem anderen Tab). Nichts davon wurde "
            "gespeichert; bitte versuchen Sie es noch einmal."
        ),
    ),
    # --- workshops --------------------------------------------------------------------------
    "unknown-workshop": Text(
        en="There is no such workshop.",
        de="Diesen Workshop gibt es nicht.",
    ),
    "unknown-code": Text(
        en=(
            "No workshop has this code. Check the code on the shared screen and type it "
            "again (letters and digits, no spaces needed)."
        ),
        de=(
            "Kein Workshop hat diesen Code. Prüfen Sie den Code auf dem gemeinsamen "
            "Bildschirm und geben Sie ihn erneut ein (Buchstaben und Ziffern, ohne "
            "Leerzeichen)."
        ),
    ),
    "no-pulse-items": Text(
        en=(
            "This questionnaire marks no items as pulse items, so there is nothing to ask "
            "in a workshop. Mark a few items per dimension with `pulse: true`."
        ),
        de=(
            "Dieser Fragebogen markiert keine Fragen als Pulsfragen, also gibt es im "
            "Workshop nichts zu fragen. Markieren Sie einige Fragen je Dimension mit "
            "`pulse: true`."
        ),
    ),
    "bad-pacing": Text(
        en="Choose facilitator-paced or self-paced.",
        de="Wählen Sie moderiert oder im eigenen Tempo.",
    ),
    "no-teams": Text(
        en="This assessment has no teams, so participants cannot be asked for one.",
        de="Diese Erhebung hat keine Teams, also kann nicht danach gefragt werden.",
    ),
    "workshop-ended": Text(
        en="The workshop has ended and takes no more answers. Answers given are kept.",
        de="Der Workshop ist beendet und nimmt keine Antworten mehr an. Gegebene Antworten bleiben erhalten.",  # noqa: E501
    ),
    "not-yet": Text(
        en="The facilitator has not opened this part yet. Please wait a moment.",
        de="Die Moderation hat diesen Teil noch nicht geöffnet. Bitte warten Sie einen Moment.",
    ),
    "bad-open-question": Text(
        en="The open question may have at most {limit} characters.",
        de="Die offene Frage darf höchstens {limit} Zeichen haben.",
    ),
    "no-open-question": Text(
        en="The facilitator has not asked an open question (any more).",
        de="Die Moderation hat (gerade) keine offene Frage gestellt.",
    ),
    "open-question-changed": Text(
        en="The facilitator has changed the question. Please read it again and answer it.",
        de="Die Moderation hat die Frage geändert. Bitte lesen Sie sie noch einmal und antworten Sie.",  # noqa: E501
    ),
    "open-answer-too-long": Text(
        en="Your answer may have at most {limit} characters.",
        de="Ihre Antwort darf höchstens {limit} Zeichen haben.",
    ),
    "not-a-pulse-item": Text(
        en="Question {item!r} is not asked in workshops.",
        de="Die Frage {item!r} wird in Workshops nicht gestellt.",
    ),
    # --- backups ------------------------------------------------------------------------------
    "backup-exists": Text(
        en=(
            "{folder} already exists and is not an empty folder. Choose a new folder for "
            "each backup, so that no backup overwrites another."
        ),
        de=(
            "{folder} gibt es schon, und der Ordner ist nicht leer. Wählen Sie für jede "
            "Sicherung einen neuen Ordner, damit keine Sicherung eine andere überschreibt."
        ),
    ),
    "backup-unwritable": Text(
        en="Cannot create {folder}: {reason}.",
        de="{folder} kann nicht angelegt werden: {reason}.",
    ),
    "backup-failed": Text(
        en="The backup could not be written to {folder}: {reason}.",
        de="Die Sicherung konnte nicht nach {folder} geschrieben werden: {reason}.",
    ),
    "backup-failed.table": Text(
        en="Table {table} could not be read.",
        de="Die Tabelle {table} konnte nicht gelesen werden.",
    ),
    "no-database": Text(
        en="There is no database file at {path}.",
        de="Unter {path} gibt es keine Datenbankdatei.",
    ),
    "not-a-backup": Text(
        en=(
            "{folder} is not a GapMap backup: it has no {manifest}. Give the folder that "
            "`gapmap backup --out` wrote."
        ),
        de=(
            "{folder} ist keine GapMap-Sicherung: Die Datei {manifest} fehlt. Geben Sie den "
            "Ordner an, den `gapmap backup --out` geschrieben hat."
        ),
    ),
    "backup-format": Text(
        en="This backup has format {found}; this GapMap reads format {expected}.",
        de="Diese Sicherung hat das Format {found}; diese GapMap-Version liest Format {expected}.",
    ),
    "backup-damaged": Text(
        en="{path} is damaged: it is not a GapMap backup manifest.",
        de="{path} ist beschädigt: Es ist kein Verzeichnis einer GapMap-Sicherung.",
    ),
    "backup-damaged.incomplete": Text(
        en="{folder} is incomplete: {file} is missing.",
        de="{folder} ist unvollständig: {file} fehlt.",
    ),
    "backup-damaged.restore": Text(
        en="{folder} could not be restored: {reason}",
        de="{folder} konnte nicht wiederhergestellt werden: {reason}",
    ),
    "backup-mismatch": Text(
        en="Unexpected tables in the backup: {tables}.",
        de="Unerwartete Tabellen in der Sicherung: {tables}.",
    ),
    "backup-mismatch.missing": Text(
        en="The restored database has no table {table}.",
        de="Der wiederhergestellten Datenbank fehlt die Tabelle {table}.",
    ),
    "backup-mismatch.rows": Text(
        en=(
            "Table {table}: the backup lists {expected} rows, the restore read {found}. "
            "The backup is damaged."
        ),
        de=(
            "Tabelle {table}: Die Sicherung nennt {expected} Zeilen, gelesen wurden "
            "{found}. Die Sicherung ist beschädigt."
        ),
    ),
    "backup-mismatch.checksum": Text(
        en=(
            "Table {table}: the restored rows differ from the backed-up rows. The backup "
            "is damaged."
        ),
        de=(
            "Tabelle {table}: Die wiederhergestellten Zeilen weichen von den gesicherten "
            "ab. Die Sicherung ist beschädigt."
        ),
    ),
    "backup-tampered.checksum": Text(
        en=(
            "{file} in the backup has changed since the backup was taken (its checksum "
            "differs from the manifest's). Nothing was restored."
        ),
        de=(
            "{file} in der Sicherung wurde seit der Sicherung verändert (die Prüfsumme "
            "weicht vom Verzeichnis ab). Es wurde nichts wiederhergestellt."
        ),
    ),
    "backup-tampered.unexpected": Text(
        en=(
            "{file} in the backup folder is not one of the backup's table files. A backup "
            "holds only the files its manifest lists; nothing was restored."
        ),
        de=(
            "{file} im Sicherungsordner ist keine Tabellendatei der Sicherung. Eine "
            "Sicherung enthält nur die Dateien ihres Verzeichnisses; es wurde nichts "
            "wiederhergestellt."
        ),
    ),
    "backup-tampered.not-a-file": Text(
        en="{file} in the backup is a link or a folder, not a file. Nothing was restored.",
        de=(
            "{file} in der Sicherung ist ein Link oder ein Ordner, keine Datei. Es wurde "
            "nichts wiederhergestellt."
        ),
    ),
    "backup-tampered.name": Text(
        en=(
            "The manifest names {file} for table {table}; a backup reads only its own "
            "<table>.parquet files inside its folder. Nothing was restored."
        ),
        de=(
            "Das Verzeichnis nennt {file} für die Tabelle {table}; eine Sicherung liest "
            "nur ihre eigenen <Tabelle>.parquet-Dateien in ihrem Ordner. Es wurde nichts "
            "wiederhergestellt."
        ),
    ),
    "backup-tampered.table": Text(
        en="The backup has a table {table} that GapMap does not have. Nothing was restored.",
        de=(
            "Die Sicherung enthält eine Tabelle {table}, die GapMap nicht hat. Es wurde "
            "nichts wiederhergestellt."
        ),
    ),
    "backup-tampered.sequence": Text(
        en=(
            "The backup sets the numbering {sequence} far beyond its data. Nothing was "
            "restored."
        ),
        de=(
            "Die Sicherung setzt die Nummerierung {sequence} weit über ihre Daten hinaus. "
            "Es wurde nichts wiederhergestellt."
        ),
    ),
    "backup-tampered.versions": Text(
        en=(
            "{file} lists schema changes that do not match the backup's schema version. "
            "Nothing was restored."
        ),
        de=(
            "{file} nennt Schemaänderungen, die nicht zur Schemaversion der Sicherung "
            "passen. Es wurde nichts wiederhergestellt."
        ),
    ),
    "backup-newer": Text(
        en=(
            "This backup has schema version {found}; this GapMap knows versions up to "
            "{known}. Restore it with the GapMap that took it, or a newer one."
        ),
        de=(
            "Diese Sicherung hat Schemaversion {found}; diese GapMap-Version kennt "
            "Versionen bis {known}. Stellen Sie sie mit der GapMap-Version wieder her, "
            "die sie erstellt hat, oder mit einer neueren."
        ),
    ),
    "backup-path": Text(
        en=(
            "{folder} has one of * ? [ ] {{ }} in its path, which DuckDB reads as a file "
            "pattern. Rename the folder and restore again."
        ),
        de=(
            "{folder} enthält eines der Zeichen * ? [ ] {{ }} im Pfad, das DuckDB als "
            "Dateimuster liest. Benennen Sie den Ordner um und stellen Sie erneut wieder her."
        ),
    ),
    "target-exists": Text(
        en=(
            "{path} already exists. Restore into a new file, check it, then point GapMap "
            "at it (GAPMAP_DB or --db); an existing database is never overwritten."
        ),
        de=(
            "{path} gibt es schon. Stellen Sie in eine neue Datei wieder her, prüfen Sie "
            "sie und verweisen Sie GapMap dann darauf (GAPMAP_DB oder --db); eine "
            "bestehende Datenbank wird nie überschrieben."
        ),
    ),
    "no-reply": Text(
        en="The running app closed the connection without a reply.",
        de="Die laufende App hat die Verbindung ohne Antwort geschlossen.",
    ),
    "control-untrusted.not-a-socket": Text(
        en=(
            "{path} is not the app's control socket (it is a link or another kind of "
            "file), so nothing was sent to it. Remove it, or ask whoever made it."
        ),
        de=(
            "{path} ist nicht der Steuer-Socket der App (sondern ein Link oder eine andere "
            "Art Datei); es wurde nichts dorthin gesendet. Entfernen Sie ihn oder fragen "
            "Sie, wer ihn angelegt hat."
        ),
    ),
    "control-untrusted.owner": Text(
        en=(
            "{path} belongs to another user (uid {uid}), not to you, so nothing was sent "
            "to it. Run `gapmap backup` as the user that runs the app."
        ),
        de=(
            "{path} gehört einem anderen Benutzer (uid {uid}), nicht Ihnen; es wurde "
            "nichts dorthin gesendet. Führen Sie `gapmap backup` als der Benutzer aus, "
            "der die App betreibt."
        ),
    ),
    "control-untrusted.folder": Text(
        en=(
            "{path} is in {folder}, where other users can replace files, so nothing was "
            "sent to it. Set XDG_RUNTIME_DIR to a folder only you can write to."
        ),
        de=(
            "{path} liegt in {folder}, wo andere Benutzer Dateien ersetzen können; es "
            "wurde nichts dorthin gesendet. Setzen Sie XDG_RUNTIME_DIR auf einen Ordner, "
            "in den nur Sie schreiben können."
        ),
    ),
    "control-untrusted.peer": Text(
        en=(
            "The process answering on {path} runs as another user (uid {uid}), so "
            "nothing was sent to it."
        ),
        de=(
            "Der Prozess, der an {path} antwortet, läuft als anderer Benutzer (uid {uid}); "
            "es wurde nichts an ihn gesendet."
        ),
    ),
    # --- import and export ----------------------------------------------------------------
    "unsupported-format": Text(
        en="GapMap imports .csv and .xlsx files, not {suffix}.",
        de="GapMap importiert .csv- und .xlsx-Dateien, nicht {suffix}.",
    ),
    "unsupported-format.convert": Text(
        en="GapMap imports .csv and .xlsx files, not {suffix}. Save it as .xlsx or .csv first.",
        de="GapMap importiert .csv- und .xlsx-Dateien, nicht {suffix}. Speichern Sie sie zuerst als .xlsx oder .csv.",  # noqa: E501
    ),
    "unsupported-format.no-extension": Text(
        en="GapMap imports .csv and .xlsx files, not files without an extension.",
        de="GapMap importiert .csv- und .xlsx-Dateien, keine Dateien ohne Endung.",
    ),
    "unsupported-format.export": Text(
        en="Export writes csv or parquet, not {format!r}.",
        de="Der Export schreibt csv oder parquet, nicht {format!r}.",
    ),
    "file-not-found": Text(
        en="There is no file {path}.",
        de="Es gibt keine Datei {path}.",
    ),
    "file-too-large": Text(
        en=(
            "{file} is {size:.1f} MB; GapMap imports files up to {limit} MB. Split it into "
            "several files."
        ),
        de=(
            "{file} ist {size:.1f} MB groß; GapMap importiert Dateien bis {limit} MB. "
            "Teilen Sie sie in mehrere Dateien auf."
        ),
    ),
    "file-too-large.unpacked": Text(
        en="{file} unpacks to more than 200 MB.",
        de="{file} ist entpackt größer als 200 MB.",
    ),
    "empty-file": Text(
        en="{file} is empty.",
        de="{file} ist leer.",
    ),
    "empty-file.sheet": Text(
        en="The first sheet of {file} is empty.",
        de="Das erste Blatt von {file} ist leer.",
    ),
    "empty-file.no-sheet": Text(
        en="{file} has no worksheet.",
        de="{file} hat kein Arbeitsblatt.",
    ),
    "unreadable-file": Text(
        en="{file} cannot be read: {reason}",
        de="{file} kann nicht gelesen werden: {reason}",
    ),
    "unreadable-file.not-a-file": Text(
        en="{file} is not a file.",
        de="{file} ist keine Datei.",
    ),
    "unreadable-file.pdf": Text(
        en="{file} is a PDF, not a spreadsheet.",
        de="{file} ist ein PDF, keine Tabelle.",
    ),
    "unreadable-file.zip": Text(
        en="{file} is an Excel or zip file; name it .xlsx to import it.",
        de="{file} ist eine Excel- oder Zip-Datei; nennen Sie sie .xlsx, um sie zu importieren.",
    ),
    "unreadable-file.xls": Text(
        en="{file} is an old Excel (.xls) file; save it as .xlsx or .csv.",
        de="{file} ist eine alte Excel-Datei (.xls); speichern Sie sie als .xlsx oder .csv.",
    ),
    "unreadable-file.utf16": Text(
        en="{file} is saved as UTF-16 text; save it as \u201cCSV UTF-8\u201d.",
        de="{file} ist als UTF-16-Text gespeichert; speichern Sie sie als \u201eCSV UTF-8\u201c.",
    ),
    "unreadable-file.encoding": Text(
        en="{file} is neither UTF-8 nor Windows-1252 text; save it as \u201cCSV UTF-8\u201d.",
        de="{file} ist weder UTF-8- noch Windows-1252-Text; speichern Sie sie als \u201eCSV UTF-8\u201c.",  # noqa: E501
    ),
    "unreadable-file.not-text": Text(
        en="{file} is not a text (CSV) file.",
        de="{file} ist keine Textdatei (CSV).",
    ),
    "unreadable-file.csv": Text(
        en="{file} is not valid CSV near line {line}: {reason}",
        de="{file} ist um Zeile {line} kein gültiges CSV: {reason}",
    ),
    "unreadable-file.not-xlsx": Text(
        en="{file} is not an Excel (.xlsx) file.",
        de="{file} ist keine Excel-Datei (.xlsx).",
    ),
    "unreadable-file.pdf-not-xlsx": Text(
        en="{file} is a PDF, not an Excel file.",
        de="{file} ist ein PDF, keine Excel-Datei.",
    ),
    "unreadable-file.damaged-xlsx": Text(
        en="{file} is a damaged Excel file.",
        de="{file} ist eine beschädigte Excel-Datei.",
    ),
    "unreadable-file.workbook": Text(
        en="{file} is not an Excel workbook GapMap can read.",
        de="{file} ist keine Excel-Arbeitsmappe, die GapMap lesen kann.",
    ),
    "unreadable-file.sheet": Text(
        en="{file}: the first sheet cannot be read.",
        de="{file}: Das erste Blatt lässt sich nicht lesen.",
    ),
    "cell-too-long": Text(
        en=(
            "{file}: a cell near line {line} holds more than {limit} characters; no "
            "answer is that long. Check the file's quotes, or shorten the cell."
        ),
        de=(
            "{file}: Eine Zelle um Zeile {line} enthält mehr als {limit} Zeichen; so lang "
            "ist keine Antwort. Prüfen Sie die Anführungszeichen der Datei oder kürzen Sie "
            "die Zelle."
        ),
    ),
    "too-many-rows": Text(
        en="The file has more than {limit} rows; split it into several files.",
        de="Die Datei hat mehr als {limit} Zeilen; teilen Sie sie in mehrere Dateien auf.",
    ),
    "too-many-columns": Text(
        en="The file has more than {limit} columns.",
        de="Die Datei hat mehr als {limit} Spalten.",
    ),
    "no-header": Text(
        en=(
            "The first row names no column GapMap knows. It must name the columns: role, "
            "team, and one column per question (its id or its exact text)."
        ),
        de=(
            "Die erste Zeile nennt keine Spalte, die GapMap kennt. Sie muss die Spalten "
            "benennen: role, team und eine Spalte je Frage (ihre ID oder ihr genauer Text)."
        ),
    ),
    "no-rows": Text(
        en="The file has a header row but no answers.",
        de="Die Datei hat eine Kopfzeile, aber keine Antworten.",
    ),
    # problems reported per row and column of an imported file (`transfer.RowProblem`);
    # a row's answers are refused with the codes above, as on the phone
    "ambiguous-column": Text(
        en="Column {column} matches several questions: {items}. Use the question id as the header.",
        de="Die Spalte {column} passt zu mehreren Fragen: {items}. Verwenden Sie die ID der Frage als Überschrift.",  # noqa: E501
    ),
    "duplicate-column.role": Text(
        en="Column {column} and column {first} both give the role; keep one of them.",
        de="Die Spalten {column} und {first} geben beide die Rolle an; behalten Sie eine davon.",
    ),
    "duplicate-column.team": Text(
        en="Column {column} and column {first} both give the team; keep one of them.",
        de="Die Spalten {column} und {first} geben beide das Team an; behalten Sie eine davon.",
    ),
    "duplicate-column.language": Text(
        en="Column {column} and column {first} both give the language; keep one of them.",
        de="Die Spalten {column} und {first} geben beide die Sprache an; behalten Sie eine davon.",
    ),
    "duplicate-column.question": Text(
        en="Column {column} and column {first} both give the question {item}; keep one of them.",
        de="Die Spalten {column} und {first} geben beide die Frage {item} an; behalten Sie eine davon.",  # noqa: E501
    ),
    "missing-column.role": Text(
        en="The file has no role column: add one headed role.",
        de="Die Datei hat keine Spalte für die Rolle: Fügen Sie eine mit der Überschrift Rolle (oder role) hinzu.",  # noqa: E501
    ),
    "missing-column.team": Text(
        en="The file has no team column: add one headed team.",
        de="Die Datei hat keine Spalte für das Team: Fügen Sie eine mit der Überschrift team hinzu.",  # noqa: E501
    ),
    "missing-column.question": Text(
        en="The file has no column for the required question {item} ({text}).",
        de="Die Datei hat keine Spalte für die Pflichtfrage {item} ({text}).",
    ),
    "missing-required.import": Text(
        en="Question {item} is required for the role {role} but has no answer.",
        de="Die Frage {item} ist für die Rolle {role} Pflicht, hat aber keine Antwort.",
    ),
    "missing-required.import-no-column": Text(
        en="Question {item} is required for the role {role} but has no answer (the file has no column for it).",  # noqa: E501
        de="Die Frage {item} ist für die Rolle {role} Pflicht, hat aber keine Antwort (die Datei hat keine Spalte dafür).",  # noqa: E501
    ),
    # an evidence import (collect/evidence.py): the CRM's own records, per user or team
    "duplicate-column.evidence": Text(
        en="Column {column} and column {first} both give {indicator}; keep one of them.",
        de="Die Spalten {column} und {first} geben beide {indicator} an; behalten Sie eine davon.",
    ),
    "missing-column.evidence": Text(
        en="The file has no indicator column GapMap knows; use at least one of: {columns}.",
        de="Die Datei hat keine Kennzahl-Spalte, die GapMap kennt; verwenden Sie mindestens eine von: {columns}.",  # noqa: E501
    ),
    "formula-cell": Text(
        en="{value} is a formula; GapMap reads values only. Export the values, not the formulas.",
        de="{value} ist eine Formel; GapMap liest nur Werte. Exportieren Sie die Werte, nicht die Formeln.",  # noqa: E501
    ),
    "not-a-number.evidence": Text(
        en="{value} is not a number.",
        de="{value} ist keine Zahl.",
    ),
    "evidence-out-of-range": Text(
        en="{value} is outside the range this column can take ({low} to {high}).",
        de="{value} liegt außerhalb des Bereichs dieser Spalte ({low} bis {high}).",
    ),
    "evidence-users": Text(
        en="{value} is not a number of users: give a whole number of at least 1.",
        de="{value} ist keine Zahl von Nutzern: Geben Sie eine ganze Zahl ab 1 an.",
    ),
    "evidence-duplicate-user": Text(
        en="This person is listed in an earlier row already; list each user once.",
        de="Diese Person steht schon in einer früheren Zeile; führen Sie jede Person nur einmal auf.",  # noqa: E501
    ),
    "evidence-stale-exceeds-open": Text(
        en="{stale:g} deals without activity is more than the {open:g} open deals.",
        de="{stale:g} Deals ohne Aktivität sind mehr als die {open:g} offenen Deals.",
    ),
    "evidence-no-teams": Text(
        en="This assessment has no teams; evidence is kept per team, so add teams first.",
        de="Diese Erhebung hat keine Teams; Nachweise werden je Team geführt, legen Sie also zuerst Teams an.",  # noqa: E501
    ),
    "unknown-value-reading": Text(
        en="Numbers in an import are read as score, position or text (or auto), not {values!r}.",
        de="Zahlen in einem Import werden als score, position oder text (oder auto) gelesen, nicht {values!r}.",  # noqa: E501
    ),
    "unknown-column-target": Text(
        en="A column can be mapped to role, team, language or a question id, not {target!r}.",
        de="Eine Spalte lässt sich role, team, language oder einer Frage-ID zuordnen, nicht {target!r}.",  # noqa: E501
    ),
    "too-few-responses": Text(
        en=(
            "Fewer than {k} respondents are released so far; answers are exported from "
            "{k} on, so that no one can be recognised."
        ),
        de=(
            "Bisher sind weniger als {k} Befragte freigegeben; Antworten werden ab {k} "
            "exportiert, damit niemand erkennbar wird."
        ),
    ),
    "bad-column-name": Text(
        en="Cannot export a column named {name!r}.",
        de="Eine Spalte namens {name!r} lässt sich nicht exportieren.",
    ),
    "cannot-write": Text(
        en="The export cannot be written to {path}: {reason}",
        de="Der Export kann nicht nach {path} geschrieben werden: {reason}",
    ),
}
# fmt: on


# Questionnaire problems (`questionnaires.Problem`): what is wrong in a YAML file, naming the
# value that is wrong. Their codes are the format's (docs/questionnaire-format.md); the
# same word as a refusal above can mean something else in a file, so they are kept apart.
# fmt: off
PROBLEMS: dict[str, Text] = {
    # --- the file -------------------------------------------------------------------------
    "too-large": Text(
        en="the file is larger than {limit} MB",
        de="die Datei ist größer als {limit} MB",
    ),
    "too-large.values": Text(
        en="the file expands to more than {limit} values",
        de="die Datei ergibt mehr als {limit} Werte",
    ),
    "too-deep": Text(
        en="nesting is deeper than {limit} levels",
        de="die Verschachtelung ist tiefer als {limit} Ebenen",
    ),
    "yaml-syntax": Text(
        en="YAML syntax error: {detail}",
        de="YAML-Syntaxfehler: {detail}",
    ),
    "unreadable": Text(
        en="cannot read the file: {reason}",
        de="die Datei lässt sich nicht lesen: {reason}",
    ),
    "encoding": Text(
        en="the file is not UTF-8 text",
        de="die Datei ist kein UTF-8-Text",
    ),
    "wrong-shape": Text(
        en="`{value}` is not a mapping of keys to values",
        de="`{value}` ist keine Zuordnung von Schlüsseln zu Werten",
    ),
    "wrong-shape.key": Text(
        en="a key must be plain text",
        de="ein Schlüssel muss einfacher Text sein",
    ),
    "wrong-shape.node": Text(
        en="unsupported YAML node",
        de="nicht unterstützter YAML-Knoten",
    ),
    "wrong-shape.document": Text(
        en="a questionnaire is a mapping with keys such as id, levels, items",
        de="ein Fragebogen ist eine Zuordnung mit Schlüsseln wie id, levels, items",
    ),
    "duplicate-key": Text(
        en="key `{key}` appears twice here (first on line {first})",
        de="der Schlüssel `{key}` steht hier zweimal (zuerst in Zeile {first})",
    ),
    # --- values ---------------------------------------------------------------------------
    "unknown-key": Text(
        en="unknown key `{key}` (check the spelling)",
        de="unbekannter Schlüssel `{key}` (prüfen Sie die Schreibweise)",
    ),
    "missing-field": Text(
        en="`{key}` is required",
        de="`{key}` fehlt",
    ),
    "invalid-id": Text(
        en=(
            "`{value}` is not an id: lower-case letters, digits, `-` or `_`, starting with "
            "a letter (at most 64 characters)"
        ),
        de=(
            "`{value}` ist keine ID: Kleinbuchstaben, Ziffern, `-` oder `_`, am Anfang ein "
            "Buchstabe (höchstens 64 Zeichen)"
        ),
    ),
    "invalid-language": Text(
        en="`{value}` is not a language: a language is a two-letter code such as `en` or `de`",
        de="`{value}` ist keine Sprache: eine Sprache ist ein Code aus zwei Buchstaben wie `en` oder `de`",  # noqa: E501
    ),
    "not-a-number": Text(
        en="`{value}` is not a number",
        de="`{value}` ist keine Zahl",
    ),
    "not-an-integer": Text(
        en="`{value}` is not a whole number",
        de="`{value}` ist keine ganze Zahl",
    ),
    "not-a-boolean": Text(
        en="`{value}` is neither true nor false",
        de="`{value}` ist weder true noch false",
    ),
    "invalid-choice": Text(
        en="`{value}` is not one of {expected}",
        de="`{value}` ist nicht eines von {expected}",
    ),
    "not-text": Text(
        en="`{value}` is not text: give text, or a mapping of language to text such as {{en: ..., de: ...}}",  # noqa: E501
        de="`{value}` ist kein Text: Geben Sie Text an oder eine Zuordnung von Sprache zu Text wie {{en: ..., de: ...}}",  # noqa: E501
    ),
    "not-a-list": Text(
        en="`{value}` is not a list",
        de="`{value}` ist keine Liste",
    ),
    "empty-value": Text(
        en="`{key}` is empty",
        de="`{key}` ist leer",
    ),
    "too-long": Text(
        en="`{key}` is longer than {limit} characters",
        de="`{key}` ist länger als {limit} Zeichen",
    ),
    "wrong-count.too-few": Text(
        en="`{key}` has {count} entries; it needs at least {limit}",
        de="`{key}` hat {count} Einträge; nötig sind mindestens {limit}",
    ),
    "wrong-count.too-many": Text(
        en="`{key}` has {count} entries; it takes at most {limit}",
        de="`{key}` hat {count} Einträge; erlaubt sind höchstens {limit}",
    ),
    "out-of-range.gt": Text(
        en="`{value}` must be greater than {limit}",
        de="`{value}` muss größer als {limit} sein",
    ),
    "out-of-range.ge": Text(
        en="`{value}` must be at least {limit}",
        de="`{value}` muss mindestens {limit} sein",
    ),
    "out-of-range.le": Text(
        en="`{value}` must be at most {limit}",
        de="`{value}` darf höchstens {limit} sein",
    ),
    "out-of-range": Text(
        en="threshold {value:g} is outside the score scale 1..{top}",
        de="die Schwelle {value:g} liegt außerhalb der Skala 1..{top}",
    ),
    "invalid-value": Text(
        en="`{value}` is not valid here: {detail}",
        de="`{value}` ist hier nicht gültig: {detail}",
    ),
    # --- languages and texts --------------------------------------------------------------
    "unknown-language": Text(
        en="text given in {unknown}, which is not among the declared languages {languages}",
        de="Text in {unknown}, das nicht zu den angegebenen Sprachen {languages} gehört",
    ),
    "unknown-language.default": Text(
        en="default_language `{value}` is not among languages {languages}",
        de="default_language `{value}` gehört nicht zu den Sprachen {languages}",
    ),
    "duplicate-language": Text(
        en="language `{value}` is listed twice",
        de="die Sprache `{value}` steht zweimal in der Liste",
    ),
    "missing-translation": Text(
        en="text missing in {missing} (every text needs all declared languages)",
        de="Text fehlt in {missing} (jeder Text braucht alle angegebenen Sprachen)",
    ),
    # --- the model --------------------------------------------------------------------------
    "duplicate-id.dimension": Text(
        en="dimension id `{value}` is used more than once",
        de="die Dimensions-ID `{value}` wird mehrfach verwendet",
    ),
    "duplicate-id.role": Text(
        en="role id `{value}` is used more than once",
        de="die Rollen-ID `{value}` wird mehrfach verwendet",
    ),
    "duplicate-id.item": Text(
        en="item id `{value}` is used more than once",
        de="die Fragen-ID `{value}` wird mehrfach verwendet",
    ),
    "duplicate-id.action": Text(
        en="action id `{value}` is used more than once",
        de="die Maßnahmen-ID `{value}` wird mehrfach verwendet",
    ),
    "duplicate-id.evidence": Text(
        en="evidence id `{value}` is used more than once",
        de="die Nachweis-ID `{value}` wird mehrfach verwendet",
    ),
    "duplicate-id.area": Text(
        en="area id `{value}` is used more than once",
        de="die Bereichs-ID `{value}` wird mehrfach verwendet",
    ),
    "first-level": Text(
        en="first_level `{value}` is neither 0 nor 1: levels are numbered from 0 or from 1",
        de="first_level `{value}` ist weder 0 noch 1: Stufen werden ab 0 oder ab 1 gezählt",
    ),
    "dimension-in-two-areas": Text(
        en="dimension `{value}` is already in area `{area}`; a dimension belongs to one area",
        de="die Dimension `{value}` gehört schon zum Bereich `{area}`; eine Dimension gehört zu einem Bereich",  # noqa: E501
    ),
    "dimension-without-area": Text(
        en="dimension `{value}` is in no area; with areas, every dimension is in one",
        de="die Dimension `{value}` gehört zu keinem Bereich; mit Bereichen gehört jede Dimension zu einem",  # noqa: E501
    ),
    "zero-weight-dimension": Text(
        en="every scored item of dimension `{value}` has weight 0, so it can have no score",
        de="jede bewertete Frage der Dimension `{value}` hat das Gewicht 0, sie kann also keinen Wert haben",  # noqa: E501
    ),
    "thresholds-not-increasing": Text(
        en="threshold {value:g} is not above the previous level's {previous:g}",
        de="die Schwelle {value:g} liegt nicht über der der vorigen Stufe ({previous:g})",
    ),
    "first-threshold": Text(
        en="the first level's threshold must be 1 (the lowest score), not {value:g}",
        de="die Schwelle der ersten Stufe muss 1 sein (der niedrigste Wert), nicht {value:g}",
    ),
    "dimension-level-count": Text(
        en="describes {count} levels, the model has {levels}",
        de="beschreibt {count} Stufen, das Modell hat {levels}",
    ),
    "unknown-dimension": Text(
        en="no dimension has the id `{value}`",
        de="keine Dimension hat die ID `{value}`",
    ),
    "unknown-scale": Text(
        en="no scale is named `{value}`",
        de="keine Skala heißt `{value}`",
    ),
    "unknown-role": Text(
        en="no role has the id `{value}`",
        de="keine Rolle hat die ID `{value}`",
    ),
    "anchored-option-count": Text(
        en="an anchored item needs one option per level ({levels}), it has {count}",
        de="eine verankerte Frage braucht eine Option je Stufe ({levels}), sie hat {count}",
    ),
    "role-without-items": Text(
        en="role `{role}` sees no scored item in dimension `{dimension}`",
        de="die Rolle `{role}` sieht keine bewertete Frage in der Dimension `{dimension}`",
    ),
    "level-out-of-range": Text(
        en="from_level `{value}` must be between {bottom} and {top}",
        de="from_level `{value}` muss zwischen {bottom} und {top} liegen",
    ),
    # a prefix: a problem of a named scale, found where an item uses it
    "in-scale": Text(
        en="scale `{scale}`:",
        de="Skala `{scale}`:",
    ),
    "empty-roles": Text(
        en="roles is empty: use `core` or list roles",
        de="roles ist leer: verwenden Sie `core` oder zählen Sie Rollen auf",
    ),
    "invalid-roles": Text(
        en="roles `{value}` is neither `core` (every role) nor a list of role ids",
        de="roles `{value}` ist weder `core` (alle Rollen) noch eine Liste von Rollen-IDs",
    ),
    "options-missing": Text(
        en="a {type} item needs `options` or a `scale`",
        de="eine Frage vom Typ {type} braucht `options` oder eine `scale`",
    ),
    "options-and-scale": Text(
        en="give either `options` or `scale`, not both",
        de="geben Sie entweder `options` oder `scale` an, nicht beides",
    ),
    "unexpected-options": Text(
        en="a {type} item takes no options",
        de="eine Frage vom Typ {type} hat keine Optionen",
    ),
    "reverse-unscored": Text(
        en="only scored items can be reverse-coded",
        de="nur bewertete Fragen lassen sich umgekehrt werten",
    ),
    "not-for-type": Text(
        en="`{key}` has no effect on a {type} item",
        de="`{key}` wirkt bei einer Frage vom Typ {type} nicht",
    ),
    "dont-know-label": Text(
        en="`dont_know_label` needs `dont_know: true`",
        de="`dont_know_label` braucht `dont_know: true`",
    ),
    "number-range": Text(
        en="a number item needs `min` and `max` with min < max",
        de="eine Zahlenfrage braucht `min` und `max` mit min < max",
    ),
    "unexpected-range": Text(
        en="only number items take min/max",
        de="nur Zahlenfragen haben min/max",
    ),
    "too-few-options": Text(
        en="an item needs at least two options",
        de="eine Frage braucht mindestens zwei Optionen",
    ),
    "option-score-missing": Text(
        en="every option of a {type} item needs a numeric `score`",
        de="jede Option einer Frage vom Typ {type} braucht einen Zahlenwert `score`",
    ),
    "option-score-missing.multi": Text(
        en="score every option of a multi item, or none",
        de="bewerten Sie jede Option einer Mehrfachauswahl oder keine",
    ),
    "scores-constant": Text(
        en="options need at least two different scores",
        de="die Optionen brauchen mindestens zwei verschiedene Werte",
    ),
    "action-when": Text(
        en="`when` needs a dimension and from_level, or a finding",
        de="`when` braucht eine Dimension und from_level oder einen Befund",
    ),
    "action-when.both": Text(
        en="`when` takes from_level or finding, not both",
        de="`when` nimmt from_level oder finding, nicht beides",
    ),
    # --- warnings -----------------------------------------------------------------------------
    "pulse-unscored": Text(
        en="a pulse item that is not scored shows no result in a workshop",
        de="eine Pulsfrage ohne Bewertung zeigt im Workshop kein Ergebnis",
    ),
    "no-pulse-items": Text(
        en="dimension `{dimension}` has no pulse item, so a live workshop skips it",
        de="die Dimension `{dimension}` hat keine Pulsfrage, ein Live-Workshop überspringt sie",
    ),
    # --- evidence: the CRM's own records (questionnaire/evidence.py) -------------------------
    "evidence-band-count": Text(
        en="has {count} bands; a model of {levels} levels needs {expected} (where each level from 2 begins)",  # noqa: E501
        de="hat {count} Grenzen; ein Modell mit {levels} Stufen braucht {expected} (wo jede Stufe ab 2 beginnt)",  # noqa: E501
    ),
    "evidence-band-range": Text(
        en="the band {value:g} is outside what {indicator} can be ({low:g} to {high})",
        de="die Grenze {value:g} liegt außerhalb dessen, was {indicator} sein kann ({low:g} bis {high})",  # noqa: E501
    ),
    "evidence-bands-order.higher_is_better": Text(
        en="bands must rise level by level when higher is better: {value:g} follows {previous:g}",
        de="die Grenzen müssen von Stufe zu Stufe steigen, wenn mehr besser ist: {value:g} folgt auf {previous:g}",  # noqa: E501
    ),
    "evidence-bands-order.lower_is_better": Text(
        en="bands must fall level by level when lower is better: {value:g} follows {previous:g}",
        de="die Grenzen müssen von Stufe zu Stufe fallen, wenn weniger besser ist: {value:g} folgt auf {previous:g}",  # noqa: E501
    ),
    "evidence-item": Text(
        en="no item has the id `{value}`",
        de="keine Frage hat die ID `{value}`",
    ),
    "evidence-item.unscored": Text(
        en="item `{value}` is not a scored item of the dimension `{dimension}`",
        de="die Frage `{value}` ist keine bewertete Frage der Dimension `{dimension}`",
    ),
}
# fmt: on


def _in_language(params: Mapping[str, object], lang: str | None) -> dict[str, object]:
    """`params` with every value that reads differently per language (a `Text`, such as a
    number written the German way) in `lang`."""
    chosen = words.language(lang)
    return {k: getattr(v, chosen) if isinstance(v, Text) else v for k, v in params.items()}


def problem(key: str, lang: str | None, /, **params: object) -> str:
    """The questionnaire problem `key` (a code, or "code.variant") in `lang`, filled in."""
    return words.fill(PROBLEMS[key], lang, **_in_language(params, lang))


def message(key: str, lang: str | None, /, **params: object) -> str:
    """The message `key` (a code, or "code.variant") in `lang`, filled in."""
    return words.fill(MESSAGES[key], lang, **_in_language(params, lang))


def worded(
    key: str,
    lang: str | None,
    params: Mapping[str, object],
    *,
    prefix: str = "",
    escape: Callable[[str], str] | None = None,
) -> str:
    """The message `key` in `lang`, after the message `prefix` if any, filled in with
    `params`; `escape` is applied to every text put into it (the message is trusted)."""
    if escape is not None:
        params = {k: escape(v) if isinstance(v, str) else v for k, v in params.items()}
    text = message(key, lang, **params)
    return f"{message(prefix, lang, **params)} {text}" if prefix else text


class GapMapError(Exception):
    """A refused request. `code` is stable (tests and pages branch on it); `message` is
    written for the person who made the request and says what to do (English;
    `message_in` gives it in their language)."""

    def __init__(
        self, code: str, /, *, variant: str = "", prefix: str = "", **params: object
    ) -> None:
        self.code = code
        self.variant = variant
        self.prefix = prefix  # a message of its own put before (e.g. "Response 3:")
        self.params = params
        self.message = self.message_in(words.DEFAULT_LANGUAGE)
        super().__init__(f"{self.message} [{code}]")

    @property
    def key(self) -> str:
        """Where the message is in `MESSAGES`: the code, or "code.variant"."""
        return f"{self.code}.{self.variant}" if self.variant else self.code

    def message_in(self, lang: str | None, escape: Callable[[str], str] | None = None) -> str:
        """The message in `lang` (English for a language GapMap does not speak); `escape`
        is applied to every text put into it (the message itself is trusted)."""
        return worded(self.key, lang, self.params, prefix=self.prefix, escape=escape)


class AssessmentError(GapMapError):
    """An assessment that does not exist, is set up wrongly, or cannot take answers now."""


class ResponseError(GapMapError):
    """An answer or a submission that cannot be accepted."""
