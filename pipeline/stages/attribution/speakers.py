"""Who speaks: the subject of a cue's verb however the parser hung it (inverted, lost,
behind an appositive, shared with another verb), and whether it can speak at all."""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.resources import table, word_list
from pipeline.stages.attribution.shared import (
    ADDRESSEE_VERBS, FINITE_TAGS, MAX_GAP, MEASURES, SOURCE_NOUNS, STUDY_NOUNS, has_finite_verb,
)

GENERIC_SUBJECTS = frozenset(word_list("generic_subjects.txt"))
INSTRUMENT_VERBS = frozenset(word_list("instrument_verbs.txt"))  # "used his speech to offer ...": the subject offers
OWNERS = {row["possessive"]: row["pronoun"] for row in table("possessive_pronouns.tsv")}
AMOUNTS = MEASURES | {"DATE", "TIME"}  # "pressed Mr. Hale to admit", not "two days to decide"
NOUN_PHRASE_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PART"})  # "the city's mayor"
DASHES = ("-", "\u2013", "\u2014", "--")  # "Mr. Bush - in a line aimed at Mr. Trump - declared"
MAX_APPOSITIVE = 20  # tokens of ", the minority leader," between a name and its verb


def subject_of(verb: Token) -> Token | None:
    """The speaker: the verb's subject, or its agent when passive, or that of the verb it
    is coordinated with ("He smiled and said ..."). A passive with no agent ("they are
    considered", "he was told") names no speaker."""
    for child in verb.children:
        if child.dep_ == "agent":
            agent = next((c for c in child.children if c.dep_ == "pobj"), None)
            return agent if agent is not None and agent.ent_type_ not in ("DATE", "TIME") else None  # not "by Monday"
    perfect = _contracted_perfect(verb)
    if not perfect and any(c.dep_ == "auxpass" for c in verb.children):
        return None
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj") or perfect and c.dep_ == "nsubjpass"]
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
    if verb.dep_ == "dep" and verb.head.pos_ in ("VERB", "AUX") and verb.head.i < verb.i and all(
        t.is_punct or t.dep_ in ("cc", "advmod") for t in verb.doc[verb.head.i + 1 : verb.i]
    ):
        return subject_of(verb.head)  # "Clinton paused, then revealed why ...": a second verb of the same subject
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX") and verb.head.i != verb.i:
        passive = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
        if verb.dep_ == "conj" and passive is not None and passive.i < verb.head.i:
            # "Officials were angered by the deal and predicted ...": the passive's
            # subject goes on, not its agent
            return passive
        main = _main_verb(verb.head) if verb.dep_ == "conj" else verb.head
        if main is not verb.head and main.i < verb.head.i and main.tag_ == verb.tag_ != verb.head.tag_:
            # "Putin backpedaled on his prediction that Russia would recover, and blamed
            # ...": a verb of the main clause's tense goes on with the main clause, though
            # the parser joined it to the last verb of the clause inside
            return subject_of(main)
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
        return _surface_subject(governor)  # "He dodged questions before saying ...", "by arguing that"
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG":
        doer = _doer_of_gerund(verb)
        if doer is not None:
            return doer
    if verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBZ", "VBP") and verb.head.i < verb.i and (
        verb.head.dep_ in ("nsubj", "ROOT") and not verb.doc[verb.i - 1].is_punct
    ):
        return verb.head  # "The senator aimed to win": a finite verb misread as a participle of its subject
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        document = verb.head
        if document.dep_ == "dobj" and document.pos_ == "NOUN" and document.head.pos_ == "VERB" and verb.i > document.i:
            # "the council issued a statement calling ...": the statement speaks for who issued it
            issuer = subject_of(document.head)
            if issuer is not None and issuer.i < document.head.i:
                return issuer
        return document  # "Gary Hart, denouncing the plan, ..."
    name = next((c for c in verb.children if c.dep_ == "aux" and c.is_title and not c.is_sent_start and c.i < verb.i), None)
    if name is not None and verb.tag_ in ("VBD", "VBZ"):
        return name  # "Will urged ...": no modal comes before a tensed verb, so it is a name
    return _subject_of_a_misread_relative(verb) or adjacent_name(verb) or _subject_of_a_misread_coordination(verb)


def _main_verb(token: Token) -> Token:
    """The verb of the main clause (or of its conjunct) that ``token``'s clause lies in."""
    main = token
    while main.dep_ not in ("ROOT", "conj") and main.head.i != main.i:
        main = main.head
    return main if main.pos_ in ("VERB", "AUX") else token


def _surface_subject(verb: Token) -> Token | None:
    """Who does what a gerund after a preposition of ``verb``'s clause says: the clause's
    subject, even of a passive ("was booed by the crowd after telling them ...": the one
    booed told them); no one for an expletive ("There's still time ... after dismissing")."""
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass" and c.i < verb.i), None)
    doer = passive if passive is not None else subject_of(verb)
    return doer if doer is None or doer.tag_ != "EX" else None


def _doer_of_gerund(verb: Token) -> Token | None:
    """"Trump has been the most aggressive in denouncing the media", "they reminded
    voters of the state's record in predicting winners", "In addition to stating that
    ..., Clinton has vowed": a gerund after a preposition is done by whoever owns the
    noun it hangs on ("the state's record"), else by the subject of the clause the
    phrase belongs to. A phrase inside a subject that no one owns ("The habit of
    denouncing ... grates") names no one that way."""
    token = verb.head
    for _ in range(6):
        if token.dep_ in ("nsubj", "nsubjpass", "csubj") or token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ in ("NOUN", "PROPN"):
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is not None:
                return owner
        elif token.pos_ in ("VERB", "AUX"):
            if token.dep_ in ("acl", "amod") or token.dep_ == "relcl" and not any(c.dep_ == "nsubj" for c in token.children):
                return None
            return _surface_subject(token)
        elif token.pos_ not in ("ADP", "ADJ", "ADV"):
            return None
    return None


def _contracted_perfect(verb: Token) -> bool:
    """"He's said he will run", "an office she's wanted to hold": the parser read the
    "'s" of "has" as the "is" of a passive; a participle with an object or a clause of
    its own is active, and its subject is the speaker. Not "it's said that" (nobody
    says), nor "he's told that ..." (he is told)."""
    if verb.tag_ not in ("VBN", "VBD") or not any(c.dep_ == "auxpass" and c.lower_ in ("'s", "’s") for c in verb.children):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("it", "that", "this", "there") for c in verb.children):
        return False
    deps = {c.dep_ for c in verb.children}
    return "dobj" in deps or bool(deps & {"ccomp", "xcomp"}) and verb.lemma_ not in ADDRESSEE_VERBS


def _subject_of_a_misread_relative(verb: Token) -> Token | None:
    """"Workers hoping to block the sale say ...": the parser made the participle the
    main verb and hung the finite one on it; the participle's subject is the speaker."""
    head = verb.head
    if verb.tag_ not in FINITE_TAGS or head.i >= verb.i or head.tag_ not in ("VBG", "VBN") or verb.dep_ not in ("dep", "ccomp", "conj"):
        return None
    if any(c.dep_ in ("aux", "auxpass") for c in head.children):
        return None  # "they were hoping ... and say": a verb of their own
    return next((c for c in head.children if c.dep_ == "nsubj" and c.i < head.i), None)


def _subject_of_a_misread_coordination(verb: Token) -> Token | None:
    """"Kasich offered him a job, then says he'll welcome advice": the parser made the
    first verb of the pair a clause reported by the second, which lost its subject; the
    second verb says something of its own (a clause after it), so the first
    clause is not its content ("Prices will rise, predicts Lee" has none)."""
    doc = verb.doc
    if verb.i == verb.sent.start or not any(c.dep_ in ("ccomp", "xcomp") and c.i > verb.i for c in verb.children):
        return None
    first = next((c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i), None)
    if first is None or any(t.is_quote for t in doc[first.left_edge.i : verb.i]):
        return None
    if any(not (t.is_punct or t.dep_ in ("cc", "advmod")) for t in doc[first.right_edge.i + 1 : verb.i]):
        return None
    subject = next((c for c in first.children if c.dep_ == "nsubj" and c.i < first.i), None)
    return subject if subject is not None and subject.pos_ in ("PROPN", "PRON", "NOUN") else None


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
    if before is not None and before.pos_ == "ADV" and before.head == verb:
        return _name_before_appositive(verb)  # "Paul Manafort, the campaign chief, bluntly suggested"
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
    commas, brackets or dashes, when the parser hung it elsewhere; the name itself when
    it is the appositive ("the chair of trustees, Rosalind Achebe, said"). The phrase may
    be a description, a participle ("wearing a cowboy hat") or a relative clause ("who
    spoke on condition of anonymity"), but no clause of the sentence's own. Adverbs may
    stand between it and the verb ("..., bluntly suggested")."""
    doc = verb.doc
    end = verb.i  # the closing mark is doc[end - 1]
    while end > 1 and doc[end - 1].pos_ == "ADV" and doc[end - 1].head == verb:
        end -= 1
    closing = doc[end - 1].text if end > 0 else ""
    if end < 3 or closing not in (",", ")", *DASHES):
        return None
    if closing == "," and doc[end - 2].pos_ == "PROPN" and not _set_off_adjunct(doc[end - 2]):
        return doc[end - 2]
    opening = "(" if closing == ")" else closing
    marks = 0
    for k in range(end - 2, max(0, end - MAX_APPOSITIVE) - 1, -1):
        token = doc[k]
        marks += token.is_quote
        if token.text in ".!?;:":
            return None
        if token.text == opening:
            phrase = doc[k + 1 : end - 1]
            if marks % 2:
                return None  # '"... ," he said, Lee said': across a quotation
            if has_finite_verb(phrase) and opening == "," and phrase[0].tag_ not in ("WP", "WDT", "VBG", "VBN"):
                return None
            name = doc[k - 1] if k > 0 else None
            return name if name is not None and name.pos_ in ("PROPN", "NOUN", "NUM") and k - 1 > 0 else None
    return None


def _set_off_adjunct(name: Token) -> bool:
    """"Trump, in Kentucky, said": the name ends a prepositional phrase set off by commas,
    an adjunct of the verb, not the speaker in apposition."""
    doc = name.doc
    start = next((t.i for t in reversed(doc[max(0, name.i - MAX_APPOSITIVE) : name.i]) if t.text == ","), None)
    return start is not None and start + 1 < name.i and doc[start + 1].pos_ == "ADP" and all(
        t.pos_ in NOUN_PHRASE_POS or t.pos_ == "ADP" for t in doc[start + 1 : name.i]
    )


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

