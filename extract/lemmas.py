"""spaCy's lemmas, memoized per (word, part of speech, morphology).

spaCy's rule lemmatizer works in Python token by token and caches only the words that go
through its suffix rules, which makes it about a quarter of the small model's running time.
A lemma depends on nothing but the token's text, part of speech and morphology (in "rule"
and "lookup" mode), so `MemoLemmatizer` reads those three ids of every token into one
array, looks them up in a dict, and asks the wrapped lemmatizer only about combinations it
has not seen yet: every ``token.lemma_`` is the one spaCy's lemmatizer would give.
"""

from __future__ import annotations

from typing import cast

from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc
from thinc.types import Ints2d

FACTORY = "conflict_lemmas"
MEMOIZABLE = ("rule", "lookup")


class MemoLemmatizer:
    """Sets the lemmas the wrapped spaCy lemmatizer would set, each combination asked once."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        if lemmatizer.mode not in MEMOIZABLE:
            raise ValueError(f"cannot memoize a lemmatizer in {lemmatizer.mode!r} mode")
        lemmatizer._validate_tables()  # what its own first call would check
        self.lemmatizer = lemmatizer
        self._memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        table = doc.to_array(["ORTH", "POS", "MORPH", "LEMMA"])
        lemmas = table[:, 3:].copy()
        memo, strings = self._memo, doc.vocab.strings
        keep = not self.lemmatizer.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(table.tolist()):
            if lemma and keep:  # set before, by the attribute ruler
                continue
            key = (orth, pos, morph)
            value = memo.get(key)
            if value is None:
                value = memo[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i, 0] = value
        doc.from_array(["LEMMA"], cast(Ints2d, lemmas))
        return doc


@Language.factory(FACTORY, default_config={"source": "lemmatizer"})
def make_memo_lemmatizer(nlp: Language, name: str, source: str) -> MemoLemmatizer:
    """The memoizing stand-in for the pipeline's lemmatizer component ``source``."""
    lemmatizer = nlp.get_pipe(source)
    if not isinstance(lemmatizer, Lemmatizer):
        raise ValueError(f"component {source!r} is not a spaCy Lemmatizer")
    return MemoLemmatizer(lemmatizer)


def memoize_lemmatizer(nlp: Language, source: str = "lemmatizer") -> bool:
    """Put a `MemoLemmatizer` in place of ``nlp``'s lemmatizer (disabled, kept for its data);
    returns whether it could (a pipeline without a rule or lookup lemmatizer is unchanged)."""
    if source not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe(source)
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode not in MEMOIZABLE:
        return False
    nlp.add_pipe(FACTORY, before=source, config={"source": source})
    nlp.disable_pipe(source)
    return True
