"""Quotes: text between quote marks attributed through a nearby reporting verb."""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from extract import attrs

Item = tuple[int, int, dict[str, Any]]
_QUOTED = re.compile(r"[\"“«„]([^\"”»“]{3,}?)[\"”»“]")
_CUES = frozenset({"say", "tell", "add", "warn", "argue"})


def find_quotes(doc: Doc) -> list[Item]:
    """Return direct quotes whose sentence has a reporting verb with a subject."""
    items: list[Item] = []
    for match in _QUOTED.finditer(doc.text):
        span = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if span is None:
            continue
        speaker = None
        cue = None
        for token in span.sent:
            if token.lemma_ in _CUES and not (span.start <= token.i < span.end):
                cue = [token.idx, token.idx + len(token)]
                subjects = [c for c in token.children if c.dep_ == "nsubj"]
                if subjects:
                    subj = subjects[0]
                    left, right = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge)
                    speaker = {"start": left, "end": right, "resolution": "name"}
                break
        items.append(
            (
                match.start(),
                match.end(),
                {
                    "id": f"Q{len(items) + 1}",
                    "kind": "direct",
                    "contents": [[match.start(1), match.end(1)]],
                    "cue": cue,
                    "speaker": speaker,
                },
            )
        )
    return items


@Language.factory("conflict_quotes", requires=["doc.spans"], assigns=["doc.spans"])
def make_quote_finder(nlp: Language, name: str) -> Any:
    """Build the component that stores `find_quotes` results in ``doc.spans``."""
    attrs.register_extensions()

    def conflict_quotes(doc: Doc) -> Doc:
        attrs.set_items(doc, attrs.QUOTES, find_quotes(doc))
        return doc

    return conflict_quotes
