"""Figures: counts of people and things, with what they count."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract import attrs

Item = tuple[int, int, dict[str, Any]]


def _value(span: Span) -> int | None:
    for token in span:
        if token.like_num:
            try:
                return int(float(token.text.replace(",", "")))
            except ValueError:
                return None
    return None


def find_figures(doc: Doc) -> list[Item]:
    """Return CARDINAL entities attached to a counted noun."""
    items: list[Item] = []
    for ent in doc.ents:
        if ent.label_ != "CARDINAL":
            continue
        head = ent.root.head
        counted = head.lemma_.lower() if head.pos_ in ("NOUN", "PROPN") else None
        value = _value(ent)
        items.append(
            (
                ent.start_char,
                ent.end_char,
                {
                    "id": f"F{len(items) + 1}",
                    "value": value,
                    "low": value,
                    "high": value,
                    "counted": counted,
                },
            )
        )
    return items


@Language.factory("conflict_figures", requires=["doc.ents"], assigns=["doc.spans"])
def make_figure_finder(nlp: Language, name: str) -> Any:
    """Build the component that stores `find_figures` results in ``doc.spans``."""
    attrs.register_extensions()

    def conflict_figures(doc: Doc) -> Doc:
        attrs.set_items(doc, attrs.FIGURES, find_figures(doc))
        return doc

    return conflict_figures
