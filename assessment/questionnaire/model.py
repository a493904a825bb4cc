"""Pydantic models of a questionnaire and the maturity model it measures against.

The models are pure data: no file or UI work. `questionnaires.py` turns YAML into these
models and reports every problem with file, line, field and a stable error code.
Checks that need the whole document (unique ids, references, coverage) live there too;
checks that one object can make about itself live here, raised as `PydanticCustomError`
whose type is the stable error code.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from functools import cached_property
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from assessment import errors, words
from assessment.questionnaire.evidence import Direction, IndicatorId, check_bands

ItemType = Literal["likert", "frequency", "anchored", "choice", "multi", "number", "text"]
Perspective = Literal["leadership", "frontline"]
Finding = Literal["perception_gap", "low_consensus", "dont_know", "low_response", "reality_gap"]
Effort = Literal["S", "M", "L"]
Impact = Literal["low", "medium", "high"]

# Item types whose options carry a score and so feed a dimension score.
OPTION_TYPES: frozenset[str] = frozenset({"likert", "frequency", "anchored", "choice", "multi"})
SCORED_TYPES: frozenset[str] = frozenset({"likert", "frequency", "anchored", "choice"})

# How long a role takes: reading what the role is shown, plus answering. Sources and
# reasoning in the README ("How long the survey takes").
# Reading: adults read about 1,210 letters a minute silently (Brysbaert, Dirix, Duyck &
# Sui 2021, Q J Exp Psychol 74(11): 238 words a minute at 5.1 letters a word, 202 at
# 6.0, the rate falling with word length; Brysbaert 2019, J Mem Lang 109: 238 wpm for
# English non-fiction). Item response times are about 20 % longer on a smartphone than
# on a computer (Andreadis 2015, mda 9(2)), so on a phone: 1,210 / 1.2, about 1,000
# letters a minute (about 225 English or 180 German words of GapMap's texts).
READING_LETTERS_PER_MINUTE = 1000
# Answering, after reading: deciding and tapping (scrolling to the options counted in),
# by item type. A comment: about 15 words at 36 words a minute, the mean for typing on a
# phone (Palin et al. 2019, MobileHCI), plus finding the words. Optional items count
# half (many are left empty); their text is read in full.
ANSWER_SECONDS: dict[str, int] = {
    "likert": 4,
    "frequency": 4,
    "anchored": 6,
    "choice": 4,
    "multi": 6,
    "number": 8,
    "text": 40,
}
# The welcome page's privacy promise (about 70 words of GapMap's own) and choosing role
# and team; then, per step, "Next" and finding one's place on the new page.
WELCOME_SECONDS = 30
STEP_SECONDS = 3
# Keys that mean something only for some item types; elsewhere they are refused so an
# author is not misled into thinking they did something.
_KEYS_FOR_TYPES: dict[str, frozenset[str]] = {
    "unit": frozenset({"number"}),
    "max_length": frozenset({"text"}),
    "weight": SCORED_TYPES,
    "dont_know": SCORED_TYPES | {"multi", "number"},
}
ID_PATTERN = r"^[a-z][a-z0-9_-]{0,63}$"
LANGUAGE_PATTERN = r"^[a-z]{2}$"
# What a level may be numbered from on screen and paper (`first_level`).
FIRST_LEVELS: tuple[int, ...] = (0, 1)
# A score is compared with the level thresholds rounded to this many decimals. Scores
# are weighted means of a few answers, computed in binary floating point: a mean that is
# 3.4 exactly on paper can come out as 3.3999999999999995 and would fall a level short
# of a 3.4 threshold. Nine decimals remove that drift (about 1e-15 after the sums
# GapMap does) and are far finer than any difference answers can make, so no real
# score moves across a threshold by the rounding.
LEVEL_DECIMALS = 9


def level_at(score: float, thresholds: Sequence[float]) -> int:
    """The level (its position 1..N) a score reaches against the levels' ascending
    `thresholds`: the highest whose threshold the score, rounded to LEVEL_DECIMALS,
    reaches (1 when it reaches none)."""
    exact = round(score, LEVEL_DECIMALS)
    reached = [n for n, threshold in enumerate(thresholds, start=1) if exact >= threshold]
    return reached[-1] if reached else 1


def shown_score(score: float, thresholds: Sequence[float], digits: int = 1) -> Decimal:
    """A score as it is shown, rounded so that the shown figure reaches the same level
    as the exact score: the one rule every page, document and export shows scores by.

    The level always comes from the exact score. Rounding to nearest could carry the
    figure across a threshold (2.55, level 2 below a 2.6 threshold, would read "2.6"
    beside a 2.64 that is level 3); then it is rounded toward the score's level instead
    ("2.5"). Only when no figure with `digits` decimals lies in the level (thresholds
    closer together than one shown step) does it get more decimals."""
    level = level_at(score, thresholds)
    exact = Decimal(round(score, LEVEL_DECIMALS))
    for places in range(digits, LEVEL_DECIMALS + 1):
        step = Decimal(1).scaleb(-places)
        nearest = exact.quantize(step, ROUND_HALF_EVEN)
        if level_at(float(nearest), thresholds) == level:
            return nearest
        toward = exact.quantize(step, ROUND_FLOOR if nearest > exact else ROUND_CEILING)
        if level_at(float(toward), thresholds) == level:
            return toward
    return exact


def score_text(
    score: float, thresholds: Sequence[float], language: str | None, digits: int = 1
) -> str:
    """`shown_score` for a reader ("2.5", German "2,5"), with the decimals it needs."""
    shown = shown_score(score, thresholds, digits)
    places = max(digits, -int(shown.as_tuple().exponent))
    return words.number(shown, language, places)


def _shown(value: Any) -> str:
    """A wrong value as a problem message shows it: short, on one line."""
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:59] + "…"


def _problem(code: str, *, variant: str = "", **params: Any) -> PydanticCustomError:
    """A questionnaire problem for pydantic to collect; its words are `errors.PROBLEMS`'
    (the loader words it again in the reader's language from the type and context)."""
    key = f"{code}.{variant}" if variant else code
    return PydanticCustomError(key, errors.problem(key, "en", **params), params or None)


def _context_languages(info: ValidationInfo) -> tuple[list[str], str]:
    context = info.context if isinstance(info.context, dict) else {}
    languages = context.get("languages") or ["en"]
    default = context.get("default_language") or languages[0]
    return list(languages), str(default)


def _text_before(value: Any, info: ValidationInfo) -> Any:
    """A plain string is text in the default language; a mapping gives one per language."""
    if isinstance(value, str):
        _, default = _context_languages(info)
        return {default: value}
    if isinstance(value, dict):
        return value
    raise _problem("not-text", value=_shown(value))


def _text_after(value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
    languages, _ = _context_languages(info)
    unknown = sorted(set(value) - set(languages))
    if unknown:
        raise _problem(
            "unknown-language", unknown=", ".join(unknown), languages=", ".join(languages)
        )
    missing = [lang for lang in languages if not value.get(lang, "").strip()]
    if missing:
        raise _problem("missing-translation", missing=", ".join(missing))
    return {lang: text.strip() for lang, text in value.items()}


Text = Annotated[dict[str, str], BeforeValidator(_text_before), AfterValidator(_text_after)]
Identifier = Annotated[str, Field(pattern=ID_PATTERN)]


def _roles_before(value: Any) -> Any:
    if value is None or value == "core":
        return "core"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        if not value:
            raise _problem("empty-roles")
        return value
    raise _problem("invalid-roles", value=_shown(value))


def resolve(text: dict[str, str], language: str, default_language: str = "en") -> str:
    """The text in `language`, falling back to the default language, then to any."""
    if language in text:
        return text[language]
    if default_language in text:
        return text[default_language]
    return next(iter(text.values()), "")


class _Strict(BaseModel):
    """Base for every questionnaire object: unknown keys are errors, floats are finite."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _first_level(value: int) -> int:
    if value not in FIRST_LEVELS:
        raise _problem("first-level", value=value)
    return value


class Level(_Strict):
    """One maturity level; `threshold` is the lowest score (1..N scale) that reaches it."""

    name: Text
    description: Text
    threshold: float


class Dimension(_Strict):
    """A dimension of adoption, described at every maturity level."""

    id: Identifier
    name: Text
    definition: Text
    weight: float = Field(default=1.0, gt=0)
    levels: list[Text]
    prompts: list[Text] = Field(default_factory=list)


class Area(_Strict):
    """A group of dimensions (a business area of a published model). When a questionnaire
    has areas, every dimension belongs to exactly one, and the overall score is the
    weighted mean of the area scores, each the weighted mean of its dimensions."""

    id: Identifier
    name: Text
    weight: float = Field(default=1.0, gt=0)
    # Dimension ids, checked against the dimensions by the loader.
    dimensions: list[Identifier] = Field(min_length=1)


class Role(_Strict):
    """A respondent role; `perspective` places it on the leadership/front-line axis."""

    id: Identifier
    name: Text
    description: Text
    perspective: Perspective


class Option(_Strict):
    """An answer option. `score` is on the item's own scale (1-5, 1-7, 0..1, ...)."""

    text: Text
    score: float | None = None


class Scale(_Strict):
    """A named, reusable set of options (e.g. a five-point agreement scale)."""

    options: list[Option] = Field(min_length=2)


class Item(_Strict):
    """A question. Scored items feed their dimension; `text`/`number` items are context."""

    id: Identifier
    dimension: Identifier
    type: ItemType
    text: Text
    help: Text | None = None
    options: list[Option] | None = None
    scale: Identifier | None = None
    reverse: bool = False
    # 0: asked and exported, kept for context, but no part of any score or of alpha.
    weight: float = Field(default=1.0, ge=0)
    required: bool | None = None
    dont_know: bool = False
    dont_know_label: Text | None = None
    # Role ids are checked against the roles by the loader (one error per unknown id).
    roles: Annotated[Literal["core"] | list[str], BeforeValidator(_roles_before)] = "core"
    pulse: bool = False
    min: float | None = None
    max: float | None = None
    unit: Text | None = None
    max_length: int = Field(default=2000, gt=0, le=20000)

    @model_validator(mode="after")
    def _check_shape(self) -> Item:
        if self.type in OPTION_TYPES:
            if self.options is None and self.scale is None:
                raise _problem("options-missing", type=self.type)
            if self.options is not None and self.scale is not None:
                raise _problem("options-and-scale")
            if self.options is not None:
                check_options(self.type, self.options)
        else:
            if self.options is not None or self.scale is not None:
                raise _problem("unexpected-options", type=self.type)
        if self.reverse and self.type not in SCORED_TYPES:
            raise _problem("reverse-unscored")
        for key, allowed in _KEYS_FOR_TYPES.items():
            if key in self.model_fields_set and self.type not in allowed:
                raise _problem("not-for-type", key=key, type=self.type)
        if self.dont_know_label is not None and not self.dont_know:
            raise _problem("dont-know-label")
        if self.type == "number":
            if self.min is None or self.max is None or self.min >= self.max:
                raise _problem("number-range")
        elif self.min is not None or self.max is not None:
            raise _problem("unexpected-range")
        return self

    @property
    def is_required(self) -> bool:
        """Required unless said otherwise; free-text items are optional by default."""
        if self.required is None:
            return self.type != "text"
        return self.required

    @property
    def feeds_score(self) -> bool:
        """Part of its dimension's score: a scored type with a weight above 0."""
        return self.type in SCORED_TYPES and self.weight > 0

    @property
    def is_core(self) -> bool:
        """Asked of every role, so roles can be compared on it."""
        return self.roles == "core"

    def seen_by(self, role_id: str) -> bool:
        """Whether a respondent in `role_id` is asked this item."""
        return self.roles == "core" or role_id in self.roles


def check_options(item_type: str, options: list[Option]) -> None:
    """Option rules shared by inline options and named scales."""
    if len(options) < 2:
        raise _problem("too-few-options")
    if item_type in SCORED_TYPES:
        if any(o.score is None for o in options):
            raise _problem("option-score-missing", type=item_type)
        scores = {o.score for o in options}
        if len(scores) < 2:
            raise _problem("scores-constant")
    elif item_type == "multi":
        given = [o.score is not None for o in options]
        if any(given) and not all(given):
            raise _problem("option-score-missing", variant="multi")


class ActionWhen(_Strict):
    """When an action applies: a dimension moving from `from_level` to the next, or a finding.
    `from_level` is written as the level is shown (from `first_level`); code compares
    `Questionnaire.action_level(when)`, the level's position 1..N."""

    dimension: Identifier | None = None
    from_level: int | None = None  # range checked against the levels by the loader
    finding: Finding | None = None

    @model_validator(mode="after")
    def _check(self) -> ActionWhen:
        if self.finding is None and (self.dimension is None or self.from_level is None):
            raise _problem("action-when")
        if self.finding is not None and self.from_level is not None:
            raise _problem("action-when", variant="both")
        return self


class Action(_Strict):
    """A recommended action and the condition under which it is recommended."""

    id: Identifier
    title: Text
    description: Text
    rationale: Text
    owner: Identifier
    effort: Effort
    impact: Impact
    when: ActionWhen


class EvidenceIndicator(_Strict):
    """What the CRM's own records say about a dimension (`questionnaire/evidence.py`):
    an indicator, which way is better, and the value at which each level from 2 on begins;
    `item` names the question whose answers the indicator tests (shown beside it)."""

    id: Identifier
    dimension: Identifier
    indicator: IndicatorId
    direction: Direction
    bands: list[float] = Field(min_length=1)  # count checked against the levels by the loader
    name: Text
    item: Identifier | None = None

    @model_validator(mode="after")
    def _check_bands(self) -> EvidenceIndicator:
        check_bands(self.indicator, self.direction, self.bands)
        return self


class TimeEstimate(NamedTuple):
    """A role's estimated time: what it reads and how long reading and answering take."""

    words: int
    letters: int
    reading_seconds: float
    answering_seconds: float  # welcome and steps included
    seconds: int  # the total, rounded up


class Questionnaire(_Strict):
    """A whole questionnaire: maturity model, roles, items and the action library."""

    id: Identifier
    version: str = Field(min_length=1, max_length=40)
    title: Text
    description: Text
    languages: list[Annotated[str, Field(pattern=LANGUAGE_PATTERN)]] = Field(
        default_factory=lambda: ["en"], min_length=1
    )
    default_language: Annotated[str, Field(pattern=LANGUAGE_PATTERN)] | None = None
    levels: list[Level] = Field(min_length=3, max_length=7)
    # The number the first level is shown with (0 or 1); levels are scored the same.
    first_level: Annotated[int, AfterValidator(_first_level)] = 1
    areas: list[Area] = Field(default_factory=list)
    dimensions: list[Dimension] = Field(min_length=1)
    roles: list[Role] = Field(min_length=1)
    scales: dict[Identifier, Scale] = Field(default_factory=dict)
    items: list[Item] = Field(min_length=1)
    actions: list[Action] = Field(default_factory=list)
    evidence: list[EvidenceIndicator] = Field(default_factory=list)

    # --- lookups -------------------------------------------------------------------

    @property
    def language(self) -> str:
        """The default language."""
        return self.default_language or self.languages[0]

    def t(self, text: dict[str, str] | None, language: str | None = None) -> str:
        """Resolve a localised text in `language` (default language when not given)."""
        if text is None:
            return ""
        return resolve(text, language or self.language, self.language)

    def dimension(self, dimension_id: str) -> Dimension:
        """The dimension with this id; KeyError if there is none."""
        for dim in self.dimensions:
            if dim.id == dimension_id:
                return dim
        raise KeyError(dimension_id)

    def role(self, role_id: str) -> Role:
        """The role with this id; KeyError if there is none."""
        for role in self.roles:
            if role.id == role_id:
                return role
        raise KeyError(role_id)

    @cached_property
    def _items_by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    @cached_property
    def item_positions(self) -> dict[str, int]:
        """Item id -> position in the questionnaire (answers store the position)."""
        return {item.id: n for n, item in enumerate(self.items)}

    def item(self, item_id: str) -> Item:
        """The item with this id; KeyError if there is none."""
        return self._items_by_id[item_id]

    def options_of(self, item: Item) -> list[Option]:
        """The item's options, inline or from its named scale."""
        if item.options is not None:
            return item.options
        if item.scale is not None:
            return self.scales[item.scale].options
        return []

    def dont_know_label(self, item: Item, language: str | None = None) -> str | None:
        """The "don't know" label of an item, or None when it offers none."""
        if not item.dont_know:
            return None
        if item.dont_know_label is not None:
            return self.t(item.dont_know_label, language)
        lang = language or self.language
        return words.t("questionnaire.dont_know", lang)

    def level_for(self, score: float) -> int:
        """The maturity level (its position 1..N) a score on the 1..N scale reaches: the
        highest whose threshold the score, rounded to LEVEL_DECIMALS, reaches."""
        return level_at(score, self.thresholds)

    @cached_property
    def thresholds(self) -> tuple[float, ...]:
        """The levels' thresholds, first level first."""
        return tuple(lvl.threshold for lvl in self.levels)

    def shown_score(self, score: float, digits: int = 1) -> Decimal:
        """The score as every page and document shows it (`shown_score`): never a
        figure that reads as another level than the score's own."""
        return shown_score(score, self.thresholds, digits)

    def score_text(self, score: float | None, language: str | None, digits: int = 1) -> str:
        """A score for a reader ("2.5", German "2,5"; "-" for none), by `shown_score`."""
        if score is None:
            return words.NO_FIGURE
        return score_text(score, self.thresholds, language, digits)

    def agreed_title(self, title: str, source_action_id: str | None, language: str) -> str:
        """An agreed action's title as a reader of `language` sees it: a recommended
        action recorded with its title unchanged (in any of the model's languages) shows
        that action's title in `language`; a title written or edited by the team, as
        typed. (Recorded from German pages, "Erst gemeinsam auf die Daten schauen" is
        the same action as "Look at the records together" on English ones.)"""
        source = next((a for a in self.actions if a.id == source_action_id), None)
        if source is None:
            return title
        if title.strip() in {self.t(source.title, lang) for lang in self.languages}:
            return self.t(source.title, language)
        return title

    def shown_level(self, level: int) -> int:
        """The number a level (position 1..N) is shown with: counted from `first_level`.
        Every level number a reader sees goes through here."""
        return level - 1 + self.first_level

    def level_label(self, level: int, language: str | None = None) -> str:
        """ "2 · Working tool": the shown number and the level's name."""
        return f"{self.shown_level(level)} · {self.t(self.levels[level - 1].name, language)}"

    def action_level(self, when: ActionWhen) -> int | None:
        """The position (1..N) of the level an action's `from_level` names."""
        if when.from_level is None:
            return None
        return when.from_level - self.first_level + 1

    def area(self, area_id: str) -> Area:
        """The area with this id; KeyError if there is none."""
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)

    def area_score(self, area: Area, means: Mapping[str, float]) -> float:
        """An area's score: the weighted mean (dimension weights) of its dimensions'
        `means` (dimension id -> score)."""
        weights = {d.id: d.weight for d in self.dimensions}
        total = sum(weights[d] for d in area.dimensions)
        return sum(weights[d] * means[d] for d in area.dimensions) / total

    def overall_score(self, means: Mapping[str, float]) -> float:
        """The overall score from dimension `means`: without areas, the weighted mean of
        the dimensions (dimension weights; over those in `means`); with areas, the
        weighted mean (area weights) of the area scores (every dimension needed)."""
        if not self.areas:  # over the dimensions given, in the model's order
            present = [d for d in self.dimensions if d.id in means]
            total = sum(d.weight for d in present)
            return sum(d.weight * means[d.id] for d in present) / total
        total = sum(a.weight for a in self.areas)
        return sum(a.weight * self.area_score(a, means) for a in self.areas) / total

    @property
    def scale_max(self) -> int:
        """Scores are normalised to 1..N where N is the number of levels."""
        return len(self.levels)

    # --- what a role sees -------------------------------------------------------------

    def items_for_role(self, role_id: str) -> list[tuple[Dimension, list[Item]]]:
        """The questionnaire as `role_id` sees it: its items, grouped by dimension in order."""
        self.role(role_id)
        pages = []
        for dim in self.dimensions:
            items = [i for i in self.items if i.dimension == dim.id and i.seen_by(role_id)]
            pages.append((dim, items))
        return pages

    def estimate(self, role_id: str, language: str | None = None) -> TimeEstimate:
        """How long `role_id` takes in `language`: the letters of every text the role is
        shown (questionnaire description, every role's name and description to choose
        from, each step's dimension, item texts and help, each distinct option or "don't
        know" label once) read at READING_LETTERS_PER_MINUTE, plus ANSWER_SECONDS per item,
        STEP_SECONDS per step and WELCOME_SECONDS."""
        lang = language or self.language
        texts = [self.t(self.description, lang)]
        texts += [self.t(t, lang) for r in self.roles for t in (r.name, r.description)]
        labels: dict[str, None] = {}  # distinct, in order: a repeated scale is read once
        answering = 0.0
        steps = 0
        for dim, items in self.items_for_role(role_id):
            if not items:
                continue
            steps += 1
            texts += [self.t(dim.name, lang), self.t(dim.definition, lang)]
            for item in items:
                texts.append(self.t(item.text, lang))
                if item.help:
                    texts.append(self.t(item.help, lang))
                labels.update(dict.fromkeys(self.t(o.text, lang) for o in self.options_of(item)))
                dont_know = self.dont_know_label(item, lang)
                if dont_know is not None:
                    labels[dont_know] = None
                seconds = ANSWER_SECONDS[item.type]
                answering += seconds if item.is_required else seconds / 2
        texts += list(labels)
        words = sum(any(ch.isalnum() for ch in w) for text in texts for w in text.split())
        letters = sum(ch.isalnum() for text in texts for ch in text)
        reading = letters * 60 / READING_LETTERS_PER_MINUTE
        total = WELCOME_SECONDS + steps * STEP_SECONDS + reading + answering
        return TimeEstimate(
            words=words,
            letters=letters,
            reading_seconds=reading,
            answering_seconds=answering + WELCOME_SECONDS + steps * STEP_SECONDS,
            seconds=math.ceil(total),
        )

    def estimated_seconds(self, role_id: str, language: str | None = None) -> int:
        """Estimated completion time for a role in a language (`estimate`), in seconds."""
        return self.estimate(role_id, language).seconds

    def pulse_items(self) -> list[Item]:
        """The short set used in live workshops."""
        return [i for i in self.items if i.pulse]

    def iter_texts(self) -> Iterator[dict[str, str]]:
        """Every human-readable text (for translation and safety checks)."""
        yield self.title
        yield self.description
        for lvl in self.levels:
            yield lvl.name
            yield lvl.description
        for area in self.areas:
            yield area.name
        for dim in self.dimensions:
            yield from (dim.name, dim.definition, *dim.levels, *dim.prompts)
        for role in self.roles:
            yield from (role.name, role.description)
        for scale in self.scales.values():
            yield from (o.text for o in scale.options)
        for item in self.items:
            yield item.text
            yield from (t for t in (item.help, item.dont_know_label, item.unit) if t)
            yield from (o.text for o in item.options or [])
        for action in self.actions:
            yield from (action.title, action.description, action.rationale)
        for indicator in self.evidence:
            yield indicator.name

    def content_hash(self) -> str:
        """SHA-256 of the canonical content: an assessment pins the exact version it used.

        Only what the author wrote counts (`exclude_unset`), so a new optional key in the
        format does not change the hash of every existing questionnaire."""
        content = self.model_dump(mode="json", exclude_unset=True)
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def summary(self) -> dict[str, Any]:
        """The stable machine-readable summary printed by `gapmap inspect --json`."""
        return {
            "id": self.id,
            "version": self.version,
            "languages": list(self.languages),
            "first_level": self.first_level,
            "levels": [
                {
                    "number": self.shown_level(n),
                    "name": self.t(lvl.name),
                    "threshold": lvl.threshold,
                }
                for n, lvl in enumerate(self.levels, start=1)
            ],
            "areas": [
                {
                    "id": a.id,
                    "name": self.t(a.name),
                    "weight": a.weight,
                    "dimensions": list(a.dimensions),
                }
                for a in self.areas
            ],
            "dimensions": [
                {"id": d.id, "name": self.t(d.name), "weight": d.weight} for d in self.dimensions
            ],
            "roles": [
                {
                    "id": r.id,
                    "name": self.t(r.name),
                    "perspective": r.perspective,
                    "items": sum(len(items) for _, items in self.items_for_role(r.id)),
                    "estimated_seconds": self.estimated_seconds(r.id),
                }
                for r in self.roles
            ],
            "items": [
                {
                    "id": i.id,
                    "dimension": i.dimension,
                    "type": i.type,
                    "roles": i.roles if i.roles == "core" else list(i.roles),
                    "pulse": i.pulse,
                    "reverse": i.reverse,
                    "weight": i.weight,
                    "scores": [o.score for o in self.options_of(i)],
                }
                for i in self.items
            ],
            "actions": [
                {
                    "id": a.id,
                    "dimension": a.when.dimension,
                    "from_level": a.when.from_level,
                    "finding": a.when.finding,
                }
                for a in self.actions
            ],
        }
