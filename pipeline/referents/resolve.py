"""A source mention to the entity it refers to, as a careful reader resolves it.

A reader takes "she" for the woman the last sentences were about (the subject, the last
speaker), not for the nearest name: never a man, never a name inside the quotation
"she" introduces, never a headline's or a byline's name. "Who" is the noun its clause
hangs on; "the senator" the person the article called a senator; "the fund" the body
whose name says fund. Where no entity fits well enough, the mention stays unresolved:
a wrong name is worse than none.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

import numpy
from spacy.attrs import DEP, IDX, LOWER, POS, SENT_START, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from pipeline.doc_keys import BLOCKS, CONTENTS, MEDIA, NON_CLAIM_BLOCKS, REFERENT_NAMES, REFERENTS, text_of
from pipeline.quotes import find_quotes
from pipeline.referents.names import given_name_gender, is_title, person_name, plain, title_gender, title_role
from pipeline.referents.picture import MODIFIER_DEPS, affiliation_nouns
from pipeline.referents.picture import roles as described
from pipeline.resources import table, word_list

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
PLURAL_ROLES = SUBJECT_DEPS | {"dobj", "pobj", "conj"}  # where a plural noun is something "they" can be
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
PLACE_LABELS = frozenset({"GPE", "NORP", "LOC"})
WINDOW = 12  # sentences a pronoun looks back
DECAY = 0.5  # salience lost per sentence
PARAGRAPH = 0.7  # and per paragraph break
UNKNOWN_SEX = 0.5  # a name of unknown sex, against "he" or "she"
MIN_SALIENCE = 10.0  # below this, nothing is in mind
MARGIN = 1.2  # how far the best candidate must stand out
SINGULAR_THEY = 0.4  # a body, against "they"
PLACE_IT = 0.5  # a country, against "it"
REPORTED = 0.5  # a mention inside reported speech, against one in the article's own voice


@cache
def pronouns() -> dict[str, dict[str, str]]:
    return {row["word"]: row for row in table("pronouns.tsv")}


@cache
def gendered_nouns() -> dict[str, str]:
    return {row["noun"]: row["gender"] for row in table("gendered_nouns.tsv")}


@cache
def document_nouns() -> frozenset[str]:
    return frozenset(word_list("study_nouns.txt")) | frozenset(word_list("document_nouns.txt"))


@cache
def _tracked_ids() -> tuple[frozenset[int], frozenset[int]]:
    """The hashes ``Doc.to_array`` gives the pronouns (LOWER) and the roles of a plural
    noun "they" may point to (DEP)."""
    return frozenset(map(get_string_id, pronouns())), frozenset(map(get_string_id, PLURAL_ROLES))


@dataclass(frozen=True)
class Resolution:
    """What a source is (its type) and who (an entity id, or None)."""

    type: str
    referent: str | None = None


@dataclass
class _Entity:
    """An entity as the discourse knows it: named ones from the picture, and unnamed
    sources met on the way ("a senior official" ... "he added")."""

    id: str | None
    kind: str  # person | organization | media | anonymous | group
    plural: bool = False
    gender: str | None = None  # of a named person, known once ``Discourse.gender`` asked
    gender_known: bool = True
    said: dict[str, int] = field(default_factory=dict)  # pronouns resolved to it: "he" -> 3
    label: str = ""  # the model's label of its mentions (GPE, ORG, PERSON)
    mentions: list[tuple[int, float, int, int]] = field(default_factory=list)  # (token, weight, sentence, paragraph), in order


class Discourse:
    """The document as a reader has met it: who was named where, in which role, and
    which sources have spoken so far."""

    def __init__(self, doc: Doc, nouns: dict[str, str]) -> None:
        self.doc = doc
        self.nouns = nouns
        starts = numpy.flatnonzero(doc.to_array(SENT_START).astype("int64") == 1).tolist() if len(doc) else []
        self.sentence_starts = [0] + [i for i in starts if i > 0]
        blocks = list(doc.spans.get(BLOCKS, []))
        self.block_starts = [b.start for b in blocks]
        self.blocked = {i for b in blocks if b.label_ in NON_CLAIM_BLOCKS for i in range(b.start, b.end)}
        self.quotes = find_quotes(text_of(doc))  # character ranges, in order
        self.quote_starts = [q[0] for q in self.quotes]
        self.offsets = doc.to_array(IDX).tolist() if len(doc) else []
        contents = defaultdict(list)
        self.reported = numpy.zeros(len(doc), dtype=bool)  # inside what a source is said to have said
        for span in doc.spans.get(CONTENTS, []):
            contents[span.id_].append((span.start, span.end))
            self.reported[span.start : span.end] = True
        self.contents: dict[str, list[tuple[int, int]]] = dict(contents)
        self.entities: dict[str, _Entity] = {}
        self.at_token: dict[int, str] = {}
        self.names: dict[str, Span] = {s.id_: s for s in doc.spans.get(REFERENT_NAMES, [])}
        self.named: dict[str, list[Span]] = defaultdict(list)  # entity id -> its named mentions
        for span in doc.spans.get(REFERENTS, []):
            self.named[span.id_].append(span)
            entity = self.entities.setdefault(span.id_, _Entity(span.id_, span.label_))
            if not entity.label and span.root.ent_type_:
                entity.label = span.root.ent_type_
            for i in range(span.start, span.end):
                self.at_token[i] = span.id_
            if not self.is_blocked(span.start):
                self.mention(entity, span.root, self.weight(span.root))
        for entity in self.entities.values():
            if entity.kind == "person":
                entity.gender_known = False  # read from the article when a "he" or "she" asks
        self._roles: dict[str, set[str]] = {}
        self.unnamed = 0

    # where things are
    def sentence(self, i: int) -> int:
        return bisect_right(self.sentence_starts, i) - 1

    def paragraph(self, i: int) -> int:
        return bisect_right(self.block_starts, i) - 1

    def is_blocked(self, i: int) -> bool:
        return i in self.blocked

    def in_quote(self, i: int) -> bool:
        char = self.offsets[i]
        at = bisect_right(self.quote_starts, char) - 1
        return at >= 0 and self.quotes[at][0] <= char < self.quotes[at][1]

    def weight(self, token: Token, speaker: bool = False) -> float:
        """How prominent a mention makes its entity: a speaker or a subject more than an
        object, anything inside reported speech less and inside a quotation much less."""
        w = 100.0
        if speaker:
            w += 130
        elif token.dep_ in SUBJECT_DEPS:
            w += 80
        elif token.dep_ == "poss":
            w -= 40
        elif token.dep_ == "pobj":
            w -= 30
        if not speaker and self.in_quote(token.i):
            w *= 0.25
        elif not speaker and self.reported[token.i]:
            w *= REPORTED  # "They say that Trump's comments ...": what others said of him
        return w

    # what the article says of an entity
    def gender(self, entity: _Entity) -> str | None:
        """The entity's sex as the article tells it (``_gender``), worked out once, and
        only for the persons a "he" or a "she" may point to."""
        if not entity.gender_known:
            entity.gender = self._gender(entity.id)  # type: ignore[arg-type]
            entity.gender_known = True
        return entity.gender

    def _gender(self, entity_id: str) -> str | None:
        votes: dict[str, int] = defaultdict(int)
        for span in self.named[entity_id]:
            if self.is_blocked(span.start):
                continue  # a headline's parse is no evidence ("Gold Star Mom Corners Obama")
            # a title or a noun ("Mrs.", "widow") says it; a given name only makes it likely
            name = person_name([t.text for t in span])
            if name.gender:
                votes[name.gender] += 3 if any(title_gender(t) for t in name.titles) else 1
            for token in {*self._before(span), *described(span)}:
                if (g := title_gender(token.text) or gendered_nouns().get(token.lemma_.lower())) is not None:
                    votes[g] += 3
        if not votes:
            return None
        best = max(votes, key=votes.get)  # type: ignore[arg-type]
        return best if votes[best] > sum(votes.values()) - votes[best] else None

    def _before(self, span: Span) -> list[Token]:
        """Title words right before a name: "Mrs." of "Mrs. Clinton"."""
        out = []
        i = span.start - 1
        while i >= 0 and (is_title(self.doc[i].text) or self.doc[i].text == "."):
            if self.doc[i].text != ".":
                out.append(self.doc[i])
            i -= 1
        return out

    def roles(self, entity_id: str) -> set[str]:
        if entity_id in self._roles:
            return self._roles[entity_id]
        found: set[str] = self._roles.setdefault(entity_id, set())
        for span in self.named[entity_id]:
            if self.is_blocked(span.start):
                continue
            for token in [*self._before(span), *described(span), *span]:
                found.update(_word_forms(token))
        return found

    def head_roles(self, entity_id: str) -> set[str]:
        """The person's names and the nouns the article calls them, not the words that
        modify those: "chair", not "platform", of "the platform committee's chair, Ann Reid"."""
        found: set[str] = set()
        for span in self.named[entity_id]:
            heads = [t for t in described(span) if t.dep_ not in MODIFIER_DEPS]
            found.update(f for t in [*heads, *span] for f in _word_forms(t))
        return found

    # the discourse goes on
    def spoke(self, mention: Span, resolution: Resolution) -> None:
        """A source was resolved: it is now the last speaker, the likeliest "he" next."""
        root = mention.root
        if resolution.referent is not None:
            self.mention(self.entities[resolution.referent], root, self.weight(root, speaker=True))
            return
        if resolution.type not in ("person", "anonymous", "group", "organization", "media") or root.pos_ == "PRON":
            return
        self.unnamed += 1
        plural = root.tag_ in ("NNS", "NNPS") or resolution.type == "group"
        kind = resolution.type if resolution.type in ("anonymous", "group") else resolution.type
        entity = _Entity(None, kind, plural=plural, gender=gendered_nouns().get(root.lemma_.lower()))
        self.mention(entity, root, self.weight(root, speaker=True))
        self.entities[f"_u{self.unnamed}"] = entity

    def met(self, token: Token, kind: str) -> None:
        """A plural subject that names nobody, met in the text: "Shopkeepers were divided"."""
        self.unnamed += 1
        entity = _Entity(None, kind if kind in ("anonymous", "group") else "group", plural=True)
        self.mention(entity, token, self.weight(token))
        self.entities[f"_u{self.unnamed}"] = entity

    def mention(self, entity: _Entity, token: Token, weight: float) -> None:
        insort(entity.mentions, (token.i, weight, self.sentence(token.i), self.paragraph(token.i)))

    def salience(self, entity: _Entity, at: int, skip: list[tuple[int, int]]) -> float:
        """The entity's mentions before ``at`` (but in ``skip``), each worth its weight,
        halved per sentence and lessened per paragraph since; none beyond the window."""
        here_sentence, here_paragraph = self.sentence(at), self.paragraph(at)
        score = 0.0
        for i, w, sentence, paragraph in reversed(entity.mentions[: bisect_left(entity.mentions, (at,))]):
            distance = here_sentence - sentence
            if distance > WINDOW:
                break
            if not (skip and any(s <= i < e for s, e in skip)):
                score += w * DECAY ** distance * PARAGRAPH ** (here_paragraph - paragraph)
        return score

    def candidates(self, at: int, skip: list[tuple[int, int]], fits) -> list[tuple[float, str, _Entity]]:
        scored = []
        for key, entity in self.entities.items():
            if not fits(entity):
                continue
            score = self.salience(entity, at, skip)
            if score > 0:
                scored.append((score, key, entity))
        return sorted(scored, key=lambda x: -x[0])


def _word_forms(token: Token) -> set[str]:
    """What a role word may be matched as: its lemma and plain form, a title's role
    ("Sen." -> "senator") and a synonym ("GOP" -> "republican")."""
    forms = {token.lemma_.lower(), plain(token.text)}
    if is_title(token.text):
        forms.add(title_role(token.text))  # type: ignore[arg-type]
    return forms | {synonyms()[f] for f in forms if f in synonyms()}


class Resolver:
    """Resolves the sources of one document, in order: each resolved source is a
    mention the next pronoun may point back to."""

    def __init__(self, doc: Doc, nouns: dict[str, str]) -> None:
        self.doc = doc
        self.nouns = nouns
        self.discourse = Discourse(doc, nouns)

    def entity_name(self, entity_id: str) -> Span | None:
        return self.discourse.names.get(entity_id)

    def kind(self, entity_id: str) -> str:
        return self.discourse.entities[entity_id].kind

    def in_order(self, sources: Iterable[Span]) -> Iterator[Span]:
        """The sources in document order; the pronouns between them are tracked on the
        way, so that salience follows the text as a reader's attention does."""
        mentions = sorted(sources, key=lambda s: (s.start, s.end))
        inside = {i for m in mentions for i in range(m.start, m.end)}
        # pronouns, and plural nouns that name nobody ("Shopkeepers were divided. They
        # said ...", "AP interviewed 20 crew members. They described ..."), are what
        # "they" and "he" may point back to
        doc = self.doc
        table = doc.to_array([POS, LOWER, DEP, TAG]) if len(doc) else numpy.zeros((0, 4), dtype="uint64")
        words, roles = _tracked_ids()
        pronoun = {i for i in numpy.flatnonzero(table[:, 0] == get_string_id("PRON")).tolist() if table[i, 1] in words}
        plural = [i for i in numpy.flatnonzero((table[:, 3] == get_string_id("NNS")) | (table[:, 3] == get_string_id("NNPS"))).tolist()
                  if table[i, 2] in roles]
        tracked = [doc[i] for i in sorted(pronoun.union(plural))
                   if i not in inside and not self.discourse.is_blocked(i) and (i in pronoun or self._named(doc[i]) is None)]
        # "Posner and Landes wrote ...": two named people together are a "they" as well
        pairs = [doc[i] for i in sorted(self.discourse.at_token) if doc[i].dep_ in SUBJECT_DEPS
                 and not self.discourse.is_blocked(i) and _names_a_pair(doc[i], self._named)]
        events = sorted([(m.start, 1, m) for m in mentions] + [(t.i, 0, t) for t in [*tracked, *pairs]],
                        key=lambda e: (e[0], e[1]))
        for _, is_source, item in events:
            if is_source:
                yield item  # type: ignore[misc]
            elif item.pos_ == "PRON":  # type: ignore[union-attr]
                self.track(item)  # type: ignore[arg-type]
            elif not self.discourse.in_quote(item.i):  # type: ignore[union-attr]
                self.discourse.met(item, self.nouns.get(item.lemma_.lower(), "group"))  # type: ignore[union-attr]

    def resolve(self, mention: Span) -> Resolution:
        resolution = self._resolve(mention)
        self.discourse.spoke(mention, resolution)
        return resolution

    def _named(self, token: Token) -> str | None:
        return self.discourse.at_token.get(token.i)

    def _of(self, entity_id: str | None, fallback: str) -> Resolution:
        if entity_id is None or entity_id.startswith("_u"):
            entity = self.discourse.entities.get(entity_id) if entity_id else None
            return Resolution(entity.kind if entity is not None else fallback, None)
        return Resolution(self.kind(entity_id), entity_id)

    def _resolve(self, mention: Span) -> Resolution:
        root = mention.root
        word = root.lower_
        pronoun = pronouns().get(word)
        if pronoun is not None and pronoun["relative"]:
            return self._relative(mention, root)
        if pronoun is not None and root.pos_ == "PRON":
            return self._pronoun(mention, root, pronoun)
        named = self._named(root)
        if named is not None:
            return Resolution(self.kind(named), named)
        return self._description(mention, root)

    # "who", "which"
    def _relative(self, mention: Span, root: Token) -> Resolution:
        """"X, who said": the name right before, however the parser hung the clause; else
        the noun the clause hangs on. "Who" takes a person, "which" anything but one."""
        doc = self.doc
        personal = root.lower_ in ("who", "whom")

        def fits(named: str) -> bool:
            return (self.kind(named) == "person") == personal or root.lower_ == "that"

        before = root.i - 1
        while before >= 0 and doc[before].is_punct and doc[before].text in ",—–-(":
            before -= 1
        antecedent = root.head.head if root.head.dep_ == "relcl" and root.head.head.i < root.i else None
        # "a message on Twitter that showed": "that" and "which" go by the parse
        parsed_first = not personal and antecedent is not None and self._named(antecedent) is None
        if not parsed_first and before >= 0 and (named := self._named(doc[before])) is not None and fits(named):
            return Resolution(self.kind(named), named)
        if antecedent is not None:
            named = self._named(antecedent)
            if named is not None and not fits(named):
                # "Matt Duss, the president of the Foundation ..., who": the person described
                named = next((n for n in map(self._named, _described_by(antecedent)) if n is not None and fits(n)),
                             None)
                if named is None:
                    return Resolution("person" if personal else "organization")
            if named is not None:
                return Resolution(self.kind(named), named)
            return self._description(doc[antecedent.left_edge.i : antecedent.i + 1], antecedent)
        return Resolution("group" if any(t.lower_ == "of" for t in doc[root.i - 2 : root.i]) else "person")

    # "he", "she", "it", "they", "I", "we"
    def _pronoun(self, mention: Span, root: Token, pronoun: dict[str, str]) -> Resolution:
        plural = pronoun["number"] == "pl"
        gender = pronoun["gender"] or None
        fallback = "person" if gender in ("m", "f") else ("organization" if gender == "n" else "group")
        if pronoun["person"] == "1":
            speaker = self._speaker_of_quote(root.i)
            if speaker is None:
                return Resolution("group" if plural else "person")  # the writer
            return speaker if not plural or speaker.type != "person" else Resolution("group")
        if _expletive(root):
            return Resolution(fallback)  # "it is safe to say": nobody
        content = self._own_content(mention)
        entity = self._antecedent(root, pronoun, content, exclude=self._named_in_own_content(mention))
        if entity is None:
            return Resolution(fallback)
        return Resolution(entity.kind, entity.id)

    def _antecedent(self, root: Token, pronoun: dict[str, str], skip: list[tuple[int, int]],
                    exclude: set[str | None] = frozenset()) -> _Entity | None:  # type: ignore[assignment]
        """The most salient entity that agrees with a third-person pronoun, when it
        stands out clearly enough from the next one; never one named inside the very
        quotation the pronoun introduces ('"Reilly is wrong," he said' is not Reilly)."""
        gender = pronoun["gender"] or None
        plural = pronoun["number"] == "pl"
        discourse = self.discourse
        if gender in ("m", "f"):
            def fits(e: _Entity) -> bool:
                return not e.plural and e.kind in ("person", "anonymous")

            def agrees(e: _Entity) -> bool:  # asked only of the salient ones
                return discourse.gender(e) in (None, gender)
        elif gender == "n":
            def fits(e: _Entity) -> bool:
                return e.kind in ("organization", "media") and not e.plural
        else:
            def fits(e: _Entity) -> bool:
                return e.plural or e.kind in ("organization", "media") and e.label != "GPE"
        joined = self._subject_of_joined_clause(root, skip)
        if joined is not None and joined not in exclude:
            entity = discourse.entities[joined]
            if fits(entity) and (gender not in ("m", "f") or agrees(entity)):
                return entity
        scored = [c for c in discourse.candidates(root.i, skip, fits) if c[1] not in exclude]
        if gender in ("m", "f"):
            scored = [c for c in scored if agrees(c[2])]
            # a name of unknown sex is a weaker candidate than one that agrees
            scored = sorted(((s * (1.0 if e.gender else UNKNOWN_SEX), k, e) for s, k, e in scored), key=lambda x: -x[0])
        if plural:  # "they" for a company happens, for a plural noun nearby far more
            scored = sorted(((s * (1.0 if e.plural else SINGULAR_THEY), k, e) for s, k, e in scored), key=lambda x: -x[0])
        if gender == "n":  # "it" speaks for a body or an outlet more often than for a country
            scored = sorted(((s * (PLACE_IT if e.label == "GPE" else 1.0), k, e) for s, k, e in scored), key=lambda x: -x[0])
        if not scored or scored[0][0] < MIN_SALIENCE:
            return None
        best_score, _, entity = scored[0]
        if len(scored) > 1 and scored[1][0] > best_score / MARGIN:
            return None
        if gender in ("m", "f") and entity.gender is None:
            # "she" twice and never "he": the next "he" is someone else
            entity.said[gender] = entity.said.get(gender, 0) + 1
            if entity.said[gender] >= 2 and len(entity.said) == 1:
                entity.gender = gender
        return entity

    def _subject_of_joined_clause(self, root: Token, skip: list[tuple[int, int]]) -> str | None:
        """"Okafor is trailing, and he hopes ...", "Reid is touring the state as she
        weighs ...": a pronoun subject of a clause joined to an earlier clause of its
        sentence is that clause's named subject, however salient a speaker of the
        sentences before."""
        if root.dep_ not in SUBJECT_DEPS:
            return None
        clause = root.head
        while clause.dep_ in ("conj", "advcl") and clause.head.i < clause.i:
            clause = clause.head
            subject = next((t for t in clause.children if t.dep_ in SUBJECT_DEPS), None)
            if subject is not None:
                if subject.i > root.i or not _finite(clause) or any(s <= subject.i < e for s, e in skip):
                    return None  # "with Lee standing behind him as he spoke": not Lee
                return self._named(subject)
        return None

    def track(self, token: Token) -> None:
        """A pronoun that is no source still keeps its referent in mind ("She occupies
        ... She said"): resolve it and count it as a mention."""
        pronoun = pronouns().get(token.lower_)
        if pronoun is None or pronoun["person"] != "3" or pronoun["relative"] or self.discourse.in_quote(token.i) \
                or _expletive(token):
            return
        entity = self._antecedent(token, pronoun, [])
        if entity is not None:
            self.discourse.mention(entity, token, self.discourse.weight(token))

    def _named_in_own_content(self, mention: Span) -> set[str | None]:
        """Who the content a source introduces names in its sentence: not the source ('"Reilly
        is wrong," he said'; "the company said it would file in the European Union"). A
        speaker may name himself further on ("... vote for something new, like Trump?")."""
        sentence = mention.root.sent
        named = {self._named(t) for s, e in self._own_content(mention)
                 for t in self.doc[max(s, sentence.start) : min(e, sentence.end)]}
        named.discard(None)
        return named

    def _own_content(self, mention: Span) -> list[tuple[int, int]]:
        """The content a source introduces: its names are not who speaks ('"Trump is
        lying," she said' is not Trump speaking)."""
        return self.discourse.contents.get(mention.id_, [])  # type: ignore[arg-type]

    def _speaker_of_quote(self, i: int) -> Resolution | None:
        return None

    # "the senator", "the fund", "a Reuters survey"
    def _description(self, mention: Span, root: Token) -> Resolution:
        noun = root.lemma_.lower()
        kind = self.nouns.get(noun)
        apposed = self._apposed(root)
        if apposed is not None:
            return Resolution(self.kind(apposed), apposed)
        if noun in document_nouns():
            maker = self._maker(root) or (self._maker_nearby(root) if _definite(root) else None)
            if maker is not None:
                return Resolution(self.kind(maker), maker)
        if kind in ("anonymous", "group"):
            return Resolution(kind if not (kind == "group" and root.tag_ == "NN") else "person")
        if root.ent_type_ == "NORP" or kind == "person" and root.tag_ == "NNS":
            # "Republicans", "Mexicans", "both presidential candidates"; one is a person
            return Resolution("group" if root.tag_ in ("NNS", "NNPS") or root.lower_.endswith("s") else "person")
        owner = next((t for t in root.lefts if t.dep_ == "poss" and t.pos_ == "PRON"), None)
        if owner is not None and pronouns().get(owner.lower_, {}).get("person") == "3":
            # "her campaign": hers, if she has one; "his lawyer", "its engineers": others
            body = self._affiliation_of(owner, noun)
            if body is not None:
                return Resolution(self.kind(body), body)
        owners = [t for t in root.lefts if t.dep_ in ("compound", "poss") and self._named(t) is not None
                  and self.discourse.entities[self._named(t)].label not in PLACE_LABELS]  # type: ignore[index]
        if not owners and owner is None and (_definite(root) or self.discourse.is_blocked(root.i) and root.tag_ in ("NN", "NNP")):
            found = self._by_role(root, kind, self._named_in_own_content(mention))
            if found is not None:
                return Resolution(self.kind(found), found)
        if kind is not None:
            return Resolution(kind)
        if any(span.start <= root.i < span.end for span in self.doc.spans.get(MEDIA, [])):
            return Resolution("media")  # an outlet no entity stands for: "Harwick Daily News:" in a headline
        if root.pos_ == "PROPN":
            return Resolution("organization")
        return Resolution("group" if root.tag_ == "NNS" else "person")

    def _affiliation_of(self, owner: Token, noun: str) -> str | None:
        """The body named after the person a possessive pronoun points to: "her campaign"
        is the "Castellanos campaign" when the article has one."""
        wanted = affiliation_nouns().get(noun)
        if wanted is None:
            return None
        person = self._antecedent(owner, pronouns()[owner.lower_], [])
        if person is None or person.id is None:
            return None
        surname = person_name([t.text for t in self.discourse.names[person.id]]).surname
        return next((key for key, span in self.discourse.names.items()
                     if span.kb_id_.lower() == f"{surname} {wanted}" and self.kind(key) == "organization"), None)

    def _apposed(self, root: Token) -> str | None:
        """'Trump's running mate, Indiana Gov. Mike Pence,': the name beside a description."""
        for child in root.children:
            if child.dep_ == "appos" and (named := self._named(child)) is not None and self.kind(named) == "person":
                return named
        if root.dep_ == "appos" and (named := self._named(root.head)) is not None and self.kind(named) == "person":
            return named
        return None

    def _maker(self, root: Token) -> str | None:
        """Who made a document: "a study by X", "research conducted by X", "X's letter",
        "a Reuters survey" (a place that modifies it is not its maker)."""
        for token in root.subtree:
            if token.dep_ in ("agent", "prep") and token.lower_ in ("by", "from") and token.head.i in (
                    root.i, *(c.i for c in root.children if c.dep_ == "acl")):
                for pobj in token.children:
                    if pobj.dep_ == "pobj" and (named := self._named_or_beside(pobj)) is not None:
                        return named
        for child in root.lefts:
            if child.dep_ in ("compound", "poss") and (named := self._named(child)) is not None \
                    and self.discourse.entities[named].label not in PLACE_LABELS:
                return named
        return None

    def _named_or_beside(self, token: Token) -> str | None:
        """The entity a noun names, or the one set beside it: "the utility, Pacific Crest
        Power", "the trade body Mortgage Lenders Forum", "Harbour Mutual's board"."""
        named = self._named(token)
        if named is not None:
            return named
        for child in token.children:
            if child.dep_ in ("appos", "compound", "poss") and (named := self._named(child)) is not None \
                    and self.discourse.entities[named].label not in PLACE_LABELS:
                return named
        return None

    def _maker_nearby(self, root: Token) -> str | None:
        """"The study", after "a recent Reuters survey": the maker of the last document
        the previous sentences named with its maker."""
        discourse = self.discourse
        first = discourse.sentence_starts[max(0, discourse.sentence(root.i) - 3)]
        for token in reversed(self.doc[first : root.i]):
            if token.pos_ == "NOUN" and token.lemma_.lower() in document_nouns() and token.i != root.i:
                maker = self._maker(token)
                if maker is not None:
                    return maker
        return None

    def _by_role(self, root: Token, kind: str | None, exclude: set[str | None] = frozenset()) -> str | None:  # type: ignore[assignment]
        """The entity the article described with this noun ("the senator": a person it
        called senator; "the fund": a body whose name says fund; "the network": an
        outlet), the most salient one, when it stands out. A description's own words
        count in favour ("the Democratic nominee"), a rank it lacks against ("vice")."""
        discourse = self.discourse
        noun = root.lemma_.lower()
        modifiers = [t for t in root.subtree if t.i != root.i and t.pos_ in ("NOUN", "PROPN", "ADJ")]
        words = {f for t in modifiers for f in _word_forms(t)}
        # a party or body it names must fit ("the Democratic nominee"); a place may go
        # unsaid ("the South Carolina senator", after "Sen. Ann Reid (R-S.C.)")
        required = [_word_forms(t) for t in modifiers if t.text[:1].isupper() and t.ent_type_ not in PLACE_LABELS - {"NORP"}]
        wanted = {"media": ("media",), "organization": ("organization", "media")}.get(kind or "person", ("person",))
        place = noun in place_nouns()
        scored = []
        for key, entity in discourse.entities.items():
            if entity.id is None or entity.kind not in wanted or place != (entity.label == "GPE") or key in exclude:
                continue
            roles = discourse.roles(key)
            if noun not in roles and not (kind == "media" and entity.kind == "media") and not place \
                    and not (noun in generic_org_nouns() and entity.kind == "organization" and entity.label != "GPE"):
                continue
            if (roles & ranks()) - words or any(not (forms & roles) for forms in required):
                continue
            if kind is None and entity.kind == "person" and noun not in self.discourse.head_roles(key):
                continue  # "the platform", after "platform committee chair Ann Reid": not her
            salience = discourse.salience(entity, root.i, [])
            if noun not in roles and salience < MIN_SALIENCE:
                continue  # "the company" with no company named lately
            scored.append(((salience + 1.0) * (1 + len(words & roles)), key))
        if not scored:
            return None
        scored.sort(reverse=True)
        if len(scored) > 1 and scored[1][0] > scored[0][0] / 1.5:
            return None
        return scored[0][1]


def _described_by(token: Token) -> Iterator[Token]:
    """Up from a noun in a description to what it describes: "Peace" of "Matt Duss, the
    president of the Foundation for Middle East Peace" to "president", then "Duss"."""
    for _ in range(6):
        if token.dep_ not in ("pobj", "prep", "appos", "compound") or token.head.i == token.i:
            return
        token = token.head
        yield token


def _names_a_pair(subject: Token, named) -> bool:
    """A named subject joined by "and" to another name: "Posner and Landes"."""
    return any(c.dep_ == "cc" and c.lower_ in ("and", "&") for c in subject.children) and any(
        c.dep_ == "conj" and named(c) is not None for c in subject.children)


def _expletive(token: Token) -> bool:
    """"It is premature to assume ...", "it's safe to say", "it seems that", "when it comes
    to": an "it" that stands for the clause after it, or for nothing, not for a body."""
    if token.lower_ != "it":
        return False
    if token.dep_ == "expl":
        return True
    verb = token.head
    if token.dep_ != "nsubj" or verb.i < token.i:
        return False
    kinds = {c.dep_ for c in verb.children}
    if verb.lemma_ in ("seem", "appear"):
        return "ccomp" in kinds
    if verb.lemma_ == "come" and any(c.lower_ == "when" for c in verb.children):
        return any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children)  # "when it comes to"
    return verb.lemma_ == "be" and bool(kinds & {"acomp", "attr"}) and bool(kinds & {"xcomp", "ccomp"})


def _finite(verb: Token) -> bool:
    """"is trying", "trails", "will win": a clause of its own, not a participle's."""
    return verb.tag_ in FINITE_TAGS or any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS for c in verb.children)


def _definite(root: Token) -> bool:
    """"the senator", "this poll", "Connecticut's tax commissioner"."""
    return any(t.dep_ == "det" and t.lower_ in DEFINITE or t.dep_ == "poss" for t in root.lefts)


@cache
def ranks() -> frozenset[str]:
    return frozenset(row["word"] for row in table("name_words.tsv") if row["kind"] == "rank")


@cache
def synonyms() -> dict[str, str]:
    return {row["word"]: row["means"] for row in table("role_synonyms.tsv")}


@cache
def place_nouns() -> frozenset[str]:
    return frozenset(word_list("place_nouns.txt"))


@cache
def generic_org_nouns() -> frozenset[str]:
    return frozenset(word_list("generic_org_nouns.txt"))


def canonical_name(span: Span) -> str:
    return span.kb_id_ or span.text


def gender_of_given(word: str) -> str | None:
    return given_name_gender(word)
