"""Collecting with only ``pip install -e '.[test]'``: the modules and documents whose
examples need an optional extra (stanza, Dask, spaCy) are reported as skipped, saying which extra,
instead of stopping the collection with an ImportError."""

from __future__ import annotations

import importlib.util
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent
_EXTRAS = {"stanza": ("stanza",), "dask": ("dask", "distributed"), "spacy": ("spacy",),
           "semantic": ("numpy",)}
_NEEDS = {
    "quoteattr/processor.py": ("stanza",),
    "quoteattr/annotate/stanza.py": ("stanza",),
    "docs/backends.md": ("stanza", "spacy"),
    "quoteattr/dask.py": ("dask",),
    "docs/scale.md": ("dask",),
    "quoteattr/annotate/spacy.py": ("spacy",),
    "quoteattr/spacy_component.py": ("spacy",),
    "quoteattr/semantic.py": ("semantic",),
}


def _missing(extra: str) -> str | None:
    absent = [m for m in _EXTRAS[extra] if importlib.util.find_spec(m) is None]
    return ", ".join(absent) or None


class _NeedsExtra(pytest.File):
    reason = ""

    def collect(self) -> Iterator[pytest.Item]:
        yield _Skipped.from_parent(self, name=self.path.name, reason=self.reason)


class _Skipped(pytest.Item):
    def __init__(self, *, reason: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.reason = reason

    def runtest(self) -> None:
        pytest.skip(self.reason)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, self.name


@pytest.hookimpl(hookwrapper=True)
def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> Generator[Any, Any, None]:
    outcome = yield
    try:
        relative = file_path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return
    extras = _NEEDS.get(relative, ())
    extra = next((e for e in extras if _missing(e)), None)
    missing = _missing(extra) if extra else None
    if extra and missing and outcome.get_result():
        collector = _NeedsExtra.from_parent(parent, path=file_path)
        collector.reason = (f"needs {missing} (not installed): pip install "
                            f"'quoteattr[{extra}]'")
        outcome.force_result([collector])
