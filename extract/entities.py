"""Named entities clustered into one canonical entity per real-world thing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract import attrs

LABELS = frozenset(
    {
        "PERSON",
        "ORG",
        "GPE",
        "LOC",
        "NORP",
        "FAC",
        "EVENT",
        "PRODUCT",
        "LAW",
        "WORK_OF_ART",
        "LANGUAGE",
    }
)
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_TRAILING = re.compile(r"(?:'s|’s|'|’)$")


@dataclass
class Cluster:
    """Mentions of one entity."""

    label: str
    mentions: list[tuple[int, int]] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return max(self.forms, key=len)


def _trim(span: Span) -> tuple[int, int, str]:
    text = span.text
    start, end = span.start_char, span.end_char
    lead = _LEADING.match(text)
    if lead and len(text) > lead.end():
        start += lead.end()
        text = text[lead.end() :]
    trail = _TRAILING.search(text)
    if trail and trail.start() > 0:
        end -= len(trail.group())
        text = text[: trail.start()]
    return start, end, text


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


def _same(cluster: Cluster, label: str, text: str) -> bool:
    if label != cluster.label:
        return False
    for form in cluster.forms:
        if form == text:
            return True
        if label == "PERSON" and (form.split()[-1] == text or text.split()[-1] == form):
            return True
        if label == "ORG" and (
            (text.isupper() and _initials(form) == text)
            or (form.isupper() and _initials(text) == form)
        ):
            return True
    return False


def find_entities(doc: Doc) -> list[Cluster]:
    """Return the entity clusters of ``doc``, in order of first mention."""
    clusters: list[Cluster] = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        start, end, text = _trim(ent)
        for cluster in clusters:
            if _same(cluster, ent.label_, text):
                break
        else:
            cluster = Cluster(ent.label_)
            clusters.append(cluster)
        cluster.mentions.append((start, end))
        if text not in cluster.forms:
            cluster.forms.append(text)
    return clusters


@Language.factory("conflict_entities", requires=["doc.ents"], assigns=["doc.spans"])
def make_entity_finder(nlp: Language, name: str) -> Any:
    """Build the component that stores `find_entities` results in ``doc.spans``."""
    attrs.register_extensions()

    def conflict_entities(doc: Doc) -> Doc:
        heads: list[tuple[int, int, dict[str, Any]]] = []
        mentions: list[tuple[int, int, dict[str, Any]]] = []
        for i, cluster in enumerate(find_entities(doc), start=1):
            eid = f"E{i}"
            start, end = cluster.mentions[0]
            heads.append(
                (
                    start,
                    end,
                    {
                        "id": eid,
                        "label": cluster.label,
                        "name": cluster.name,
                        "aliases": [f for f in cluster.forms if f != cluster.name],
                        "roles": [],
                        "geo": None,
                    },
                )
            )
            mentions.extend((s, e, {"entity": eid, "kind": "name"}) for s, e in cluster.mentions)
        attrs.set_items(doc, attrs.ENTITIES, heads)
        attrs.set_items(doc, attrs.MENTIONS, sorted(mentions, key=lambda m: m[0]))
        return doc

    return conflict_entities
