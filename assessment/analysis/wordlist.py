"""The room's answers to a workshop's open question as a grouped list of short phrases
and words: the accessible counterpart of a word cloud, computed here and shown only by
the caller's threshold rule (`collect.open_question`).

A short answer (at most `MAX_PHRASE_WORDS` words) that at least `MIN_PEOPLE` people gave
alike is listed whole, as Mentimeter's word cloud lists an entry: "More time",
"more  TIME!" and "more time" are one phrase (case, accents, spaces and the punctuation
around words do not matter). Every other answer is split into its words: a word is
grouped case- and accent-insensitively ("Zeit", "zeit", "ZEIT"; "Führung", "fuhrung"),
common English and German function words are left out, and each word is counted once
per person (an answer that says "time, time, time" counts one). Each person counts
once, in their phrase or in their words, never in both. A phrase or word is listed only
when at least `MIN_PEOPLE` people gave it: what only one person wrote could be their
whole answer, and in a room where people see who is typing, that would name them. How
many words were left out that way is said as a number only.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

MIN_PEOPLE: Final = 2  # a word given by fewer people is never listed
MIN_LETTERS: Final = 2  # "a", "x", "5": not words worth listing
MAX_PHRASE_WORDS: Final = 6  # a longer answer is only ever listed by its words

# Function words of English and German (articles, pronouns, prepositions, conjunctions,
# auxiliaries, common adverbs), written as `normalise` leaves them (no accents, lower
# case, ß as ss). A small list kept here rather than a dependency: the kept libraries
# offer none (nltk's lists need a separate data download), and a word list for a room
# needs only the words that would otherwise top every list.
STOP_WORDS: Final = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves im ive dont doesnt isnt arent wasnt cant
    wont its thats theres lets get got us our much many really
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
    anderes auch auf aus bei bin bis bist da damit dann das dass dein deine deinem deinen
    deiner dem den denn der des dich die dies diese diesem diesen dieser dieses dir doch
    dort du durch ein eine einem einen einer eines einig einige er es etwas euch euer
    eure fur gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn
    ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins ist jede jedem jeden jeder
    jedes jene jetzt kann kein keine keinem keinen keiner konnen konnte man manche
    mein meine meinem meinen meiner mich mir mit muss musste nach nicht nichts noch nun
    nur ob oder ohne sehr sein seine seinem seinen seiner sich sie sind so solche soll
    sollte sondern sonst uber um und uns unser unsere unter viel vom von vor wahrend war
    waren warst was weil weiter welche welchem welchen welcher welches wenn werde
    werden wie wieder will wir wird wirst wo wollen wollte wurde wurden zu zum zur zwar
    zwischen mehr immer schon gibt geht
    """.split()  # noqa: SIM905 - a list of 280 words reads better as text
)

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")  # letters and digits, inner ' and - kept


@dataclass(frozen=True)
class WordCount:
    """One listed word or short phrase: how it is shown (the spelling most people used)
    and how many people gave it."""

    word: str
    people: int


@dataclass(frozen=True)
class WordList:
    """The grouped phrases and words, most people first; `left_out` counts the words
    given by fewer than `MIN_PEOPLE` people (never shown themselves)."""

    words: tuple[WordCount, ...]
    left_out: int


def normalise(word: str) -> str:
    """The grouping key of a word: accents removed, case folded ("Führung" -> "fuhrung",
    "Straße" -> "strasse"), apostrophes and hyphens dropped."""
    decomposed = unicodedata.normalize("NFKD", word)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"['’\-]", "", bare.casefold())


def words_of(answer: str) -> dict[str, str]:
    """The content words of one answer: grouping key -> the spelling used first."""
    found: dict[str, str] = {}
    for match in _WORD.finditer(answer):
        spelled = match.group(0)
        key = normalise(spelled)
        if len(key) < MIN_LETTERS or key.isdigit() or key in STOP_WORDS:
            continue
        found.setdefault(key, spelled)
    return found


def _preferred(spelling: tuple[str, int]) -> tuple[int, int, int, str]:
    """Which spelling shows a word: the one most people used; on a tie the one with
    its accents ("Führung" before "Fuhrung"), then the fewest capitals, then A-Z."""
    text, people = spelling
    return (-people, -sum(not c.isascii() for c in text), sum(c.isupper() for c in text), text)


def phrase_of(answer: str) -> tuple[str, str] | None:
    """A short answer as one phrase: (grouping key, the answer from its first word to
    its last, spaces made single), or None when it has one word only, more than
    `MAX_PHRASE_WORDS`, or no content word ("and then", "5 6")."""
    found = list(_WORD.finditer(answer))
    if not 2 <= len(found) <= MAX_PHRASE_WORDS or not words_of(answer):
        return None
    key = " ".join(normalise(m.group(0)) for m in found)
    return key, " ".join(answer[found[0].start() : found[-1].end()].split())


def word_list(answers: Iterable[str]) -> WordList:
    """Group the answers (one per person): short phrases at least `MIN_PEOPLE` people
    gave alike are listed whole, every other answer by its words; list those at least
    `MIN_PEOPLE` people gave, most people first, then alphabetically."""
    given = list(answers)
    phrases = Counter(found[0] for found in map(phrase_of, given) if found)
    whole = {key for key, count in phrases.items() if count >= MIN_PEOPLE}
    people: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for answer in given:
        phrase = phrase_of(answer)
        if phrase is not None and phrase[0] in whole:
            found = {phrase[0]: phrase[1]}
        else:
            found = words_of(answer)
        for key, spelled in found.items():
            people[key] += 1
            spellings.setdefault(key, Counter())[spelled] += 1
    listed = []
    for key, count in people.items():
        if count < MIN_PEOPLE:
            continue
        shown = min(spellings[key].items(), key=_preferred)[0]
        listed.append(WordCount(shown, count))
    listed.sort(key=lambda w: (-w.people, normalise(w.word)))
    return WordList(tuple(listed), sum(1 for c in people.values() if c < MIN_PEOPLE))
