"""Memoized stand-ins for spaCy's attribute ruler and lemmatizer: the same annotations.

Both components work in Python token by token, and together take about a quarter of the
small model's running time. What they set on a token depends only on a few of its
attributes, so each stand-in reads those attributes of every token into one array, looks
the combination up in a dict, and asks the wrapped spaCy component only about
combinations it has not seen yet:

- `MemoLemmatizer`: a lemma depends only on the token's text, part of speech and
  morphology (spaCy's "rule" and "lookup" modes).
- `MemoAttributeRuler`: a one-token pattern depends only on the attributes it tests (tag,
  lower-case form, dependency...); patterns over several tokens or with operators still go
  through a spaCy `Matcher` (of those few patterns). Later patterns win, as in spaCy.

`memoize(nlp)` puts them in the pipeline in place of spaCy's (which stay, disabled, for
their data). Every token ends up with exactly the annotations spaCy's components give it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Any, cast

import numpy
from numpy.typing import NDArray
from spacy.attrs import IDS  # type: ignore[import-not-found]
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import StringStore
from spacy.tokens import Doc, Span
from thinc.types import Ints2d

LEMMAS = "conflict_lemmas"
ATTRIBUTES = "conflict_attributes"
MEMOIZABLE_MODES = ("rule", "lookup")
# token attributes a one-token pattern may test to be memoized (Matcher name -> array name)
KEYS = {
    **{name: name for name in ("ORTH", "LOWER", "NORM", "SHAPE", "TAG", "POS", "DEP")},
    **{name: name for name in ("MORPH", "LEMMA", "IS_SPACE", "IS_PUNCT", "IS_ALPHA")},
    **{name: name for name in ("IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "LIKE_NUM")},
    "TEXT": "ORTH",
}
# attributes whose array value is the id of a string, and the id no string is given here
STRING_VALUED = ("ORTH", "LOWER", "NORM", "SHAPE", "LEMMA", "TAG", "DEP")
OTHER = numpy.uint64(2**64 - 1)
# token attributes a rule may set: token fields only (spaCy also writes rule values into
# the lexeme, where these have no field)
SETTABLE = ("TAG", "POS", "MORPH", "LEMMA", "DEP")


def _with_word_sets(lemmatizer: Lemmatizer) -> Lemmatizer:
    """A copy of ``lemmatizer`` whose word index holds sets, not lists: spaCy's own code,
    which only tests membership in it, without scanning a list of up to 57,000 words for
    every unseen word."""
    fast = copy.copy(lemmatizer)
    fast.lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            table = Table(name, {pos: set(words) for pos, words in table.items()})
        fast.lookups.set_table(name, table)
    fast.cache = {}
    fast.lemmatize = getattr(fast, f"{fast.mode}_lemmatize")
    return fast


class MemoLemmatizer:
    """Sets the lemmas the wrapped spaCy lemmatizer would set, each combination asked once."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        if lemmatizer.mode not in MEMOIZABLE_MODES:
            raise ValueError(f"cannot memoize a lemmatizer in {lemmatizer.mode!r} mode")
        lemmatizer._validate_tables()  # what its own first call would check
        self.lemmatizer = lemmatizer
        self._lemmatize = _with_word_sets(lemmatizer).lemmatize
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
                value = memo[key] = strings.add(self._lemmatize(doc[i])[0])
            lemmas[i, 0] = value
        doc.from_array(["LEMMA"], cast(Ints2d, lemmas))
        return doc


class _Named:
    """The values of one string attribute that some one-token pattern may ask for; every
    other value behaves like any other (so they share one memo entry, as ``OTHER``)."""

    def __init__(self, exact: set[int], regexes: list[re.Pattern[str]]) -> None:
        self.exact = exact
        self.regexes = regexes
        self.seen: set[int] = set()
        self.ids = numpy.asarray(sorted(exact), dtype=numpy.uint64)

    @classmethod
    def of(cls, strings: StringStore, attr: str, wanted: list[Any]) -> _Named | None:
        """What the patterns ask of ``attr``, if only strings and regexes (else None)."""
        if attr not in STRING_VALUED:
            return None
        exact: set[int] = set()
        regexes: list[re.Pattern[str]] = []
        for value in wanted:
            if isinstance(value, str):
                exact.add(strings.add(value))
            elif isinstance(value, dict) and value.keys() & {"IN", "REGEX"}:
                # each predicate must hold: the ones named here bound what can match
                named = value.get("IN", [])
                if not all(isinstance(v, str) for v in named):
                    return None
                exact |= {strings.add(v) for v in named}
                if "REGEX" in value:
                    regexes.append(re.compile(value["REGEX"]))
            else:
                return None
        return cls(exact, regexes)

    def collapse(self, column: NDArray[numpy.uint64], strings: StringStore) -> NDArray[Any]:
        """``column`` with every value no pattern asks for replaced by ``OTHER``."""
        if self.regexes:
            new = set(cast(list[int], numpy.unique(column).tolist())) - self.seen
            self.seen |= new
            found = {v for v in new if any(r.search(strings[v]) for r in self.regexes)}
            if found:
                self.exact |= found
                self.ids = numpy.asarray(sorted(self.exact), dtype=numpy.uint64)
        return numpy.where(numpy.isin(column, self.ids), column, OTHER)


def _one_token(pattern: list[dict[str, Any]], index: int) -> bool:
    return len(pattern) == 1 and index in (0, -1) and all(k.upper() in KEYS for k in pattern[0])


class MemoAttributeRuler:
    """Sets the attributes the wrapped spaCy attribute ruler would set."""

    def __init__(self, ruler: AttributeRuler) -> None:
        names = {IDS[name]: name for name in SETTABLE}
        self._rules: list[dict[str, int]] = []  # per rule: attribute name -> value
        for rule, attrs in enumerate(ruler.attrs):
            if not set(attrs) <= names.keys():
                raise ValueError(f"attribute rule {rule} sets more than {', '.join(SETTABLE)}")
            self._rules.append({names[attr]: value for attr, value in attrs.items()})
        self._indices = list(ruler.indices)
        self._single = Matcher(ruler.vocab, validate=False)
        self._rest = Matcher(ruler.vocab, validate=False)
        tested: dict[str, list[Any]] = {}  # attribute -> what the patterns ask of it
        for rule in range(len(self._rules)):
            _, patterns = ruler.matcher.get(str(rule))
            single = [p for p in patterns if _one_token(p, self._indices[rule])]
            rest = [p for p in patterns if not _one_token(p, self._indices[rule])]
            if single:
                self._single.add(str(rule), single)
                for pattern in single:
                    for attr, wanted in pattern[0].items():
                        tested.setdefault(KEYS[attr.upper()], []).append(wanted)
            if rest:
                self._rest.add(str(rule), rest)
        self.columns = [c for c in SETTABLE if any(c in rule for rule in self._rules)]
        self._keys: list[int | str] = [IDS[k] for k in sorted(tested) or ["ORTH"]]
        # a word no pattern names behaves as any other such word: one memo entry for all
        self._named = [_Named.of(ruler.vocab.strings, k, tested[k]) for k in sorted(tested)]
        self._columns: list[int | str] = [IDS[c] for c in self.columns]
        self._memo: dict[tuple[int, ...], int] = {}  # tested attributes -> outcome
        self._outcomes: dict[tuple[int, ...], int] = {}  # rules that match -> outcome
        self._matched: list[tuple[int, ...]] = []  # per outcome: its rules, in order
        self._values: list[list[int]] = []  # per outcome: the value of each column
        self._set: list[list[bool]] = []  # per outcome: whether it sets the column
        self._arrays = numpy.zeros((0, len(self.columns)), numpy.uint64), numpy.zeros((0, 0), bool)

    def _outcome(self, rules: Iterable[int]) -> int:
        ordered = tuple(sorted(set(rules)))
        known = self._outcomes.get(ordered)
        if known is not None:
            return known
        final: dict[str, int] = {}
        for rule in ordered:  # later rules win
            final.update(self._rules[rule])
        self._matched.append(ordered)
        self._values.append([final.get(c, 0) for c in self.columns])
        self._set.append([c in final for c in self.columns])
        self._outcomes[ordered] = len(self._matched) - 1
        return len(self._matched) - 1

    @staticmethod
    def _match(doc: Doc | Span, matcher: Matcher) -> list[tuple[int, int, int]]:
        strings = doc.vocab.strings
        return [(int(strings[m]), s, e) for m, s, e in matcher(doc, allow_missing=True)]

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc) or not self.columns:
            return doc
        memo = self._memo
        outcomes: list[int] = []
        keys = doc.to_array(self._keys).reshape(len(doc), len(self._keys))
        for j, named in enumerate(self._named):
            if named is not None:
                keys[:, j] = named.collapse(
                    cast(NDArray[numpy.uint64], keys[:, j]), doc.vocab.strings
                )
        for i, key in enumerate(map(tuple, cast(list[list[int]], keys.tolist()))):
            outcome = memo.get(key)
            if outcome is None:
                matches = self._match(doc[i : i + 1], self._single)
                outcome = memo[key] = self._outcome(rule for rule, _, _ in matches)
            outcomes.append(outcome)
        extra: dict[int, list[int]] = {}
        for rule, start, end in self._match(doc, self._rest):
            index = self._indices[rule]
            target = start + index if index >= 0 else end + index
            if not start <= target < end:
                raise ValueError(
                    f"attribute rule {rule}: index {index} is outside its match "
                    f"{doc[start:end].text!r}"
                )
            extra.setdefault(target, []).append(rule)
        for i, rules in extra.items():
            outcomes[i] = self._outcome([*self._matched[outcomes[i]], *rules])
        if len(self._arrays[0]) != len(self._values):
            self._arrays = numpy.asarray(self._values, numpy.uint64), numpy.asarray(self._set)
        values, chosen = (array[numpy.asarray(outcomes)] for array in self._arrays)
        table = doc.to_array(self._columns).reshape(len(doc), len(self._columns))
        doc.from_array(self._columns, cast(Ints2d, numpy.where(chosen, values, table)))
        return doc


@Language.factory(LEMMAS, default_config={"source": "lemmatizer"})
def make_memo_lemmatizer(nlp: Language, name: str, source: str) -> MemoLemmatizer:
    """The memoizing stand-in for the pipeline's lemmatizer component ``source``."""
    lemmatizer = nlp.get_pipe(source)
    if not isinstance(lemmatizer, Lemmatizer):
        raise ValueError(f"component {source!r} is not a spaCy Lemmatizer")
    return MemoLemmatizer(lemmatizer)


@Language.factory(ATTRIBUTES, default_config={"source": "attribute_ruler"})
def make_memo_attribute_ruler(nlp: Language, name: str, source: str) -> MemoAttributeRuler:
    """The memoizing stand-in for the pipeline's attribute ruler component ``source``."""
    ruler = nlp.get_pipe(source)
    if not isinstance(ruler, AttributeRuler):
        raise ValueError(f"component {source!r} is not a spaCy AttributeRuler")
    return MemoAttributeRuler(ruler)


def memoize(nlp: Language) -> list[str]:
    """Put the memoizing stand-ins in place of ``nlp``'s attribute ruler and lemmatizer
    (disabled, kept for their data) where they can stand in; returns the ones replaced."""
    replaced = []
    for source, factory in (("attribute_ruler", ATTRIBUTES), ("lemmatizer", LEMMAS)):
        if source not in nlp.pipe_names:
            continue
        try:
            nlp.add_pipe(factory, before=source, config={"source": source})
        except ValueError:  # a kind of rule or lemmatizer the stand-in cannot memoize
            continue
        nlp.disable_pipe(source)
        replaced.append(source)
    return replaced
