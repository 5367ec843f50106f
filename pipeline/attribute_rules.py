"""The model's attribute ruler, with its patterns looked up instead of all tried.

spaCy's ``AttributeRuler`` runs a ``Matcher`` that tries each of its patterns at every
token: with the 179 of ``en_core_web_sm`` that is 15% of the whole model's time, more than
the tagger, the parser's share or all our stages. Its patterns are one or two tokens
that test a tag, a lowercase form, a dependency label or "is a space". Indexed by the
value one of those tests needs, a token meets only the few patterns that can match it.

``IndexedAttributeRuler.match`` returns exactly what ``AttributeRuler.match`` returns (the
same matches, deduplicated and sorted the same way, with the same string-hash
comparisons as the ``Matcher``), so ``set_annotations`` and everything after are
unchanged. A pattern with anything else (operators, other attributes, extensions, other
predicates) makes it use the ``Matcher``, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc

ATTRS = {"LOWER": LOWER, "TAG": TAG, "DEP": DEP, "IS_SPACE": IS_SPACE}
"""The attributes the index understands, in the order preferred for the lookup key (a
word is more selective than a tag); their columns in ``Doc.to_array`` follow it."""
COLUMNS = {name: column for column, name in enumerate(ATTRS)}
ARRAY_ATTRS = list(ATTRS.values())
MAX_REMEMBERED = 20_000
"""Distinct (word, tag, label, space) rows whose patterns are remembered: about 5 MB, and
news text has 60,000 such rows in 600 articles; forgetting them all now and then costs
little, as the frequent rows come back first."""

Test = tuple[int, str, object]
"""(column, operator, value): plain data, so that the ruler pickles for spawned workers."""


@dataclass(frozen=True, slots=True)
class _Pattern:
    order: int  # the rule's number: AttributeRuler sorts by it, later rules win
    key: int  # the Matcher key (hash of str(order))
    tokens: tuple[tuple[Test, ...], ...]


_Index = tuple[list[tuple[int, dict[int, list[_Pattern]]]], list[_Pattern]]
"""Per column, the patterns keyed by the value their first token needs there; and the
patterns no value keys (a regular expression, NOT_IN)."""


def _passes(test: Test, row: list[int], strings: StringStore) -> bool:
    column, operator, value = test
    if operator == "==":
        return row[column] == value
    if operator == "IN":
        return row[column] in value
    if operator == "NOT_IN":
        return row[column] not in value
    return value.search(strings[row[column]]) is not None  # REGEX


def _test(attr: str, value: object) -> tuple[Test, frozenset[int] | None] | None:
    """One attribute test as the ``Matcher`` does it (on string hashes), and the values it
    accepts (for the index), or None when this module does not know the test."""
    column = COLUMNS.get(attr)
    if column is None:
        return None
    if isinstance(value, (str, bool)) and (attr == "IS_SPACE") == isinstance(value, bool):
        wanted = int(value) if attr == "IS_SPACE" else get_string_id(value)
        return (column, "==", wanted), frozenset([wanted])
    if not isinstance(value, dict) or len(value) != 1 or attr == "IS_SPACE":
        return None
    (predicate, argument), = value.items()
    if predicate in ("IN", "NOT_IN") and isinstance(argument, (list, tuple)) and all(isinstance(v, str) for v in argument):
        accepted = frozenset(get_string_id(v) for v in argument)
        return (column, predicate, accepted), accepted if predicate == "IN" else None
    if predicate == "REGEX" and isinstance(argument, str):
        return (column, "REGEX", re.compile(argument)), None
    return None


class IndexedAttributeRuler(AttributeRuler):
    """An ``AttributeRuler`` whose ``match`` looks its patterns up by token values."""

    _index: _Index | None = None
    _indexed_for: tuple[int, int, int] | None = None

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        index = self._current_index()
        if index is None:
            return super().match(doc)
        rows = doc.to_array(ARRAY_ATTRS).tolist() if len(doc) else []
        remembered, strings = self._starting, self.vocab.strings
        found: list[tuple[int, int, int, int]] = []
        longer: set[tuple[int, int, int, int]] = set()
        for start, row in enumerate(rows):
            key = tuple(row)
            starting = remembered.get(key)
            if starting is None:
                starting = self._patterns_starting(row, index)
            singles, multiples = starting
            for order, match_id in singles:
                found.append((order, match_id, start, start + 1))
            for pattern in multiples:
                end = start + len(pattern.tokens)
                if end <= len(rows) and all(
                    _passes(test, rows[start + offset], strings)
                    for offset, tests in enumerate(pattern.tokens[1:], 1)
                    for test in tests
                ):
                    longer.add((pattern.order, pattern.key, start, end))
        found.extend(longer)
        found.sort()
        return found

    def _patterns_starting(self, row: list[int], index: _Index) -> tuple[tuple[tuple[int, int], ...], tuple[_Pattern, ...]]:
        """The rules whose one-token patterns match this token, and the longer patterns
        whose first token it matches; remembered per distinct row, as most tokens are
        frequent words."""
        if len(self._starting) >= MAX_REMEMBERED:
            self._starting.clear()
        by_column, unindexed = index
        candidates = [*unindexed]
        for column, table in by_column:
            candidates.extend(table.get(row[column], ()))
        strings = self.vocab.strings
        starting = [p for p in candidates if all(_passes(test, row, strings) for test in p.tokens[0])]
        singles = tuple(sorted({(p.order, p.key) for p in starting if len(p.tokens) == 1}))
        result = singles, tuple(p for p in starting if len(p.tokens) > 1)
        result = self._results.setdefault(result, result)  # few distinct results: share them
        self._starting[tuple(row)] = result
        return result

    def _current_index(self) -> _Index | None:
        """The index for the patterns as they are now (``add`` and ``clear`` change them)."""
        state = (id(self.matcher), len(self.attrs), len(self.matcher))
        if self._indexed_for != state:
            self._index, self._indexed_for = self._build_index(), state
            self._starting: dict[tuple[int, ...], tuple] = {}
            self._results: dict[tuple, tuple] = {}
        return self._index

    def _build_index(self) -> _Index | None:
        tables: list[dict[int, list[_Pattern]]] = [{} for _ in COLUMNS]
        unindexed: list[_Pattern] = []
        for order in range(len(self.attrs)):
            entry = self.matcher.get(str(order))
            if entry is None:
                return None
            for spec in entry[1]:
                compiled = [[_test(attr, value) for attr, value in token.items()] for token in spec]
                if not spec or not all(token for token in spec) or any(t is None for token in compiled for t in token):
                    return None
                pattern = _Pattern(order, self.vocab.strings[str(order)], tuple(tuple(t[0] for t in token) for token in compiled))
                keyed = sorted(
                    ((COLUMNS[attr], accepted) for attr, (_, accepted) in zip(spec[0], compiled[0]) if accepted is not None),
                    key=lambda item: item[0],
                )
                if not keyed:
                    unindexed.append(pattern)
                    continue
                column, accepted = keyed[0]
                for value in accepted:
                    tables[column].setdefault(value, []).append(pattern)
        by_column = [(column, table) for column, table in enumerate(tables) if table]
        return by_column, unindexed


def index_attribute_ruler(nlp: Language) -> None:
    """Give the model's attribute ruler the indexed ``match``. The instance keeps its
    patterns, config and serialisation (a saved pipeline loads spaCy's own class)."""
    for _, component in nlp.pipeline:
        if type(component) is AttributeRuler:
            component.__class__ = IndexedAttributeRuler
