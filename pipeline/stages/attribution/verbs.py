"""Verbs with clauses: "X said (that) C", "C, X said", "C1, X said, C2", "told X to C",
"denied the claims", "expressed doubt that C", "as X pointed out, C"; and a verb beside a
quotation, which the quotation's rules decide."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from pipeline.resources import word_list
from pipeline.stages.attribution.quotations import adjacent_quotes, unquoted_lead
from pipeline.stages.attribution.shared import (
    ADDRESSEE_VERBS, AMOUNT_VERBS, AS_VERBS, FINITE_TAGS, MARKS_AND_SPACE, MEASURES, OBJECT_PRONOUNS, OBJECT_VERBS,
    QUOTING_KINDS, STANCE_VERBS,
    STUDY_NOUNS, STUDY_VERBS, Found, breaks_paragraph, clause_of, fragments_of, has_finite_verb, noun_phrase,
    paragraph_end, starts_a_cue, trim,
)
from pipeline.stages.attribution.speakers import adjacent_name, can_report, can_speak, inverted_subject, subject_of
from pipeline.stages.structure import in_heading

COMPLEMENT_PREPS = frozenset(word_list("complement_prepositions.txt"))
STANCE_PREPS = frozenset(word_list("stance_prepositions.txt"))
EVENT_VERBS = frozenset(word_list("event_verbs.txt"))  # "as she spoke, ..." says when, not what
ASPECTUAL_VERBS = frozenset(word_list("aspectual_verbs.txt"))  # 'she continued: "..."' is a cue; "continues to lead" is aspect
QUESTION_VERBS = frozenset(word_list("question_verbs.txt"))
HEADLINE_SAYING_VERBS = frozenset(word_list("headline_saying_verbs.txt"))
STANCE_ADJECTIVES = frozenset(word_list("stance_adjectives.txt"))
HELD_KINDS = frozenset({"belief", "intention", "report"})  # kinds whose holder a finite verb always has


def link_verb(cue: Span, quotes: list[tuple[int, int]]) -> Found | None:
    """A reporting verb: its speaker, then what it reports, tried in order: a quotation
    beside it, its clause, the clause around it ("C, X said"), its object, its topic.
    In a relative clause, the relative pronoun that stands in what was said is part of it
    ("the fee, which the board said was too high")."""
    found = _link_verb(cue, quotes)
    if found is not None and found.content:
        pronoun = _relative_in_content(cue[0])
        if pronoun is not None and pronoun.i < found.content[0][0] and not (
            found.source is not None and found.source[0] <= pronoun.i < found.source[1]
        ):
            found.content = [(pronoun.i, pronoun.i + 1), *found.content]
    return found


def _relative_in_content(verb: Token) -> Token | None:
    """The relative pronoun opening the cue's relative clause, when it is no speaker of the
    cue's own ("which the board said was too high", "whom voters believed was"; not "who
    said")."""
    if verb.dep_ != "relcl":
        return None
    first = verb.left_edge
    if first.tag_ not in ("WDT", "WP") and not (first.lower_ == "that" and first.dep_ != "mark"):
        return None
    if first.head == verb and first.dep_ in ("nsubj", "nsubjpass"):
        return None
    return first


def _link_verb(cue: Span, quotes: list[tuple[int, int]]) -> Found | None:
    doc, verb = cue.doc, cue[0]
    if verb.dep_ == "amod" or (verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod")):
        return None  # "the reported deal", "a plan announced on Monday"
    subject = subject_of(verb)
    inverted = inverted_subject(verb)
    before_comma = None  # "C, said X" with C read as the subject: C is the content
    if inverted is not None and (subject is None or subject.i < verb.i):
        if subject is not None:
            before_comma = trim(doc, verb.sent.start, verb.i - 1)
        subject = inverted
    if subject is not None and any(q[0] <= subject.i < q[1] <= verb.i for q in quotes):
        # '"... it will at some point," said James Acton': the parser took a word of the
        # quotation before the cue for its subject
        subject = adjacent_name(verb)
    if subject is None:
        subject = _adjective_holder(verb)
    if subject is not None and not can_speak(subject):
        return None  # "models that support ChatGPT": things do not make claims
    if subject is None and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None  # "it is too soon to say whether ...": nobody says anything
    source = noun_phrase(subject) if subject is not None else None
    if source is not None and source[0] <= verb.i < source[1]:
        # the speaker's phrase stops at the verb: 'Said Ellis:', where the verb passes
        # for a compound, or a subject whose subtree the parser ran over the clause
        source = (source[0], verb.i) if subject.i < verb.i else (verb.i + 1, source[1])
    found = Found(cue=cue, content=[], source=source)
    if verb.lemma_ in AS_VERBS:
        found.content = _complements(verb) if _object_as(verb) else []
        return found if found.content else None  # "saw the pier": a view only with its "as"
    if verb.lemma_ in AMOUNT_VERBS and len(cue) == 1:
        found.content = _object_at_amount(verb) if subject is not None and can_report(subject) else []
        return found if found.content else None  # "put the pier at risk": an estimate only with its amount
    kind = cue.label_.split("/")[1]
    if subject is None and kind in HELD_KINDS and verb.tag_ != "VB" and not any(
        c.dep_ == "auxpass" for c in verb.children
    ):
        # "..., the senator aimed to win", "an office he's wanted to hold": a belief or an
        # aim is always someone's; when the parse loses whose, the attribution is too
        # weak to keep. A passive ("is expected to") or an imperative ("Expect delays")
        # names no one by design.
        return None
    # "made it clear that C": the clause may hang on any word of the cue, not on one inside it
    children = [c for t in cue for c in t.children if not cue.start <= c.i < cue.end] if len(cue) > 1 else list(verb.children)
    clauses = [c for c in children if c.dep_ == "ccomp" or (len(cue) == 1 or c.head != verb) and _misread_clause(c) or c.dep_ == "xcomp" and (
        kind == "intention" or kind == "speech" and _told_to(verb, c)
    )]
    # "C; it only learned of it on Friday": a semicolon ends what the cue after it can report
    clauses = [c for c in clauses if c.i > verb.i or not any(t.text == ";" for t in doc[c.right_edge.i : verb.i])]
    # "While he conceded X was a reason, Ham noted Y": with a clause on either side, the
    # one before the cue is the parser hanging a clause of the sentence on it
    clause = next((c for c in clauses if c.i > verb.i), clauses[0] if clauses else None) or _clause_after_adjunct(verb)
    quoting = kind in QUOTING_KINDS
    before, after = adjacent_quotes(cue, subject, quotes) if quoting else (None, None)
    if before and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "acl", "conj") and before[1] <= verb.i:
        before = None  # 'admires him as a "strong leader," comparing him to ...': the quotation is the main clause's
    if before and clause is not None and (
        clause.i > verb.i and doc[clause.left_edge.i - 1].text == "," and not (after and after[0] <= clause.left_edge.i < after[1])
        or clause.i < verb.i and before[0] > 0 and doc[before[0] - 1].text == ":"
        or clause.i > verb.i and _hands_over(doc, before, verb, source) and _misread_after(clause, source)
        and not (after and after[0] <= clause.i < after[1])
    ):
        # '"...," Reid told Lee, after he admitted ...': the parser hung the sentence's
        # going on on the cue as its clause; 'Reid scolded him: "...," she said': it
        # made the colon's clause the cue's. The quotation is what was said.
        clause = None
    quote = None  # the quotation holding the clause
    if quoting and not (before or after) and (clause is None or clause.i < verb.i):
        around = _around_aside(verb, subject)
        if around:
            found.content = around
            return found
    if clause is not None:
        content = clause_of(clause)
        if clause.dep_ == "xcomp":
            # "wants to triple X, grow Y and create Z": bare verbs the parser hung on the cue
            tail = [c for c in verb.rights if c.dep_ in ("conj", "dep") and c.tag_ == "VB" and c.i > clause.i]
            if tail and content[1] >= tail[0].left_edge.i - 2:
                content = (content[0], trim(doc, content[0], tail[-1].right_edge.i + 1)[1])
        if clause.dep_ == "xcomp" and kind in ("speech", "intention"):
            addressees = _addressees(cue, clause)
            if addressees:
                content = trim(doc, min(a.left_edge.i for a in addressees), content[1])
        quote = next((q for q in quotes if q[0] <= clause.i < q[1]), None) if quoting else None
        if quote is None:
            # 'His verdict: "Not yet," he said': the parser took the words before a
            # quotation for the clause; the quotation beside the cue is what was said.
            if not (before and content[0] < before[0] and before[1] <= content[1] + 2):
                found.content = [content]
                return found
        elif subject is not None and quote[1] <= subject.i < content[1] or (
            content[0] >= quote[0] and quote[1] < content[1] <= verb.i
            and doc[quote[0] : quote[1]].text.rstrip(MARKS_AND_SPACE).endswith(",")
        ):
            # the clause ran on over the speaker ('"...," Tulsa police Chief X said',
            # with "Tulsa" read as a verb): the quotation alone is the content
            pass
        elif content[0] >= quote[0] and content[1] > quote[1] and verb.i < quote[0] and (
            doc[quote[0] : quote[1]].text.rstrip(MARKS_AND_SPACE)[-1:] in (",", ".", "!", "?")
        ):
            # 'said: "Using two accounts was a mistake," but in fact she used one': the
            # quotation closed by its own comma is what was said; the rest is the writer's
            found.content, found.direct, found.quotes = [quote], True, {quote}
            return found
        elif content[0] < quote[0] or content[1] > quote[1]:
            # 'said that the law "is a disgrace"', '"No view on the merits" of the
            # case, the court said': a partial quotation inside an indirect clause;
            # the content runs over both.
            found.content = [(min(content[0], quote[0]), max(content[1], quote[1]))]
            # 'said that "the shop stays open"' quotes the whole clause.
            found.direct = quote[0] - content[0] == 1 and doc[content[0]].dep_ == "mark"
            return found
    if quote is not None and not (before or after) and quote[1] <= min(cue.start, subject.i if subject else cue.start):
        # '"The caucus is a battle of niches" Grubbs said': no comma closes the
        # quotation, but the parser made it the cue's clause
        before = quote
    # A direct quotation beside a cue of saying is its content, whatever the parser
    # made of it ("he would decide 'within weeks'" quotes no decision).
    if before or after:
        found.direct = True
        found.content = [q for q in (before, after) if q]
        found.quotes = set(found.content)
        lead = unquoted_lead(cue, subject, before, after)
        if lead is not None:
            found.content, found.direct = lead, False
        return found
    # an object verb with no object, set off with its subject, goes on to the rules for
    # a cue set off from its content: "Loyalty, he noted, is a tenet of the party"
    said = _complements(verb) if verb.lemma_ in OBJECT_VERBS and (
        kind != "report" or subject is None or can_report(subject)
    ) else []
    if kind != "intention" and _as_aside(verb, saying=kind in QUOTING_KINDS):  # not "as she hopped on her board"
        found.content = fragments_of(verb.head, without=verb)
    elif len(cue) > 1 and cue[-1].dep_ == "prep":  # "call for an inquiry", "talk about how ..."
        # not the relative pronoun a stranded preposition takes ("the issues that they agree on")
        objects = [c for c in cue[-1].children if c.dep_ in ("pobj", "pcomp") and not (c.i < cue.start and c.tag_ in ("WDT", "WP"))]
        found.content = [_with_examples(verb, clause_of(o)) for o in objects[:1]]
    elif len(cue) > 1 and cue[-1].dep_ == "mark" and cue[-1].head.i > cue[-1].i and cue[-1].head.head == verb:
        # "called for the mayor to resign": the preposition opens a clause of its own
        clause = cue[-1].head
        found.content = [trim(doc, cue[-1].i + 1, clause.right_edge.i + 1)]
    elif said or verb.lemma_ in OBJECT_VERBS and not (_set_off(verb) and any(c.dep_ == "nsubj" for c in verb.children)):
        found.content = said
    elif verb.lemma_ in STUDY_VERBS and subject is not None and subject.lemma_.lower() in STUDY_NOUNS:
        # "The poll found Castellanos, a former treasurer, with 46% support ...": all
        # that follows the object is the finding
        objects = [c for c in verb.rights if c.dep_ == "dobj"]
        found.content = [trim(doc, objects[0].left_edge.i, verb.right_edge.i + 1)] if objects else []
    elif verb.lemma_ in STANCE_VERBS:
        found.content = _stance_complement(verb)
    elif subject is not None and subject.head.i != verb.head.i and _set_off(verb) and (
        verb.dep_ == "parataxis" or verb.dep_ in ("advcl", "ccomp") and verb.head.i < verb.i
    ) and not any(c.dep_ == "mark" for c in verb.children):  # not "C, while 70 percent said the same of the bridge"
        # "C, X said" and "C1, X said, C2": the parser hung the cue on the content. Not
        # "X gave no details, saying ...": a participle sharing its head's subject does
        # not report its own head clause.
        found.content = fragments_of(verb.head, without=verb)
    elif before_comma is not None:
        found.content = [before_comma]
    elif kind in ("speech", "writing"):
        found.content = (
            _topic(verb) or _paragraph_handed_over(verb) or _clause_before(verb, subject) or _headline_object(verb, subject)
            or _echo(verb)
        )
    return found if found.content and found.content[0][1] > found.content[0][0] else None


def _adjective_holder(verb: Token) -> Token | None:
    """"Aides were quick to point out that ...", "voters were more likely to say ...": an
    infinitive hung on an adjective of its speaker, who is the subject of the copula."""
    adjective = verb.head
    if verb.dep_ != "xcomp" or adjective.dep_ != "acomp" or adjective.lemma_.lower() not in STANCE_ADJECTIVES:
        return None
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    subject = next((c for c in adjective.head.children if c.dep_ == "nsubj" and c.i < adjective.i), None)
    if subject is None or subject.lower_ in OBJECT_PRONOUNS or subject.tag_ in ("EX", "WDT"):
        return None  # "it is important to note": nobody in particular
    return subject


def _clause_before(verb: Token, subject: Token | None) -> list[tuple[int, int]]:
    """"C, police said." and "C, Carter told a Senate panel on Monday." however the
    parser hung C: the cue's clause ends the sentence, a comma sets it off, nothing
    of what was said follows, and C has a finite verb of its own (not "Asked about
    it, she said"), or is a headline's clause ("Fares to rise in May, operator says")."""
    if subject is None or subject.i > verb.i or verb.dep_ == "relcl" or subject.tag_ in ("WP", "WDT"):
        return []  # not "..., the host Charlie Sykes, who lamented ..."
    doc, sentence = verb.doc, verb.sent
    start = min(subject.left_edge.i, verb.i)
    if start <= sentence.start or doc[start - 1].text != ",":
        return []
    if any(c.dep_ not in ("punct", "npadvmod", "advmod", "prep") and not c.is_space and not (
        c.dep_ in ("dobj", "dative") and verb.lemma_ in ADDRESSEE_VERBS
    ) for c in verb.rights):
        return []
    before = trim(doc, sentence.start, start - 1)
    if not has_finite_verb(doc[before[0] : before[1]]) and not (in_heading(verb) and before[1] - before[0] >= 3):
        return []
    opening = next((t for t in doc[before[0] : before[1]] if t.dep_ != "cc"), None)
    if opening is not None and (opening.dep_ == "mark" or opening.tag_ == "WRB"):
        return []  # "But when Congress cut the funding, Mexico said enough": a time, not what was said
    return [before] if before[1] > before[0] else []


def _echo(verb: Token) -> list[tuple[int, int]]:
    """"half said so", "three-quarters said the same of Lee", "46 percent said yes": a
    word that stands for what was said, the answer or the words of another."""
    doc = verb.doc
    for child in verb.rights:
        if child.dep_ in ("dobj", "advmod", "intj", "ccomp", "attr", "npadvmod") and (
            child.lower_ in ("so", "yes", "no") or child.lower_ == "same" and any(d.lower_ == "the" for d in child.lefts)
        ) and not (child.i + 1 < len(doc) and doc[child.i + 1].pos_ == "ADP" and child.lower_ != "same"):  # not "said no to the war"
            end = child.right_edge.i + 1
            after = doc[end] if end < len(doc) else None
            if after is not None and after.lower_ == "of" and after.head in (verb, child):
                end = after.right_edge.i + 1
            return [trim(doc, child.left_edge.i, end)]
        if not (child.is_punct or child.dep_ in ("advmod", "npadvmod")):
            break
    return []


def _headline_object(verb: Token, subject: Token | None) -> list[tuple[int, int]]:
    """"Lynch says no outside influence in probe": a headline drops the verb of what was
    said, and its object is all that is left of it."""
    if subject is None or subject.i > verb.i or verb.lemma_ not in HEADLINE_SAYING_VERBS or not in_heading(verb):
        return []
    if not any(c.dep_ == "dobj" and c.lower_ not in OBJECT_PRONOUNS for c in verb.rights):
        return []  # "Mayor says it", "Mayor speaks at rally"
    content = trim(verb.doc, verb.i + 1, verb.right_edge.i + 1)
    return [content] if content[1] - content[0] >= 2 else []


def _told_to(verb: Token, xcomp: Token) -> bool:
    """"agreed to step down", "told his staff to leave": the infinitive is what is
    agreed or told; not "continues to lead" (aspect), "was asked to leave" (who asked
    is not said) nor "asked not to be named" (the anonymity formula)."""
    deps = {c.dep_ for c in xcomp.children}
    return (
        any(a.dep_ == "aux" and a.lower_ == "to" for a in xcomp.children)
        and not {"neg", "auxpass"} <= deps
        and verb.lemma_ not in ASPECTUAL_VERBS
        and not any(c.dep_ == "auxpass" for c in verb.children)
    )


def _complements(verb: Token) -> list[tuple[int, int]]:
    """"criticised Smith for the delay", "called the plan a disgrace": the object and
    the complements after it, as one run."""
    objects = [
        c for c in verb.rights
        if c.dep_ == "dobj" and (c.lower_ not in OBJECT_PRONOUNS or any(
            d.dep_ in ("oprd", "xcomp", "ccomp") or d.dep_ == "prep" and d.lower_ in COMPLEMENT_PREPS for d in verb.rights if d.i > c.i
        ))
        or c.dep_ == "xcomp" and c.tag_ == "VBG"  # a gerund is an object too: "denied taking the money"
    ]  # "denied it" attributes nothing, "described it as a disgrace" does
    if not objects:
        # "a bill opposed by the unions": the passive subject is what is opposed.
        if any(c.dep_ == "agent" for c in verb.children) and subject_of(verb) is not None:
            subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if subject is not None and subject.lower_ not in OBJECT_PRONOUNS:
                return [trim(verb.doc, subject.left_edge.i, subject.right_edge.i + 1)]
        return []
    first = objects[0]
    last = first
    for child in verb.rights:
        if child.i > first.i and (
            child.dep_ in ("oprd", "xcomp", "ccomp", "dative") or child.dep_ == "prep" and child.lower_ in COMPLEMENT_PREPS
            or child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN")  # "fairness, and a need to ...", hung on the verb
            or child.dep_ == "prep" and child.lower_ in ("by", "from") and child.i == last.right_edge.i + 1  # "behavior by the mayor"
            and not any(c.dep_ == "pcomp" for c in child.children)  # not "by telling them ...": how, not what
        ):
            last = child
    return [_with_examples(verb, trim(verb.doc, first.left_edge.i, last.right_edge.i + 1))]


def _object_as(verb: Token) -> bool:
    """"sees the pier as a relic": an object, then an "as" of the verb's or the object's."""
    objects = [c for c in verb.rights if c.dep_ == "dobj"]
    return bool(objects) and any(
        c.dep_ == "prep" and c.lower_ == "as" and c.i > objects[0].i for c in (*verb.rights, *objects[0].rights)
    )


def _object_at_amount(verb: Token) -> list[tuple[int, int]]:
    """"estimates put the total at 55,000 pages": the object and the amount it is put at."""
    objects = [c for c in verb.rights if c.dep_ == "dobj"]
    at = next((c for c in (*verb.rights, *(objects[0].rights if objects else ())) if c.dep_ == "prep" and c.lower_ == "at"), None)
    if not objects or at is None or at.i < objects[0].i or not any(t.like_num or t.ent_type_ in MEASURES for t in at.subtree):
        return []
    return [trim(verb.doc, objects[0].left_edge.i, max(at.right_edge.i, objects[0].right_edge.i) + 1)]


def _with_examples(verb: Token, content: tuple[int, int]) -> tuple[int, int]:
    """"railed against super PACs, including the one backing Bush": the examples the
    parser hung on the verb belong to what was said."""
    doc = verb.doc
    for child in verb.rights:
        if child.dep_ == "prep" and child.lower_ == "including" and 0 <= child.i - content[1] <= 1:
            return content[0], trim(doc, child.i, child.right_edge.i + 1)[1]
    return content


def _stance_complement(verb: Token) -> list[tuple[int, int]]:
    """"expressed doubt that the dam would hold", "voiced concern about the road": what
    the stance is about, a clause or the object of its preposition; "expressed regret"
    alone attributes nothing."""
    for noun in (c for c in verb.children if c.dep_ == "dobj"):
        for child in noun.rights:
            if child.dep_ in ("acl", "ccomp") and child.pos_ in ("VERB", "AUX"):
                return [clause_of(child)]
            if child.dep_ == "prep" and child.lower_ in STANCE_PREPS:
                objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                return [clause_of(objects[0])] if objects else []
    return []


def _clause_after_adjunct(verb: Token) -> Token | None:
    """"insisted in the same interview that the judge was wrong", "said for the first time
    that ...": the parser hangs the verb's that-clause on the noun of the phrase between.
    A clause with a subject of its own after "that" is no relative clause of that noun."""
    for prep in verb.rights:
        if prep.dep_ != "prep":
            continue
        for noun in (c for c in prep.children if c.dep_ == "pobj"):
            for clause in noun.rights:
                first = clause.left_edge
                if clause.dep_ in ("acl", "relcl", "ccomp") and first.lower_ == "that" and first.head.i == clause.i and (
                    first.dep_ == "mark"
                    or first.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj")
                    and any(c.dep_ in ("nsubj", "nsubjpass") and c.i > first.i for c in clause.children)
                ):
                    return clause
    return None


def _topic(verb: Token) -> list[tuple[int, int]]:
    """"joked about the weather", "wrote to the mayor about the road": with nothing else
    said, what the speech is about."""
    for prep in verb.rights:
        if prep.dep_ == "prep" and prep.lower_ == "about":
            objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
            return [clause_of(objects[0])] if objects else []
    return []


def _misread_clause(child: Token) -> bool:
    """A that-clause the parser labelled otherwise: "saying only that he was refining
    ..." as an adverbial clause, "which she said represented ..." as an xcomp (no
    infinitive is finite)."""
    if child.dep_ == "advcl":
        marks = [m for m in child.children if m.dep_ == "mark"]
        if marks:
            return any(m.lower_ == "that" for m in marks)
        # "said after the convention he would not accept it": a finite clause with its
        # own subject and no conjunction, right after the verb, is no adverbial
        doc = child.doc
        return (
            child.i > child.head.i
            and any(c.dep_ == "nsubj" for c in child.children)
            and has_finite_verb([child, *(c for c in child.children if c.dep_ == "aux")])
            and not any(t.is_punct or t.tag_ == "WRB" and not _asks(child.head) for t in doc[child.head.i + 1 : child.i])
        )
    if child.dep_ != "xcomp" or any(t.is_punct for t in child.doc[child.head.i + 1 : child.i]):
        return False  # not '"...," he said, asked about it'
    # "said seeing so many officers was a welcome sight": a gerund subject of a clause
    return child.tag_ in FINITE_TAGS or child.tag_ == "VBG" and has_finite_verb(child.subtree)


def _hands_over(doc: Doc, quote: tuple[int, int], verb: Token, source: tuple[int, int] | None) -> bool:
    """'"...," Lee said', '"...," said Lee': a quotation closed by a comma right before
    its speaker and the cue."""
    return source is not None and quote[1] in (source[0], verb.i) and (
        doc[quote[0] : quote[1]].text.rstrip(MARKS_AND_SPACE).endswith(",")
    )


def _misread_after(clause: Token, source: tuple[int, int]) -> bool:
    """A clause after the cue that cannot be what was said: it holds the speaker as its
    own subject ('said Ann Brock, who runs the group Correct the Record', with "Correct"
    read as a verb), or a finite verb with no subject at all ("... aired Tuesday")."""
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if subjects:
        return all(source[0] <= c.i < source[1] for c in subjects)
    return clause.tag_ in FINITE_TAGS or clause.pos_ == "PROPN"


def _around_aside(verb: Token, subject: Token | None) -> list[tuple[int, int]]:
    """"C1, he said, C2" however the parser hung the halves: the cue's clause, set off by
    commas inside its sentence, with what was said on both sides of it ("The difference
    now, he told me, is that ...", "Though that went well, he said, the next one would
    not")."""
    doc, sentence = verb.doc, verb.sent
    if subject is None or subject.tag_ in ("WP", "WDT") or verb.dep_ in ("relcl", "acl"):
        return []  # not "Ms. Arnold, who spoke on Monday, said ..."
    if any(
        c.dep_ == "mark" or c.i > verb.i and (c.dep_ in ("ccomp", "xcomp") or c.dep_ == "dobj" and verb.lemma_ not in ADDRESSEE_VERBS)
        for c in verb.children
    ):
        return []  # "This month, she wrote a dissent, ...": the verb has an object of its own
    start = min(subject.left_edge.i, verb.i)
    end = next((t.i for t in doc[verb.i + 1 : sentence.end] if t.text == ","), None)
    if end is None or start <= sentence.start + 1 or doc[start - 1].text != ",":
        return []
    if any(t.text in ";:" or not (t == verb or verb in t.ancestors) for t in doc[start:end]):
        return []  # only the speaker and the verb's own adjuncts between the commas
    stop = next((t.i for t in doc[end + 1 : sentence.end] if t.text == ";"), sentence.end)
    first, second = trim(doc, sentence.start, start - 1), trim(doc, end + 1, stop)
    if first[1] <= first[0] or second[1] - second[0] < 2 or any(t.is_quote for t in doc[first[0] : second[1]]):
        return []  # quotations have rules of their own
    head, tail = doc[first[0] : first[1]], doc[second[0] : second[1]]
    if verb in tail[0].ancestors and (not has_finite_verb(tail) or any(
        m.dep_ == "mark" and m.lower_ == "that" for c in tail[0].children if c.dep_ == "ccomp" for m in c.children
    )):
        return []  # "the mayor spoke, promising to ...", "he said, adding that ...": the cue's own participle
    if subject in tail[0].ancestors:
        return []  # "..., said Karen Liu, who tracks ad spending": the speaker's relative clause
    if starts_a_cue(doc, second[0]):
        return []  # "C, the Dispatch reported, citing filings": a cue of its own
    if head[0].tag_ == "VBN":
        return []  # "Asked if it was legal, 46 percent said, ...": who asked is not said
    subject_first = any(t.dep_ in ("nsubj", "nsubjpass") and t.head in tail for t in head) or (
        head.root.pos_ in ("NOUN", "PROPN", "PRON") and tail[0].tag_ in FINITE_TAGS
    )  # "The real problem, she told me, is that ..."
    if not (has_finite_verb(head) or subject_first):
        if all(t.pos_ in ("ADV", "PUNCT") for t in head) and verb.head in tail and any(
            c.dep_ in ("nsubj", "nsubjpass") for c in verb.head.children
        ) and has_finite_verb(tail):
            return [first, second]  # "Instead, Lee told the Courier, the pier would stay"
        return []  # "On Thursday, however, the mayor spoke ...": an adverbial, not what was said
    return [first, second]


def _as_aside(verb: Token, saying: bool) -> bool:
    """"As many experts have pointed out, C", "C, as she put it": the clause the aside
    hangs on is what was said. Not "as he spoke, ..." nor "as he said this": the verb
    has nothing of its own to say and a comma sets it off."""
    doc = verb.doc
    if verb.dep_ != "advcl" or verb.lemma_ in EVENT_VERBS or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return False
    following = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    if verb.tag_ == "VBN" and following is not None and following.lower_ == "to":
        return False  # "as opposed to", "as compared to": no report, "as reported by the Times" is one
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "auxpass") and not (saying and c.dep_ == "dobj" and c.lower_ == "it")
           for c in verb.children if c.i > verb.i or c.dep_ == "auxpass"):
        return False  # but "as one fisherman put it", "as she described it": the "it" is C (not "as we know it")
    after = verb.right_edge.i + 1
    if verb.i < verb.head.i:
        return after < len(doc) and doc[after].text == ","
    return verb.left_edge.i > 0 and doc[verb.left_edge.i - 1].text == ","


def _asks(verb: Token) -> bool:
    """"have not said when they would vote", "asked how it would be paid for": a verb
    that can take a question, where a "when" clause is what is said, not when."""
    return verb.lemma_ in QUESTION_VERBS or any(c.dep_ == "neg" for c in verb.children)


def _addressees(cue: Span, infinitive: Token) -> list[Token]:
    """"told his staff to leave", "called on the mayor to resign": who is to do what the
    infinitive says, an object of the verb or of the cue's last preposition before it."""
    found = []
    for child in cue[0].children:
        if cue.end - 1 <= child.i < infinitive.i:
            if child.dep_ in ("dobj", "dative") and child.ent_type_ not in ("DATE", "TIME"):
                found.append(child)
            elif child == cue[-1]:
                found.extend(o for o in child.children if o.dep_ == "pobj")
    return found


def _paragraph_handed_over(verb: Token) -> list[tuple[int, int]]:
    """'The governor added:' closing its paragraph: the next paragraph is what was said."""
    doc, sentence = verb.doc, verb.sent
    last = sentence.end - 1
    while last > verb.i and doc[last].is_space:
        last -= 1
    if doc[last].text != ":" or last + 1 >= len(doc) or not breaks_paragraph(doc[last + 1]):
        return []
    content = trim(doc, last + 2, paragraph_end(doc, last + 2))
    return [content] if content[1] > content[0] else []


def _set_off(verb: Token) -> bool:
    """"C, X said", '"C" X said': punctuation sets the cue's clause off from the content
    before it. "The council said it found no evidence" has none: "found" is what was said,
    not a cue whose content is "the council said"."""
    first = verb.left_edge  # the comma may hang on the cue itself
    mark = first if first.is_punct else verb.doc[first.i - 1] if first.i > 0 else None
    return mark is not None and mark.is_punct and mark.text != ";"  # "C; it learned of it" starts anew
