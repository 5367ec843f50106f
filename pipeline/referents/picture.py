"""The document's entities: every named mention of a person, organisation or outlet
grouped into one entity, as a reader groups them.

A reader takes "Mr. Trump" and "Trump" for the "Donald J. Trump" named before, "the
IMF" for "the International Monetary Fund (IMF)", and "The Post" for the one outlet
whose name ends so; a name in a headline or a byline counts only when the article's
body names the same entity. Each entity gets an id stable within the document (``E1``
for the first named), one type for all its mentions and a canonical name: its fullest
form.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property

import numpy
from spacy.attrs import ENT_IOB, IS_TITLE, IS_UPPER, LEMMA, POS, SENT_START
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from pipeline.doc_keys import BLOCKS, MEDIA, NON_CLAIM_BLOCKS, SOURCES, text_of
from pipeline.resources import table, word_list
from pipeline.referents.names import (
    given_name_gender,
    POSSESSIVE,
    PersonName,
    acronyms,
    is_honour,
    is_title,
    looks_like_acronym,
    org_key,
    person_name,
    plain,
    title_role,
)

NAME_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "organization", "FAC": "organization",
               "LOC": "organization"}  # the model's LOC is often a company it does not know ("Skyrow")
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
COPULAS = frozenset({"be", "become", "remain"})
PLACE_OWNERS = frozenset({"GPE", "NORP"})  # "the Saudi government"


@dataclass
class Referent:
    """One entity of the document and its named mentions, in document order."""

    id: str
    kind: str  # person | organization | media
    mentions: list[Span] = field(default_factory=list)
    person: PersonName | None = None  # the fullest name, for a person
    keys: set[str] = field(default_factory=set)  # org keys and acronyms
    fixed_name: str | None = None  # a name no mention spells out: "Trump campaign"
    headed: set[int] = field(default_factory=set)  # starts of its mentions in headings, bylines, credits

    @cached_property
    def canonical(self) -> Span:
        """The fullest mention of the body text: most name parts for a person, else the
        longest name that is not an acronym; the earliest of equals. A headline's title
        case or capitals make no name ("Beneath Clinton's Wins", "DONALD TRUMP")."""
        def fullness(span: Span) -> tuple[bool, int, int]:
            length = span.end_char - span.start_char  # len(span.text)
            body = span.start not in self.headed and not (len(span) > 1 and span.text.isupper())
            if self.kind == "person":
                return body, person_name(_words(span)).fullness, length
            return body, not looks_like_acronym(span.text), length

        return max(self.mentions, key=lambda s: (*fullness(s), -s.start))

    @property
    def name(self) -> str:
        """The canonical name, without titles or a leading article: "Donald J. Trump";
        a body named after a person by its key: "Trump campaign"."""
        if self.fixed_name is not None:
            return self.fixed_name
        span = self.canonical
        words = [t for t in span if not t.is_punct or t.text in ".-&"]
        if self.kind == "person":
            while len(words) > 1 and is_title(words[0].text):
                words = words[1:]
            while len(words) > 1 and is_honour(words[-1].text):
                words = words[:-1]
        elif len(words) > 1 and (words[0].lower_ in ("a", "an") or words[0].lower_ == "the" and (
                self.kind != "media" or words[0].text == "the")):
            words = words[1:]  # an outlet keeps the article its name begins with ("The Hill")
        if not words:
            return span.text
        return text_of(span.doc)[words[0].idx : words[-1].idx + len(words[-1])]


def _words(span: Span) -> list[str]:
    return [t.text for t in span]


@cache
def _source_nouns() -> frozenset[str]:
    return frozenset(row["noun"] for row in table("source_nouns.tsv"))


@cache
def _body_words() -> frozenset[str]:
    """Words that make a name a body's, not a person's: "Jordan Valley Authority"."""
    nouns = {row["noun"] for row in table("source_nouns.tsv") if row["type"] in ("organization", "media")}
    return frozenset(nouns | {row["suffix"].lower() for row in table("media_suffixes.tsv")} | company_words())


@cache
def company_words() -> frozenset[str]:
    return frozenset(plain(word) for word in word_list("company_words.txt"))


def _looks_like_person(words: list[str]) -> bool:
    """Two or three capitalised words, the first a given name, none a body's word."""
    return 2 <= len(words) <= 3 and given_name_gender(words[0]) is not None and all(
        w[:1].isupper() and plain(w) not in _body_words() for w in words)


def trimmed(span: Span) -> Span | None:
    """The name without a possessive ending, punctuation at its edges, or a leading
    "the" (kept for media, whose article is part of the name: "The Hill")."""
    start, end = span.start, span.end
    doc = span.doc
    while end > start and ((last := doc[end - 1]).text in POSSESSIVE or last.is_punct or last.is_space):
        end -= 1
    while start < end and ((first := doc[start]).is_punct or first.is_space):
        start += 1
    if start >= end:
        return None
    return Span(doc, start, end)


def _extended_person(span: Span) -> Span:
    """The model sometimes stops a name before its head ("Sally Quillian" of "Sally
    Quillian Yates"): take the proper nouns its last word is a compound of."""
    end = span.end
    doc = span.doc
    while end < len(doc) and doc[end - 1].dep_ == "compound" and doc[end - 1].head.i == end and doc[end].pos_ == "PROPN" \
            and doc[end].is_title and not doc[end].ent_type_ and doc[end].is_sent_start is not True:
        end += 1
    return doc[span.start : end]


class TokenTable:
    """A document's token attributes as arrays, read once: the picture looks for a few
    tokens among thousands (untagged names, acronyms, "campaign"), and a Python loop
    over every ``Token`` costs more than the rest of the stage."""

    def __init__(self, doc: Doc) -> None:
        table = doc.to_array([POS, IS_TITLE, IS_UPPER, ENT_IOB, LEMMA, SENT_START])
        self.pos, self.title, self.upper, self.iob, self.lemma, self.sent_start = table.T if len(doc) else (
            numpy.zeros(0, dtype="uint64"),) * 6
        self.propn = self.pos == doc.vocab.strings["PROPN"]
        self.noun = self.pos == doc.vocab.strings["NOUN"]
        self.untagged = (self.iob == 0) | (self.iob == 2)  # outside every entity

    def where(self, mask) -> list[int]:
        return numpy.flatnonzero(mask).tolist()


def _blocked(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of headings, bylines and datelines: no antecedents there."""
    return [(b.start, b.end) for b in doc.spans.get(BLOCKS, []) if b.label_ in NON_CLAIM_BLOCKS]


def in_ranges(i: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= i < end for start, end in ranges)


class _Builder:
    def __init__(self, doc: Doc, ents: tuple[Span, ...]) -> None:
        self.doc = doc
        self.ents = ents
        self.referents: list[Referent] = []
        self.people: list[Referent] = []  # the persons among them
        self.by_key: dict[str, Referent] = {}
        self.media = {(s.start, s.end) for s in doc.spans.get(MEDIA, [])}
        self.aliases = self._parenthesised_aliases()

    def _parenthesised_aliases(self) -> dict[int, str]:
        """'the Alliance to Reclaim Our Schools (AROS)': the acronym's token -> the
        name's key, for names the initials rule would miss. The acronym must begin as the
        name does: a dateline's "COLUMBUS, Ohio (AP)" names an agency, not Ohio."""
        aliases: dict[int, str] = {}
        doc = self.doc
        for ent in self.ents:
            after = ent.end
            if after + 2 < len(doc) and doc[after].text == "(" and doc[after + 2].text == ")" and looks_like_acronym(doc[after + 1].text):
                key = org_key(_words(ent))
                if key[:1] == plain(doc[after + 1].text)[:1]:
                    aliases[after + 1] = key
        return aliases

    def new(self, kind: str, span: Span) -> Referent:
        referent = Referent(f"E{len(self.referents) + 1}", kind, [span])
        self.referents.append(referent)
        return referent

    def add(self, span: Span, label: str, body: bool) -> None:
        kind = NAME_LABELS[label]
        if (span.start, span.end) in self.media or any(s <= span.start and span.end <= e for s, e in self.media):
            kind = "media"
        words = _words(span)
        if label == "ORG" and kind != "media" and _looks_like_person(words):
            label = "PERSON"  # "Marta Ilves" taken for a company
        elif label == "PERSON" and len(words) > 1 and plain(words[-1]) in company_words() and given_name_gender(
                words[0]) is None:
            label, kind = "ORG", "organization"  # "Lumera Labs" taken for a person
        if label == "PERSON" and span.start > 0 and is_title(self.doc[span.start - 1].text) and not is_title(words[0]):
            words = [self.doc[span.start - 1].text, *words]  # "Mrs." of "Mrs. Clinton", left out of the model's span
        person = self._person_for(span, words, strict=label != "PERSON")
        if person is not None:
            person.mentions.append(span)
            if body:
                self._fuller(person, words)
            else:
                person.headed.add(span.start)
            return
        if label == "PERSON" and kind != "media" and not self._org_for(span, words, exact_only=True) and not (
                len(words) == 1 and self._first_word_of(words)):  # "Harbour", after "Harbour Mutual"
            if body:
                referent = self.new("person", span)
                referent.person = person_name(words)
                self.people.append(referent)
            return
        org = self._org_for(span, words) or self._acronym_before(words) or (
            self._first_word_of(words) if label != "GPE" else None)
        if org is not None:
            org.mentions.append(span)
            if not body:
                org.headed.add(span.start)
            if kind == "media":
                org.kind = "media"
            self._index(org, span, words)
        elif body:
            referent = self.new(kind, span)
            self._index(referent, span, words)

    def _person_for(self, span: Span, words: list[str], strict: bool) -> Referent | None:
        """The person a name belongs to: the same surname with agreeing given names; a
        bare surname goes to the person of that surname named most often so far (a title
        such as "Mrs." must agree). ``strict``: a mention the model took for something
        else joins only a person it names by surname alone."""
        name = person_name(words)
        if name.surname is None or (strict and (name.given is not None or len(words) > 1)):
            return None
        people = self.people
        same = [r for r in people if r.person.compatible(name)]  # type: ignore[union-attr]
        if name.gender is not None:
            same = [r for r in same if r.person.gender in (None, name.gender)]  # type: ignore[union-attr]
        if not same and name.given is None and not strict:
            # "Hillary" alone, after "Hillary Clinton"
            same = [r for r in people if r.person.given == name.surname]  # type: ignore[union-attr]
        if not same:
            return None
        if name.given is not None:
            full = [r for r in same if r.person.given is not None]  # type: ignore[union-attr]
            same = full or same
        return max(same, key=lambda r: (len(r.mentions), r.mentions[-1].start))

    @staticmethod
    def _fuller(person: Referent, words: list[str]) -> None:
        name = person_name(words)
        if person.person is None or name.fullness > person.person.fullness:
            titles = person.person.titles if person.person else ()
            person.person = PersonName(tuple(dict.fromkeys((*titles, *name.titles))), name.given, name.middle, name.surname)

    def _org_for(self, span: Span, words: list[str], exact_only: bool = False) -> Referent | None:
        key = org_key(words)
        if key in self.by_key:
            return self.by_key[key]
        if exact_only:
            return None
        alias = self.aliases.get(span.start) if len(span) == 1 else None
        if alias is not None and alias in self.by_key:
            return self.by_key[alias]
        if len(words) == 1 and looks_like_acronym(words[0]):
            found = [r for r in self.referents if r.kind != "person" and plain(words[0]) in r.keys]
            if len(found) == 1:
                return found[0]
        # "The Post" after "The New York Post": the one outlet or body whose name ends so.
        if 1 <= len(key.split()) <= 2 and not looks_like_acronym(words[-1]):
            found = [r for r in self.referents if r.kind != "person" and any(
                k.endswith(" " + key) for k in r.keys)]
            if len(found) == 1:
                return found[0]
        return None

    def _first_word_of(self, words: list[str]) -> Referent | None:
        """"Lumera", after "Lumera Labs": the one body whose name begins with this word."""
        if len(words) != 1 or looks_like_acronym(words[0]):
            return None
        word = plain(words[0])
        found = {id(r): r for r in self.referents if r.kind != "person" and any(
            k.startswith(word + " ") for k in r.keys)}
        return next(iter(found.values())) if len(found) == 1 else None

    def _acronym_before(self, words: list[str]) -> Referent | None:
        """"RT ... Russia Today": an acronym met before the name it stands for."""
        short = acronyms(words)
        if not short:
            return None
        found = [r for r in self.referents if r.kind != "person" and plain(r.mentions[0].text) in short
                 and all(looks_like_acronym(m.text) for m in r.mentions)]
        return found[0] if len(found) == 1 else None

    def _index(self, referent: Referent, span: Span, words: list[str]) -> None:
        key = org_key(words)
        referent.keys.add(key)
        referent.keys.update(acronyms(words))
        self.by_key.setdefault(key, referent)
        for alias_at, alias_key in self.aliases.items():
            if alias_key == key:
                referent.keys.add(plain(self.doc[alias_at].text))


def build(doc: Doc) -> list[Referent]:
    """The entities of ``doc``: body mentions first, in order, then those of headings,
    bylines and datelines, which join an entity the body names and found none."""
    ents = doc.ents  # built anew at every access: once here
    builder = _Builder(doc, ents)
    blocked = _blocked(doc)
    tokens = TokenTable(doc)
    later: list[tuple[Span, str]] = []
    sources = list(_named_sources(doc))
    inside = {i for span, _ in sources for i in range(span.start, span.end)}
    # a source's name wins over the model's pieces of it ("Maritime" of "The Maritime
    # and Transport Workers' Union")
    names = [(ent, ent.label_) for ent in ents if ent.label_ in NAME_LABELS
             and not (ent.start in inside and ent.end - 1 in inside)
             and not _plural_source_noun(ent)]
    names = sorted([*names, *((run, "PERSON") for run in _missed_people(doc, tokens)), *sources], key=lambda n: n[0].start)
    for ent, label in names:
        span = trimmed(ent)
        if span is None:
            continue
        if label == "PERSON":
            span = _extended_person(span)
        if in_ranges(span.start, blocked):
            later.append((span, label))
        else:
            builder.add(span, label, body=True)
    for span, label in later:
        builder.add(span, label, body=False)
    _unlabelled_names(doc, builder.referents, blocked, tokens)
    _untagged_acronyms(doc, builder.referents, tokens)
    builder.referents.extend(_affiliations(doc, builder.referents, len(builder.referents), tokens))
    work = frozenset(word_list("media_work_nouns.txt"))
    for referent in builder.referents:
        if referent.kind == "organization" and any(
            m.root.dep_ in ("compound", "poss") and m.root.head.lemma_.lower() in work for m in referent.mentions
        ):
            referent.kind = "media"  # "a Daily Globe reporter"
        referent.mentions.sort(key=lambda s: s.start)
    return builder.referents


def _plural_source_noun(ent: Span) -> bool:
    """"Aides said", "Officials say" opening a sentence, tagged ORG by the model: no name
    (but "Carrier said" is a company's)."""
    word = ent[0]
    return len(ent) == 1 and word.lemma_.lower() != word.lower_ and word.lemma_.lower() in _source_nouns()


def _named_sources(doc: Doc) -> Iterator[tuple[Span, str]]:
    """A source that is a proper name the model tagged as nothing ("The Maritime and
    Transport Workers' Union said", "Veltrix Therapeutics said"): an entity all the same."""
    for source in doc.spans.get(SOURCES, []):
        root = source.root
        if root.pos_ != "PROPN" or root.ent_type_ or not (root.is_title or root.is_upper):
            continue
        start = root.left_edge.i
        while start < root.i and (doc[start].dep_ in ("det", "punct") or doc[start].is_punct):
            start += 1
        if root.i > start and doc[start].ent_iob_ == "I" or root.i + 1 < len(doc) and doc[root.i + 1].ent_iob_ == "I":
            continue  # part of a longer name the model found
        words = [t.text for t in doc[start : root.i + 1]]
        if len(words) == 1 and (plain(words[0]) in _source_nouns() or is_title(words[0])):
            continue  # a headline's "Judge" or "Lawmaker" names nobody
        yield doc[start : root.i + 1], "PERSON" if _looks_like_person(words) else "ORG"


def _missed_people(doc: Doc, tokens: TokenTable) -> Iterator[Span]:
    """"Elena Varga spoke": a given name and a surname the model tagged as nothing."""
    candidate = tokens.propn & (tokens.title != 0) & tokens.untagged
    after = 0
    for i in tokens.where(candidate):
        if i < after:
            continue
        end = i
        while end < len(doc) and end - i < 3 and candidate[end]:
            end += 1
        if end - i >= 2 and (end == len(doc) or not tokens.propn[end]) and _looks_like_person(
                [t.text for t in doc[i:end]]):
            yield doc[i:end]
        after = max(end, i + 1)


def _unlabelled_names(doc: Doc, referents: list[Referent], blocked: list[tuple[int, int]], tokens: TokenTable) -> None:
    """A name the model did not take for a person's ("Lynch speaks ...", "Ivanka Trump,
    the nominee's daughter, said", a headline's "Obama Says ..."), of a person the body
    names: a mention all the same, when it fits one person only (a bare surname no other
    person shares). In the body, only after the person was named."""
    people = [r for r in referents if r.kind == "person" and r.person is not None and r.person.surname]
    if not people:
        return
    first = {r.id: r.mentions[0].start for r in referents}
    taken = {i for r in referents for m in r.mentions for i in range(m.start, m.end)}
    heading = numpy.zeros(len(doc), dtype=bool)
    for start, end in blocked:
        heading[start:end] = True
    # a title-case proper noun (or a noun inside a sentence) outside other names: in the
    # body, a token of a longer name of something else is not free
    single = (tokens.iob == 3) & numpy.append(tokens.iob[1:] != 1, True)
    free = (tokens.title != 0) & (tokens.propn | tokens.noun & (tokens.sent_start != 1)) & (
        tokens.untagged | heading | single)
    for i in taken:
        free[i] = False
    after = 0
    for i in tokens.where(free):
        if i < after:
            continue
        end = i + 1
        while end < len(doc) and end - i < 4 and free[end] and tokens.propn[end]:
            end += 1
        after = i + 1
        words = [doc[j].text for j in range(i, end)]
        for stop in range(end, i, -1):  # the longest run that names one person
            name = person_name(words[: stop - i])
            found = [r for r in people if r.person.compatible(name)  # type: ignore[union-attr]
                     and (name.given is None or r.person.given is not None)]  # type: ignore[union-attr]
            if len(found) == 1 and (heading[i] or first[found[0].id] < i):
                found[0].mentions.append(Span(doc, i, stop))
                if heading[i]:
                    found[0].headed.add(i)
                after = stop
                break


def _untagged_acronyms(doc: Doc, referents: list[Referent], tokens: TokenTable) -> None:
    """"CNS reported", after "Christian News Service": an acronym the model left untagged."""
    owners: dict[str, list[Referent]] = {}
    for referent in referents:
        if referent.kind != "person":
            for key in referent.keys:
                if " " not in key:
                    owners.setdefault(key, []).append(referent)
    if not owners:
        return
    for i in tokens.where((tokens.upper != 0) & tokens.untagged):
        token = doc[i]
        if not looks_like_acronym(token.text):
            continue
        found = owners.get(plain(token.text))
        if found is not None and len(found) == 1 and found[0].mentions[0].start < token.i:
            found[0].mentions.append(doc[token.i : token.i + 1])


@cache
def _place_bodies() -> frozenset[str]:
    return frozenset(row["noun"] for row in table("affiliation_nouns.tsv") if row["place"])


@cache
def affiliation_nouns() -> dict[str, str]:
    return {row["noun"]: row["as"] for row in table("affiliation_nouns.tsv")}


@cache
def _affiliation_lemmas() -> frozenset[int]:
    """The nouns' hashes, as ``Doc.to_array(LEMMA)`` gives a token's lemma."""
    return frozenset(get_string_id(noun) for noun in affiliation_nouns())


def _affiliations(doc: Doc, referents: list[Referent], numbered: int, tokens: TokenTable) -> list[Referent]:
    """"The Trump campaign", "Obama's administration": a body named after a person, an
    organisation of its own (``keys``: "trump campaign")."""
    person_at = {i: r for r in referents if r.kind == "person" for m in r.mentions for i in range(m.start, m.end)}
    found: dict[str, Referent] = {}
    lemmas = _affiliation_lemmas()
    for i in tokens.where(tokens.noun):
        if tokens.lemma[i] not in lemmas:
            continue
        token = doc[i]
        noun = affiliation_nouns()[token.lemma_]
        owner = next((c for c in token.lefts if c.dep_ in ("compound", "poss", "amod") and (
            c.i in person_at or c.ent_type_ in PLACE_OWNERS and token.lemma_ in _place_bodies())), None)
        if owner is None:
            continue
        person = person_at.get(owner.i)
        if person is not None:
            key = f"{person.person.surname if person.person else plain(owner.text)} {noun}"
            start = min(m.start for m in person.mentions if m.start <= owner.i < m.end)
        else:  # "the Saudi government", "the United States government"
            place = next((e for e in doc.ents if e.start <= owner.i < e.end), None)
            start = place.start if place is not None else owner.i
            while start < owner.i and doc[start].lower_ == "the":
                start += 1
            key = f"{org_key([t.text for t in doc[start : owner.i + 1]])} {noun}"
        span = doc[start : token.i + 1]
        referent = found.get(key)
        if referent is None:
            owner_name = doc[start : owner.i + 1].text if person is None else owner.text
            name = f"{owner_name.removesuffix(chr(8217) + 's').removesuffix(chr(39) + 's')} {noun}"
            referent = found[key] = Referent(f"E{numbered + len(found) + 1}", "organization", [], keys={key}, fixed_name=name)
        referent.mentions.append(span)
    return list(found.values())


def roles(span: Span) -> Iterator[Token]:
    """The words the article describes a named mention by: its title and the nouns
    before it ("Democratic presidential nominee Hillary Clinton", "Sen. Ann Reid"), an
    apposition ("Ann Reid, the senator,"), and what a copula says it is ("Reid is the
    senator", "Reid became the nominee")."""
    root = span.root
    for token in span:
        if token.i < root.i and is_title(token.text):
            yield token
    for child in root.lefts:
        if child.i < span.start and child.dep_ in MODIFIER_DEPS | {"appos"}:
            yield from (t for t in child.subtree if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.i < span.start)
    if root.dep_ in ("appos", "compound") and root.head.pos_ in ("NOUN", "PROPN") and not root.head.ent_type_:
        yield from _description_words(root.head)
    for child in root.rights:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            yield from _description_words(child)
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ in COPULAS:
        for attr in root.head.rights:
            if attr.dep_ == "attr" and attr.pos_ == "NOUN":
                yield from _description_words(attr)


def _description_words(head: Token) -> Iterator[Token]:
    yield head
    for child in head.lefts:
        if child.dep_ in ("compound", "amod", "nmod"):
            yield from (t for t in child.subtree if t.pos_ in ("NOUN", "PROPN", "ADJ"))
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            yield from (t for t in prep.subtree if t.pos_ in ("NOUN", "PROPN") and t.i != prep.i)
