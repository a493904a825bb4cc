"""The phone pages' words (survey and workshop): section `phone` of `assessment.words`.

Every string there is trusted Markdown written by us; values put into them with
`t(..., **fmt)` must be escaped by the caller when they are untrusted.
"""

from __future__ import annotations

from assessment import words

DEFAULT_LANGUAGE = words.DEFAULT_LANGUAGE


def t(key: str, lang: str, **fmt: object) -> str:
    """The phone text `key` in `lang` (English when GapMap does not speak it)."""
    return words.t(f"phone.{key}", lang, **fmt)
