"""Who speaks: the subject of a cue's verb however the parser hung it (inverted, lost,
behind an appositive, shared with another verb), and whether it can speak at all."""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.resources import table, word_list
from pipeline.stages.attribution.shared import FINITE_TAGS, MAX_GAP, SOURCE_NOUNS, STUDY_NOUNS, has_finite_verb

GENERIC_SUBJECTS = frozenset(word_list("generic_subjects.txt"))
INSTRUMENT_VERBS = frozenset(word_list("instrument_verbs.txt"))  # "used his speech to offer ...": the subject offers
OWNERS = {row["possessive"]: row["pronoun"] for row in table("possessive_pronouns.tsv")}
AMOUNTS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL", "DATE", "TIME"})
NOUN_PHRASE_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PART"})  # "the city's mayor"
MAX_APPOSITIVE = 20  # tokens of ", the minority leader," between a name and its verb


def subject_of(verb: Token) -> Token | None:
    """The speaker: the verb's subject, or its agent when passive, or that of the verb it
    is coordinated with ("He smiled and said ..."). A passive with no agent ("they are
    considered", "he was told") names no speaker."""
    for child in verb.children:
        if child.dep_ == "agent":
            agent = next((c for c in child.children if c.dep_ == "pobj"), None)
            return agent if agent is not None and agent.ent_type_ not in ("DATE", "TIME") else None  # not "by Monday"
    if any(c.dep_ == "auxpass" for c in verb.children):
        return None
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        # "emails, which she said were private": the subject nearest before the verb
        return max((c for c in subjects if c.i < verb.i), key=lambda c: c.i, default=subjects[0])
    if verb.dep_ == "advcl" and (verb.tag_ == "VBN" or verb.tag_ == "VBD" and verb.i < verb.head.i and not any(
        c.dep_ in ("aux", "mark") and c.lower_ != "when" for c in verb.children
    )):  # "When asked about it, she said": the tagger often reads the participle as a past tense
        return None  # "Asked about the scores, she said ...": she was asked; who asked, nobody says
    if verb.dep_ == "xcomp" and verb.head.lemma_ not in INSTRUMENT_VERBS:
        controller = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
        if controller is not None and controller.ent_type_ not in AMOUNTS:
            return controller  # "pressed Mr. Hale to admit ...", "led the board to order ...": the object does it
    reported = verb.head
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and reported.dep_ == "ccomp" and reported.head.pos_ == "VERB" and (
        verb.left_edge.i > 0 and verb.doc[verb.left_edge.i - 1].text == ","
    ) and not any(c.dep_ in ("dobj", "ccomp") for c in verb.children):
        # "Lee said the plan is failing, pointing to the cost": the participle set off after
        # what was said goes on with the one who said it, not with the clause reported (a
        # participle with an object may be the clause's own: "..., declaring itself bankrupt")
        outer = subject_of(reported.head)
        if outer is not None:
            return outer
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX") and verb.head.i != verb.i:
        shared = subject_of(verb.head)
        if shared is None and verb.dep_ == "conj":
            # "Trump was forced into damage control and said ...": the passive's subject
            # is the active verb's
            shared = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
        return shared
    governor = verb.head.head
    while governor.pos_ in ("ADV", "ADJ") and governor.dep_ in ("advmod", "acomp") and governor.head.i != governor.i:
        governor = governor.head  # "stopped short of calling"
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and governor.pos_ in ("VERB", "AUX") and governor.i != verb.head.i:
        return subject_of(governor)  # "He dodged questions before saying ...", "by arguing that"
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        document = verb.head
        if document.dep_ == "dobj" and document.pos_ == "NOUN" and document.head.pos_ == "VERB" and verb.i > document.i:
            # "the council issued a statement calling ...": the statement speaks for who issued it
            issuer = subject_of(document.head)
            if issuer is not None and issuer.i < document.head.i:
                return issuer
        return document  # "Gary Hart, denouncing the plan, ..."
    return _subject_of_a_misread_relative(verb) or adjacent_name(verb)


def _subject_of_a_misread_relative(verb: Token) -> Token | None:
    """"Workers hoping to block the sale say ...": the parser made the participle the
    main verb and hung the finite one on it; the participle's subject is the speaker."""
    head = verb.head
    if verb.tag_ not in FINITE_TAGS or head.i >= verb.i or head.tag_ not in ("VBG", "VBN") or verb.dep_ not in ("dep", "ccomp", "conj"):
        return None
    if any(c.dep_ in ("aux", "auxpass") for c in head.children):
        return None  # "they were hoping ... and say": a verb of their own
    return next((c for c in head.children if c.dep_ == "nsubj" and c.i < head.i), None)


def inverted_subject(verb: Token) -> Token | None:
    """"..., said Alan Lee, a demographer": a subject right after a verb set off by a
    comma or a closing quotation mark."""
    doc = verb.doc
    if verb.is_sent_start:
        # 'Said Ellis: "..."', "Added the mayor, ...": a noun phrase between the opening
        # verb and the colon or comma that hands over
        end = next((t.i for t in doc[verb.i + 1 : verb.i + MAX_GAP] if t.text in (":", ",")), None)
        phrase = doc[verb.i + 1 : end] if end is not None else None
        handed_over = phrase is not None and (doc[end].text == ":" or end + 1 < len(doc) and doc[end + 1].is_quote)
        if verb.is_title and handed_over and phrase and all(t.pos_ in NOUN_PHRASE_POS for t in phrase) and phrase.root.pos_ in ("NOUN", "PROPN"):
            return phrase.root
        return None
    if verb.i == 0 or not (doc[verb.i - 1].text == "," or doc[verb.i - 1].is_quote):
        return None
    return next((c for c in verb.rights if c.dep_ == "nsubj" and c.left_edge.i == verb.i + 1), None)


def adjacent_name(verb: Token) -> Token | None:
    """When the parser lost the subject: a name or pronoun right before the verb ("...
    Brenda Johnson explained"; '"...," Skelly said', where "Skelly" passes for an adverb),
    or right after it in an inverted "..., said Ann Lee" or '"...," added another
    member', where the speaker passes for an object."""
    doc = verb.doc
    before = doc[verb.i - 1] if verb.i > 0 else None
    if before is not None and before.pos_ in ("PROPN", "PRON") and before.dep_ not in ("poss", "dobj", "pobj"):
        return before
    if (
        before is not None and before.is_title and before.i > 0 and doc[before.i - 1].is_punct
        and not before.is_sent_start and before.pos_ in ("ADV", "ADJ", "NOUN")
    ):
        return before
    after = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    if before is None or not before.is_punct or after is None:
        return None
    if after.pos_ == "PROPN" and after.ent_type_ not in ("DATE", "TIME"):  # not '"...," Flynn said Thursday'
        return next((t for t in after.ancestors if t.i > verb.i and t.pos_ == "PROPN"), after)
    inverted = next(
        (c for c in verb.rights if c.dep_ in ("dobj", "nsubj") and c.left_edge.i == after.i and c.pos_ in ("NOUN", "PROPN")),
        None,
    )
    return inverted if inverted is not None else _name_before_appositive(verb)


def _name_before_appositive(verb: Token) -> Token | None:
    """"Sen. Harry Reid, the minority leader, said": the name before a phrase set off by
    commas or brackets, when the parser hung it elsewhere; the name itself when it is
    the appositive ("the chair of trustees, Rosalind Achebe, said"). The phrase may be a
    description, a participle ("wearing a cowboy hat") or a relative clause ("who spoke
    on condition of anonymity"), but no clause of the sentence's own."""
    doc = verb.doc
    if verb.i < 3 or doc[verb.i - 1].text not in (",", ")"):
        return None
    if doc[verb.i - 1].text == "," and doc[verb.i - 2].pos_ == "PROPN":
        return doc[verb.i - 2]
    opening = "(" if doc[verb.i - 1].text == ")" else ","
    for k in range(verb.i - 2, max(0, verb.i - MAX_APPOSITIVE) - 1, -1):
        token = doc[k]
        if token.is_quote or token.text in ".!?;:":
            return None
        if token.text == opening:
            phrase = doc[k + 1 : verb.i - 1]
            if has_finite_verb(phrase) and opening == "," and phrase[0].tag_ not in ("WP", "WDT", "VBG", "VBN"):
                return None
            name = doc[k - 1] if k > 0 else None
            return name if name is not None and name.pos_ in ("PROPN", "NOUN", "NUM") and k - 1 > 0 else None
    return None


def can_speak(subject: Token) -> bool:
    """Generic "you" and "one" speak for nobody; a relative "that"/"which" speaks only
    for a named entity or a source noun."""
    if subject.lower_ in GENERIC_SUBJECTS and not any(subject.children):
        return False  # but "one in four (voters)" speaks
    if subject.lower_ not in ("that", "which") or subject.head.dep_ != "relcl":
        return True
    antecedent = subject.head.head
    return antecedent.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or antecedent.lemma_.lower() in SOURCE_NOUNS


def can_report(subject: Token) -> bool:
    """"The survey showed a rise", "the council reported a surplus"; not "the model
    shows strong performance": what the object of a verb of reporting holds is a
    report only from someone, or from a poll, a study or a filing."""
    return (
        subject.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
        or subject.pos_ in ("PRON", "PROPN")
        or subject.lemma_.lower() in SOURCE_NOUNS
        or subject.lemma_.lower() in STUDY_NOUNS  # "polling averages show", "video shows"
    )


def may_own(subject: Token, owner: Token) -> bool:
    """Whether a possessive pronoun can refer to the subject: "Cruz ... his", "the party
    ... its", "voters ... their"; not "voters heed his call"."""
    if subject.pos_ == "PRON":
        return subject.lower_ == OWNERS.get(owner.lower_)
    plural = subject.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subject.children)
    if owner.lower_ == "their":
        return plural or subject.ent_type_ == "ORG"
    return not plural and owner.lower_ in ("his", "her", "its")

