"""Resources shared by every session of the app process: the store and the library.

Streamlit reruns a page on every click; these caches keep one DuckDB connection per
process and re-read the questionnaire library only when a file in it changes.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assessment.config import database_path, questionnaire_dir
from assessment.questionnaires import LoadResult, library
from assessment.store import Store


@st.cache_resource(show_spinner=False)
def _open_store(path: str) -> Store:
    return Store(path)


def store() -> Store:
    """The process's store on `database_path()`, opened (and created) on first use."""
    return _open_store(str(database_path()))


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of every YAML file: changes when a file does."""
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    stats = []
    for f in files:
        try:
            stat = f.stat()
        except OSError:
            continue
        stats.append((f.name, stat.st_mtime_ns, stat.st_size))
    return tuple(stats)


@st.cache_resource(show_spinner=False, max_entries=16)
def _load_library(folder: str, fingerprint: tuple[tuple[str, int, int], ...]) -> list[LoadResult]:
    del fingerprint  # part of the cache key only
    return library(folder)


def questionnaire_library() -> list[LoadResult]:
    """Every file in the library folder (`questionnaire_dir()`), valid or not, by name."""
    folder = questionnaire_dir()
    return _load_library(str(folder), _fingerprint(folder))
