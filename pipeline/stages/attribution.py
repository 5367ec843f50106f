"""Who said what: each cue candidate linked, through the dependency parse and the
quotation marks, to its source and its content, or dropped when it attributes nothing.

Sets ``doc.spans`` ``claims_cues``, ``claims_sources`` (label ``"unknown"`` until the
sources stage types them) and ``claims_contents`` (label ``direct`` or ``indirect``, one
span per fragment); the spans of one attribution share ``span.id_``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.doc_keys import CONTENTS, CUE_CANDIDATES, CUES, SOURCES, text_of
from pipeline.quotes import CLOSING, DOUBLE_APOSTROPHE, MARKS, OPENING, STRAIGHT, find_quotes
from pipeline.resources import table, word_list
from pipeline.stages.cues import SIGNATURE, signed_name

OBJECT_PRONOUNS = frozenset({"it", "this", "that", "them", "him", "her", "so", "something", "anything", "nothing", "what"})
NAMELESS_POSSESSORS = OBJECT_PRONOUNS - {"her", "him"}  # "this call for calm" names nobody; "her call" does
COMPLEMENT_PREPS = frozenset({"for", "as", "of", "over", "to", "about", "with"})
GENERIC_SUBJECTS = frozenset({"you", "one"})
INSTRUMENT_VERBS = frozenset({"use", "spend"})  # "used his speech to offer ...": the subject offers
AMOUNTS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL", "DATE", "TIME"})
EVENT_VERBS = frozenset({"speak", "talk"})  # "as she spoke, ..." says when, not what
ASPECTUAL_VERBS = frozenset({"continue"})  # 'she continued: "..."' is a cue; "continues to lead" is aspect
QUOTING_KINDS = frozenset({"speech", "writing", "report"})
DOUBLE_MARKS = frozenset({*OPENING, *CLOSING, STRAIGHT, DOUBLE_APOSTROPHE})  # a token that is one of them
# stripped to see how a quotation ends, a nested one included: '"... of those people,'"'
MARKS_AND_SPACE = OPENING + CLOSING + STRAIGHT + DOUBLE_APOSTROPHE + "‘’' "
NOUN_PHRASE_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PART"})  # "the city's mayor"
MAX_GAP = 10  # tokens between a quotation and its cue: source, verb, adverbials
MAX_SENTENCE_REST = 30  # tokens of the cue's sentence after it: "..., invoking the 2008 race."


@dataclass
class Found:
    """One attribution before it is written: token ranges, not yet spans."""

    cue: Span
    content: list[tuple[int, int]]
    source: tuple[int, int] | None = None
    direct: bool = False
    quotes: set[tuple[int, int]] = field(default_factory=set)


def _trim(doc: Doc, start: int, end: int, keep_quotes: bool = False) -> tuple[int, int]:
    """Drop edge whitespace and punctuation (but quotation marks, for a direct quote)."""

    def loose(token: Token) -> bool:
        if token.is_space:
            return True
        if token.is_quote or token.text in "“”\"'‘’":
            return not keep_quotes
        return token.is_punct and token.text not in "$€£%"

    def is_mark(token: Token) -> bool:
        return token.text in DOUBLE_MARKS

    text = text_of(doc)

    def marks_in(first: int, last: int) -> int:
        """Quotation marks in tokens first..last-1, found in the text (fewer Tokens made)."""
        if last <= first:
            return 0
        end_token = doc[last - 1]
        return len(MARKS.findall(text, doc[first].idx, end_token.idx + len(end_token)))

    # The parser hangs a closing mark on the verb: take it back ('"absurd," he said').
    if marks_in(start, end) % 2 == 1:
        for step in (1, 2):
            if end + step <= len(doc) and is_mark(doc[end + step - 1]) and all(
                t.is_punct for t in doc[end : end + step]
            ):
                end += step
                break
    while start < end and loose(doc[start]):
        start += 1
    marks = marks_in(start, end)
    while end > start and loose(doc[end - 1]):
        last_is_mark = is_mark(doc[end - 1])
        if last_is_mark and marks % 2 == 0:
            break  # 'called the plan "absurd"': the mark closes one opened inside the span
        marks -= last_is_mark
        end -= 1
    return start, end


def _clause(token: Token, without: Iterable[Token] = ()) -> tuple[int, int]:
    """The contiguous run of ``token``'s subtree, minus the subtrees in ``without``."""
    removed = {t.i for w in without for t in w.subtree}
    inside = [t.i for t in token.subtree if t.i not in removed]
    if not inside:
        return token.i, token.i
    # Keep the run around the token itself: what is removed sits at an edge.
    start = end = token.i
    members = set(inside)
    while start - 1 in members:
        start -= 1
    while end + 1 in members:
        end += 1
    return _trim(token.doc, start, end + 1)


def _fragments(token: Token, without: Token) -> list[tuple[int, int]]:
    """``token``'s subtree with ``without``'s subtree cut out: the runs on either side."""
    removed = {t.i for t in without.subtree}
    runs: list[tuple[int, int]] = []
    start = None
    for t in token.subtree:
        if t.i in removed:
            if start is not None:
                runs.append((start, t.i))
                start = None
        elif start is None:
            start = t.i
    if start is not None:
        runs.append((start, token.right_edge.i + 1))
    trimmed = [_trim(token.doc, a, b) for a, b in runs]
    return [(a, b) for a, b in trimmed if b > a]


STANCE_PREPS = frozenset({"about", "at", "for", "over", "with", "in", "on", "to", "toward", "towards", "regarding"})


def _stance_complement(verb: Token) -> list[tuple[int, int]]:
    """"expressed doubt that the dam would hold", "voiced concern about the road": what
    the stance is about, a clause or the object of its preposition; "expressed regret"
    alone attributes nothing."""
    for noun in (c for c in verb.children if c.dep_ == "dobj"):
        for child in noun.rights:
            if child.dep_ in ("acl", "ccomp") and child.pos_ in ("VERB", "AUX"):
                return [_clause(child)]
            if child.dep_ == "prep" and child.lower_ in STANCE_PREPS:
                objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                return [_clause(objects[0])] if objects else []
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


def _cut_trailing_attributions(found: list[Found]) -> None:
    """"41 percent said they would vote for her, while 22 percent said they might change
    their mind": the parser hangs the second attribution on the first one's content as an
    adverbial or coordinated clause. It is the article's own sentence going on, not part
    of what the first source said: the first content ends where it starts. A second verb
    of the same speaker ("said X and warned Y") and a participle going on after a report
    take the speaker of the outermost content they were cut from."""
    for inner in found:
        verb = inner.cue[0]
        form, kind = inner.cue.label_.split("/")
        if form != "verb" or kind not in QUOTING_KINDS:
            continue  # "she had not spoken because she did not believe ..." is what she said
        start, end = verb.left_edge.i, verb.right_edge.i + 1
        own_speaker = any(c.dep_ == "nsubj" for c in verb.children) and (
            verb.dep_ == "conj" and not any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children)  # "said X and that Y"
            or verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("while", "whereas") for c in verb.children)
        )
        # "he said he plans a visit, insisting that ...": a participle set off by a comma
        # goes on with the speaker's words, but as an attribution of its own
        participle = (
            verb.dep_ == "advcl" and verb.tag_ == "VBG" and start > 0 and verb.doc[start - 1].text == ","
            and inner.source is not None and any(c.dep_ == "ccomp" for c in verb.children)
        )  # not "..., effectively declaring itself bankrupt", which is part of the warning
        # "said it was opposed and warned ...", "refuses to pay or explain why": the
        # parser hung a second verb of the speaker's on the first verb's complement
        shares_speaker = (
            verb.dep_ == "conj" and verb.head.dep_ in ("ccomp", "xcomp")
            and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in verb.children)
        )
        # "endorses Ms. Dunne, who says she is honoured": a cue in a relative clause set off
        # by a comma is its speaker's, not part of the first content
        relative = verb.dep_ == "relcl" and start > 0 and verb.doc[start - 1].text == "," and verb.doc[start].tag_ == "WP"
        if not (own_speaker or participle or shares_speaker or relative):
            continue
        while start > 0 and verb.doc[start - 1].dep_ == "cc":
            start -= 1  # "..., and 60 percent said": the "and" goes too
        widest: tuple[int, Found] | None = None  # the outermost attribution cut
        for outer in found:
            if outer is inner or shares_speaker and not outer.cue.start <= verb.head.head.i < outer.cue.end:
                continue
            for number, (s, e) in enumerate(outer.content):
                if outer.cue.start <= verb.i < outer.cue.end:
                    continue
                if s < start < e <= end + 1:
                    outer.content[number] = _trim(verb.doc, s, start)
                elif not (s < start <= e + 2 and e <= start):
                    continue  # neither cut here nor ended by the aside already
                if widest is None or s < widest[0]:
                    widest = (s, outer)
        if widest is not None and (shares_speaker or participle and widest[1].source is not None):
            # "Reid said she believes it, saying that ...": the participle goes on with the
            # cue's speaker, however deep the parser hung it
            inner.source = widest[1].source


TRAILING_ASIDES = frozenset({"which", "when", "although", "who"})


def _without_trailing_aside(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """"she is willing to be interviewed by the FBI, which is conducting its own probe":
    the writer's aside after a comma at the end of the content is not what was said. (A
    trailing appositive is left in: news annotators mostly keep it, "born to unmarried
    mothers, a threefold increase since the 1960s".)"""
    for comma in range(start + 1, end - 1):
        if doc[comma].text not in (",", ";"):
            continue
        rest = doc[comma + 1 : end]
        roots = [t for t in rest if not comma < t.head.i < end or t.head.i == t.i]
        if len(roots) != 1 or any(t.is_quote for t in rest):
            continue
        root = roots[0]
        if doc[comma].text == ";":
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children):
                return _trim(doc, start, comma)  # "...; they only learned on Friday": a clause of the writer's
        elif root.dep_ in ("relcl", "advcl") and rest[0].lower_ in TRAILING_ASIDES:
            return _trim(doc, start, comma)
        elif root.dep_ == "advcl" and root.tag_ == "VBG" and rest[0] == root:
            return _trim(doc, start, comma)  # "..., focusing on people under 30"
    return start, end


def _with_its_quotation(doc: Doc, content: tuple[int, int], quotes: list[tuple[int, int]]) -> tuple[int, int]:
    """'called the pier a "fine structure in an age when ..."', 'has what a town needs
    most: "A place to meet ..."': a quotation the content opens, or one a colon at its end hands
    over, is the content's to its close, within the sentence."""
    start, end = content
    for q_start, q_end in quotes:
        opened = start <= q_start < end < q_end
        handed_over = q_start == end + 1 and doc[end].text == ":"
        if (opened or handed_over) and end > start and q_end <= doc[end - 1].sent.end + 1:
            return start, q_end
    return content


def _with_examples(verb: Token, content: tuple[int, int]) -> tuple[int, int]:
    """"railed against super PACs, including the one backing Bush": the examples the
    parser hung on the verb belong to what was said."""
    doc = verb.doc
    for child in verb.rights:
        if child.dep_ == "prep" and child.lower_ == "including" and 0 <= child.i - content[1] <= 1:
            return content[0], _trim(doc, child.i, child.right_edge.i + 1)[1]
    return content


def _topic(verb: Token) -> list[tuple[int, int]]:
    """"joked about the weather", "wrote to the mayor about the road": with nothing else
    said, what the speech is about."""
    for prep in verb.rights:
        if prep.dep_ == "prep" and prep.lower_ == "about":
            objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
            return [_clause(objects[0])] if objects else []
    return []


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _has_finite_verb(tokens: Iterable[Token]) -> bool:
    return any(t.tag_ in FINITE_TAGS for t in tokens)


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
            and _has_finite_verb([child, *(c for c in child.children if c.dep_ == "aux")])
            and not any(t.is_punct or t.tag_ == "WRB" and not _asks(child.head) for t in doc[child.head.i + 1 : child.i])
        )
    if child.dep_ != "xcomp" or any(t.is_punct for t in child.doc[child.head.i + 1 : child.i]):
        return False  # not '"...," he said, asked about it'
    # "said seeing so many officers was a welcome sight": a gerund subject of a clause
    return child.tag_ in FINITE_TAGS or child.tag_ == "VBG" and _has_finite_verb(child.subtree)


def _around_aside(verb: Token, subject: Token | None, addressed: frozenset[str]) -> list[tuple[int, int]]:
    """"C1, he said, C2" however the parser hung the halves: the cue's clause, set off by
    commas inside its sentence, with what was said on both sides of it ("The difference
    now, he told me, is that ...", "Though that went well, he said, the next one would
    not")."""
    doc, sentence = verb.doc, verb.sent
    if subject is None or subject.tag_ in ("WP", "WDT") or verb.dep_ in ("relcl", "acl"):
        return []  # not "Ms. Arnold, who spoke on Monday, said ..."
    if any(
        c.dep_ == "mark" or c.i > verb.i and (c.dep_ in ("ccomp", "xcomp") or c.dep_ == "dobj" and verb.lemma_ not in addressed)
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
    first, second = _trim(doc, sentence.start, start - 1), _trim(doc, end + 1, stop)
    if first[1] <= first[0] or second[1] - second[0] < 2 or any(t.is_quote for t in doc[first[0] : second[1]]):
        return []  # quotations have rules of their own
    head, tail = doc[first[0] : first[1]], doc[second[0] : second[1]]
    if verb in tail[0].ancestors and (not _has_finite_verb(tail) or any(
        m.dep_ == "mark" and m.lower_ == "that" for c in tail[0].children if c.dep_ == "ccomp" for m in c.children
    )):
        return []  # "the mayor spoke, promising to ...", "he said, adding that ...": the cue's own participle
    if subject in tail[0].ancestors:
        return []  # "..., said Karen Liu, who tracks ad spending": the speaker's relative clause
    if _starts_a_cue(doc, second[0]):
        return []  # "C, the Dispatch reported, citing filings": a cue of its own
    if head[0].tag_ == "VBN":
        return []  # "Asked if it was legal, 46 percent said, ...": who asked is not said
    subject_first = any(t.dep_ in ("nsubj", "nsubjpass") and t.head in tail for t in head) or (
        head.root.pos_ in ("NOUN", "PROPN", "PRON") and tail[0].tag_ in FINITE_TAGS
    )  # "The real problem, she told me, is that ..."
    if not (_has_finite_verb(head) or subject_first):
        return []  # "On Thursday, however, the mayor spoke ...": an adverbial, not what was said
    return [first, second]


def _starts_a_cue(doc: Doc, i: int) -> bool:
    return any(c.start == i for c in doc.spans.get(CUE_CANDIDATES, []))


def _as_aside(verb: Token) -> bool:
    """"As many experts have pointed out, C", "C, as she put it": the clause the aside
    hangs on is what was said. Not "as he spoke, ..." nor "as he said this": the verb
    has nothing of its own to say and a comma sets it off."""
    doc = verb.doc
    if verb.dep_ != "advcl" or verb.lemma_ in EVENT_VERBS or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return False
    following = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    if verb.tag_ == "VBN" and following is not None and following.lower_ == "to":
        return False  # "as opposed to", "as compared to": no report, "as reported by the Times" is one
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "auxpass") for c in verb.children if c.i > verb.i or c.dep_ == "auxpass"):
        return False
    after = verb.right_edge.i + 1
    if verb.i < verb.head.i:
        return after < len(doc) and doc[after].text == ","
    return verb.left_edge.i > 0 and doc[verb.left_edge.i - 1].text == ","


OWNERS = {"my": ("i",), "our": ("we",), "your": ("you",), "his": ("he",), "her": ("she",), "its": ("it",), "their": ("they",)}


def _may_own(subject: Token, owner: Token) -> bool:
    """Whether a possessive pronoun can refer to the subject: "Cruz ... his", "the party
    ... its", "voters ... their"; not "voters heed his call"."""
    pronouns = OWNERS.get(owner.lower_, ())
    if subject.pos_ == "PRON":
        return subject.lower_ in pronouns
    plural = subject.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subject.children)
    if owner.lower_ == "their":
        return plural or subject.ent_type_ == "ORG"
    return not plural and owner.lower_ in ("his", "her", "its")


QUESTION_VERBS = frozenset({"ask", "wonder", "explain", "decide", "disclose", "reveal", "question"})


def _asks(verb: Token) -> bool:
    """"have not said when they would vote", "asked how it would be paid for": a verb
    that can take a question, where a "when" clause is what is said, not when."""
    return verb.lemma_ in QUESTION_VERBS or any(c.dep_ == "neg" for c in verb.children)


def _opens_a_quoted_turn(cue: Span) -> bool:
    """'"WALLACE: Let's start ...': a quoted transcript gives each turn its speaker's
    label right after the paragraph's opening mark; that label is a cue of its own."""
    doc, first = cue.doc, cue.sent[0]
    opens_paragraph = first.i == 0 or _breaks_paragraph(doc[first.i - 1])
    if not (cue.kb_id_ == ":" and opens_paragraph and first.text in DOUBLE_MARKS and first.i + 1 < cue.start):
        return False
    # the turn's quotation runs to the end of the paragraph: not '"Trump: You ..." tweeted X'
    end = _paragraph_end(doc, cue.end)
    marks = [t.i for t in doc[cue.end : end] if t.text in DOUBLE_MARKS]
    return not marks or all(t.is_punct or t.is_space for t in doc[marks[-1] + 1 : end])


def _addressees(cue: Span, infinitive: Token) -> list[Token]:
    """"told his staff to leave", "called on the mayor to resign": who is to do what the
    infinitive says, an object of the verb or of the cue's last preposition before it."""
    found = []
    for child in cue[0].children:
        if cue.end - 1 <= child.i < infinitive.i:
            if child.dep_ in ("dobj", "dative"):
                found.append(child)
            elif child == cue[-1]:
                found.extend(o for o in child.children if o.dep_ == "pobj")
    return found


def _breaks_paragraph(token: Token) -> bool:
    return token.is_space and token.text.count("\n") >= 2


def _paragraph_end(doc: Doc, start: int) -> int:
    """The index of the paragraph break after ``start``, or the end of the document."""
    end = start
    while end < len(doc) and not _breaks_paragraph(doc[end]):
        end += 1
    return end


def _paragraph_handed_over(verb: Token) -> list[tuple[int, int]]:
    """'The governor added:' closing its paragraph: the next paragraph is what was said."""
    doc, sentence = verb.doc, verb.sent
    last = sentence.end - 1
    while last > verb.i and doc[last].is_space:
        last -= 1
    if doc[last].text != ":" or last + 1 >= len(doc) or not _breaks_paragraph(doc[last + 1]):
        return []
    content = _trim(doc, last + 2, _paragraph_end(doc, last + 2))
    return [content] if content[1] > content[0] else []


def _noun_phrase(token: Token) -> tuple[int, int]:
    """The source mention: the noun with its modifiers, not its relative clauses."""
    doc = token.doc
    start, end = token.left_edge.i, token.i + 1
    marks = [t.i for t in doc[start : token.i] if t.text in DOUBLE_MARKS]
    if marks:  # '"... hunky-dory," Gene Sperling': not across a quotation mark
        start = marks[-1] + 1
    for child in token.rights:
        if child.dep_ in ("relcl", "acl", "punct", "cc", "conj", "advcl") or child.is_space:
            break
        end = child.right_edge.i + 1
    start, end = _trim(doc, start, end)
    if end - start > 1 and doc[end - 1].dep_ == "case":  # "the minister's" claim
        end -= 1
    return (start, end) if end > start else (token.i, token.i + 1)


def _subject(verb: Token) -> Token | None:
    """The speaker: the verb's subject, or its agent when passive, or that of the verb it
    is coordinated with ("He smiled and said ..."). A passive with no agent ("they are
    considered", "he was told") names no speaker."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    if any(c.dep_ == "auxpass" for c in verb.children):
        return None
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        # "emails, which she said were private": the subject nearest before the verb
        return max((c for c in subjects if c.i < verb.i), key=lambda c: c.i, default=subjects[0])
    if verb.dep_ == "advcl" and verb.tag_ == "VBN":
        return None  # "Asked about the scores, she said ...": she was asked; who asked, nobody says
    if verb.dep_ == "xcomp" and verb.head.lemma_ not in INSTRUMENT_VERBS:
        controller = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
        if controller is not None and controller.ent_type_ not in AMOUNTS:
            return controller  # "pressed Mr. Hale to admit ...", "led the board to order ...": the object does it
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX") and verb.head.i != verb.i:
        shared = _subject(verb.head)
        if shared is None and verb.dep_ == "conj":
            # "Trump was forced into damage control and said ...": the passive's subject
            # is the active verb's
            shared = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
        return shared
    governor = verb.head.head
    while governor.pos_ in ("ADV", "ADJ") and governor.dep_ in ("advmod", "acomp") and governor.head.i != governor.i:
        governor = governor.head  # "stopped short of calling"
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and governor.pos_ in ("VERB", "AUX") and governor.i != verb.head.i:
        return _subject(governor)  # "He dodged questions before saying ...", "by arguing that"
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        document = verb.head
        if document.dep_ == "dobj" and document.pos_ == "NOUN" and document.head.pos_ == "VERB" and verb.i > document.i:
            # "the council issued a statement calling ...": the statement speaks for who issued it
            issuer = _subject(document.head)
            if issuer is not None and issuer.i < document.head.i:
                return issuer
        return document  # "Gary Hart, denouncing the plan, ..."
    return _adjacent_name(verb)


def _inverted_subject(verb: Token) -> Token | None:
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


def _set_off(verb: Token) -> bool:
    """"C, X said", '"C" X said': punctuation sets the cue's clause off from the content
    before it. "The council said it found no evidence" has none: "found" is what was said,
    not a cue whose content is "the council said"."""
    first = verb.left_edge  # the comma may hang on the cue itself
    mark = first if first.is_punct else verb.doc[first.i - 1] if first.i > 0 else None
    return mark is not None and mark.is_punct and mark.text != ";"  # "C; it learned of it" starts anew


def _adjacent_name(verb: Token) -> Token | None:
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


MAX_APPOSITIVE = 20  # tokens of ", the minority leader," between a name and its verb


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
            if _has_finite_verb(phrase) and opening == "," and phrase[0].tag_ not in ("WP", "WDT", "VBG", "VBN"):
                return None
            name = doc[k - 1] if k > 0 else None
            return name if name is not None and name.pos_ in ("PROPN", "NOUN", "NUM") and k - 1 > 0 else None
    return None


class Attribution:
    """Links cue candidates to sources and contents."""

    def __init__(self, nlp: Language, name: str = "claims_attribution", nested: bool = False) -> None:
        self.name = name
        self.nested = nested
        verbs = table("reporting_verbs.tsv")

        def taking(kind: str) -> frozenset[str]:
            """The verbs whose "object" column says ``kind``."""
            return frozenset(row["lemma"] for row in verbs if row.get("object") == kind)

        self.object_verbs, self.addressee_verbs = taking("yes"), taking("addressee")
        self.stance_verbs, self.study_verbs = taking("stance"), taking("study")
        self.study_nouns = frozenset(word_list("study_nouns.txt"))
        self.making_verbs = frozenset(word_list("making_verbs.txt"))
        self.source_nouns = frozenset(r["noun"] for r in table("source_nouns.tsv"))
        self.handlers: dict[str, Callable[[Span, list[tuple[int, int]]], Found | None]] = {
            "verb": self._verb,
            "prepositional": self._prepositional,
            "adverb": self._adverb,
            "impersonal": self._impersonal,
            "noun": self._noun,
            "quotation": self._label,
            SIGNATURE: self._signature,  # a quotation cue too, found by its lemma
        }

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    # -- finding ---------------------------------------------------------------------

    def find(self, doc: Doc) -> list[Found]:
        if not doc.has_annotation("DEP"):
            return []
        quotes = self._quote_tokens(doc)
        found: list[Found] = []
        used: set[tuple[int, int]] = set()
        # A quotation inside another attribution's content is not for a cue outside it
        # ('said he faces "a long sentence." His lawyers will argue ...').
        held: dict[tuple[int, int], list[tuple[int, int]]] = {q: [] for q in quotes}  # quote -> contents holding it
        inside = self._inside_quotes(doc, quotes)
        for cue in sorted(doc.spans.get(CUE_CANDIDATES, []), key=lambda s: s.start):
            if inside(cue) and not _opens_a_quoted_turn(cue):
                continue  # "I think ..." inside a quotation is part of what is quoted
            if any(item.source is not None and item.source[0] <= cue.start < item.source[1] for item in found[-2:]):
                continue  # a speaker's phrase holds no cue of its own: "according to show insiders"
            form = cue.label_.split("/")[0]
            free = [q for q in quotes if q not in used and (not held[q] or all(s <= cue.start < e for s, e in held[q]))]
            result = self.handlers.get(cue.kb_id_, self.handlers[form])(cue, free)
            if result is None or not result.content:
                continue
            used |= result.quotes
            for q in quotes:
                held[q].extend(c for c in result.content if c[0] <= q[0] and q[1] <= c[1])
            found.append(result)
        self._continue_quotes(doc, found, [q for q in quotes if q not in used])
        found = self._untangle(found)
        for item in found:
            if not item.direct and item.content:
                item.content[-1] = _with_its_quotation(doc, _without_trailing_aside(doc, *item.content[-1]), quotes)
        if not self.nested:
            _cut_trailing_attributions(found)
        return found if self.nested else self._outermost(found)

    @staticmethod
    def _inside_quotes(doc: Doc, quotes: list[tuple[int, int]]) -> Callable[[Span], bool]:
        """Whether a cue lies inside a quotation, between its marks: a lookup per token
        rather than a walk over the quotations for every cue."""
        ordered = sorted(quotes)
        if any(a[1] > b[0] for a, b in zip(ordered, ordered[1:])):
            return lambda cue: any(q[0] < cue.start and cue.end < q[1] for q in quotes)  # nested: rare
        owner = [-1] * len(doc)
        for number, (start, end) in enumerate(ordered):
            owner[start + 1 : end - 1] = [number] * max(0, end - start - 2)
        return lambda cue: owner[cue.start] != -1 and owner[cue.start] == owner[cue.end - 1]

    @staticmethod
    def _cues_inside(found: list[Found]) -> list[set[int]]:
        """For each attribution, the others whose cue starts inside its content: a sorted
        lookup rather than every pair."""
        order = sorted(range(len(found)), key=lambda number: found[number].cue.start)
        starts = [found[number].cue.start for number in order]
        inside: list[set[int]] = []
        for number, item in enumerate(found):
            held = {order[k] for s, e in item.content for k in range(bisect_left(starts, s), bisect_left(starts, e))}
            held.discard(number)
            inside.append(held)
        return inside

    @classmethod
    def _outermost(cls, found: list[Found]) -> list[Found]:
        """'X said that Y wants Z': Y's wish is part of what X said, not something the
        article reports on its own, and news annotators leave it inside X's content.
        ``nested=True`` (the component's config) keeps such embedded attributions."""
        held = set().union(*cls._cues_inside(found)) if found else set()
        return [item for number, item in enumerate(found) if number not in held]

    @classmethod
    def _untangle(cls, found: list[Found]) -> list[Found]:
        """Two attributions can each hold the other's cue in their content only when the
        parser turned a sentence inside out ("It is understood that X is considering"
        read as X considering "It is understood"): keep the stronger cue."""

        def covers(item: Found, cue: Span) -> bool:
            return any(start <= cue.start and cue.end <= end for start, end in item.content)

        def strength(item: Found) -> int:
            form, kind = item.cue.label_.split("/")
            return 2 if form in ("prepositional", "impersonal") else 1 if kind in QUOTING_KINDS else 0

        inside = cls._cues_inside(found)
        dropped = {
            a
            for a, held in enumerate(inside)
            for b in held
            if a in inside[b] and strength(found[a]) < strength(found[b])
            and covers(found[a], found[b].cue) and covers(found[b], found[a].cue)
        }
        return [item for number, item in enumerate(found) if number not in dropped]

    @staticmethod
    def _quote_tokens(doc: Doc) -> list[tuple[int, int]]:
        spans = []
        for start, end in find_quotes(text_of(doc)):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span) > 2:
                spans.append((span.start, span.end))
        return spans

    def _verb(self, cue: Span, quotes: list[tuple[int, int]]) -> Found | None:
        doc, verb = cue.doc, cue[0]
        if verb.dep_ == "amod" or (verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod")):
            return None  # "the reported deal", "a plan announced on Monday"
        subject = _subject(verb)
        inverted = _inverted_subject(verb)
        before_comma = None  # "C, said X" with C read as the subject: C is the content
        if inverted is not None and (subject is None or subject.i < verb.i):
            if subject is not None:
                before_comma = _trim(doc, verb.sent.start, verb.i - 1)
            subject = inverted
        if subject is not None and any(q[0] <= subject.i < q[1] <= verb.i for q in quotes):
            # '"... it will at some point," said James Acton': the parser took a word of the
            # quotation before the cue for its subject
            subject = _adjacent_name(verb)
        if subject is not None and not self._can_speak(subject):
            return None  # "models that support ChatGPT": things do not make claims
        if subject is None and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return None  # "it is too soon to say whether ...": nobody says anything
        source = _noun_phrase(subject) if subject is not None else None
        if source is not None and source[0] <= verb.i < source[1]:
            # the speaker's phrase stops at the verb: 'Said Ellis:', where the verb passes
            # for a compound, or a subject whose subtree the parser ran over the clause
            source = (source[0], verb.i) if subject.i < verb.i else (verb.i + 1, source[1])
        found = Found(cue=cue, content=[], source=source)
        kind = cue.label_.split("/")[1]
        clauses = [c for c in verb.children if c.dep_ == "ccomp" or len(cue) == 1 and _misread_clause(c) or c.dep_ == "xcomp" and (
            kind == "intention" or kind == "speech" and self._told_to(verb, c)
        )]
        # "C; it only learned of it on Friday": a semicolon ends what the cue after it can report
        clauses = [c for c in clauses if c.i > verb.i or not any(t.text == ";" for t in doc[c.right_edge.i : verb.i])]
        # "While he conceded X was a reason, Ham noted Y": with a clause on either side, the
        # one before the cue is the parser hanging a clause of the sentence on it
        clause = next((c for c in clauses if c.i > verb.i), clauses[0] if clauses else None) or _clause_after_adjunct(verb)
        quoting = kind in QUOTING_KINDS
        before, after = self._adjacent_quotes(cue, subject, quotes) if quoting else (None, None)
        if before and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "acl", "conj") and before[1] <= verb.i:
            before = None  # 'admires him as a "strong leader," comparing him to ...': the quotation is the main clause's
        if before and clause is not None and (
            clause.i > verb.i and doc[clause.left_edge.i - 1].text == "," and not (after and after[0] <= clause.left_edge.i < after[1])
            or clause.i < verb.i and before[0] > 0 and doc[before[0] - 1].text == ":"
        ):
            # '"...," Reid told Lee, after he admitted ...': the parser hung the sentence's
            # going on on the cue as its clause; 'Reid scolded him: "...," she said': it
            # made the colon's clause the cue's. The quotation is what was said.
            clause = None
        quote = None  # the quotation holding the clause
        if quoting and not (before or after) and (clause is None or clause.i < verb.i):
            around = _around_aside(verb, subject, self.addressee_verbs)
            if around:
                found.content = around
                return found
        if clause is not None:
            content = _clause(clause)
            if clause.dep_ == "xcomp":
                # "wants to triple X, grow Y and create Z": bare verbs the parser hung on the cue
                tail = [c for c in verb.rights if c.dep_ in ("conj", "dep") and c.tag_ == "VB" and c.i > clause.i]
                if tail and content[1] >= tail[0].left_edge.i - 2:
                    content = (content[0], _trim(doc, content[0], tail[-1].right_edge.i + 1)[1])
            if clause.dep_ == "xcomp" and kind == "speech":
                addressees = _addressees(cue, clause)
                if addressees:
                    content = _trim(doc, min(a.left_edge.i for a in addressees), content[1])
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
            return found
        if kind != "intention" and _as_aside(verb):  # not "as she hopped on her board"
            found.content = _fragments(verb.head, without=verb)
        elif len(cue) > 1 and cue[-1].dep_ == "prep":  # "call for an inquiry", "talk about how ..."
            objects = [c for c in cue[-1].children if c.dep_ in ("pobj", "pcomp")]
            found.content = [_with_examples(verb, _clause(o)) for o in objects[:1]]
        elif verb.lemma_ in self.object_verbs and (kind != "report" or subject is None or self._reports(subject)):
            found.content = self._complements(verb)
        elif verb.lemma_ in self.study_verbs and subject is not None and subject.lemma_.lower() in self.study_nouns:
            # "The poll found Castellanos, a former treasurer, with 46% support ...": all
            # that follows the object is the finding
            objects = [c for c in verb.rights if c.dep_ == "dobj"]
            found.content = [_trim(doc, objects[0].left_edge.i, verb.right_edge.i + 1)] if objects else []
        elif verb.lemma_ in self.stance_verbs:
            found.content = _stance_complement(verb)
        elif subject is not None and subject.head.i != verb.head.i and _set_off(verb) and (
            verb.dep_ == "parataxis" or verb.dep_ in ("advcl", "ccomp") and verb.head.i < verb.i
        ) and not any(c.dep_ == "mark" for c in verb.children):  # not "C, while 70 percent said the same of the bridge"
            # "C, X said" and "C1, X said, C2": the parser hung the cue on the content. Not
            # "X gave no details, saying ...": a participle sharing its head's subject does
            # not report its own head clause.
            found.content = _fragments(verb.head, without=verb)
        elif before_comma is not None:
            found.content = [before_comma]
        elif kind in ("speech", "writing"):
            found.content = _topic(verb) or _paragraph_handed_over(verb) or self._clause_before(verb, subject)
        return found if found.content and found.content[0][1] > found.content[0][0] else None

    def _clause_before(self, verb: Token, subject: Token | None) -> list[tuple[int, int]]:
        """"C, police said." and "C, Carter told a Senate panel on Monday." however the
        parser hung C: the cue's clause ends the sentence, a comma sets it off, nothing
        of what was said follows, and C has a finite verb of its own (not "Asked about
        it, she said")."""
        if subject is None or subject.i > verb.i or verb.dep_ == "relcl" or subject.tag_ in ("WP", "WDT"):
            return []  # not "..., the host Charlie Sykes, who lamented ..."
        doc, sentence = verb.doc, verb.sent
        start = min(subject.left_edge.i, verb.i)
        if start <= sentence.start or doc[start - 1].text != ",":
            return []
        if any(c.dep_ not in ("punct", "npadvmod", "advmod", "prep") and not (
            c.dep_ in ("dobj", "dative") and verb.lemma_ in self.addressee_verbs
        ) for c in verb.rights):
            return []
        before = _trim(doc, sentence.start, start - 1)
        if not _has_finite_verb(doc[before[0] : before[1]]):
            return []
        opening = next((t for t in doc[before[0] : before[1]] if t.dep_ != "cc"), None)
        if opening is not None and (opening.dep_ == "mark" or opening.tag_ == "WRB"):
            return []  # "But when Congress cut the funding, Mexico said enough": a time, not what was said
        return [before] if before[1] > before[0] else []

    @staticmethod
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

    def _can_speak(self, subject: Token) -> bool:
        """Generic "you" and "one" speak for nobody; a relative "that"/"which" speaks only
        for a named entity or a source noun."""
        if subject.lower_ in GENERIC_SUBJECTS and not any(subject.children):
            return False  # but "one in four (voters)" speaks
        if subject.lower_ not in ("that", "which") or subject.head.dep_ != "relcl":
            return True
        antecedent = subject.head.head
        return antecedent.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or antecedent.lemma_.lower() in self.source_nouns

    def _reports(self, subject: Token) -> bool:
        """"The survey showed a rise", "the council reported a surplus"; not "the model
        shows strong performance": what the object of a verb of reporting holds is a
        report only from someone, or from a poll, a study or a filing."""
        return (
            subject.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
            or subject.pos_ in ("PRON", "PROPN")
            or subject.lemma_.lower() in self.source_nouns
            or subject.lemma_.lower() in self.study_nouns  # "polling averages show", "video shows"
        )

    @staticmethod
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
            if any(c.dep_ == "agent" for c in verb.children):
                subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
                if subject is not None and subject.lower_ not in OBJECT_PRONOUNS:
                    return [_trim(verb.doc, subject.left_edge.i, subject.right_edge.i + 1)]
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
        return [_with_examples(verb, _trim(verb.doc, first.left_edge.i, last.right_edge.i + 1))]

    def _adjacent_quotes(
        self, cue: Span, subject: Token | None, quotes: list[tuple[int, int]]
    ) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        """The quotation that ends right before the cue clause and the one that starts
        right after it; both for a quotation split by its cue."""
        doc = cue.doc
        core = {cue.start, cue.end - 1}
        if subject is not None:
            # not the quotation's closing marks, nor words of the quotation, which the
            # parser may hang on the subject
            low, high = subject.left_edge.i, subject.right_edge.i + 1
            quoted = {i for q in quotes if q[0] < high and q[1] > low for i in range(max(q[0], low), min(q[1], high))}
            core |= {t.i for t in subject.subtree if not t.is_punct and t.i not in quoted}
        first, last = min(core), max(core)

        def gap_ok(start: int, end: int) -> bool:
            """Nothing between quotation and cue that would end their clause. A paragraph
            break ends it too ('"... faster."' then a paragraph 'The museum, Bush said, ...'),
            unless a colon hands over to the next paragraph ('He said:' then '"..."')."""
            if not 0 <= end - start <= MAX_GAP:
                return False
            gap = doc[start:end]
            handed_over = start > first and any(t.text == ":" for t in gap)
            return not any(
                t.pos_ == "VERB" and t.i not in core or t.is_quote or t.text in ".!?"
                or _breaks_paragraph(t) and not handed_over
                for t in gap
            )

        def closes_clause(q: tuple[int, int]) -> bool:
            """'"We won," he said' or '"We won" , he said', not '"red alert" was issued'."""
            inner = doc[q[0] : q[1]].text.rstrip(MARKS_AND_SPACE)
            return inner[-1:] in ",.!?…—-" or (q[1] < first and doc[q[1]].text in ",—–-:")

        before = next(
            (q for q in reversed(quotes) if q[1] <= first and gap_ok(q[1], first) and closes_clause(q)), None
        )
        def introduces(start: int, end: int) -> bool:
            """'said: "..."', 'told reporters, "..."', not 'described the plan as "..."',
            whose quotation only finishes a complement."""
            completing = ("mark", "nsubj", "nsubjpass", "oprd", *(("dobj",) if cue.kb_id_ in self.object_verbs else ()))
            return not any(t.dep_ in completing for t in doc[start:end])

        after = next(
            (q for q in quotes if q[0] > last and gap_ok(last + 1, q[0]) and introduces(last + 1, q[0])), None
        )
        if before and after:
            closing = doc[before[0] : before[1]].text.rstrip(MARKS_AND_SPACE)
            if closing.endswith(","):
                pass  # '"...," he said, "..."': one quotation split by its cue
            elif doc[first].is_sent_start:
                before = None  # '"..." He added: "..."': the cue opens the next sentence
            else:
                after = None  # '"...!" he said, to cheers. "..."'
        if before and self._ends_sentence(doc, before, first) and self._says_something_else(cue[0]):
            before = None
        return before, after

    @staticmethod
    def _ends_sentence(doc: Doc, quote: tuple[int, int], first: int) -> bool:
        """'"We won." He said more.': the quotation closed a sentence of its own."""
        between = doc[quote[1] : first]
        return not any(t.text == "," for t in between) and doc[quote[0] : quote[1]].text.rstrip(MARKS_AND_SPACE)[-1:] in ".!?"

    def _says_something_else(self, verb: Token) -> bool:
        """'"We won." He said the team played well': after a quotation that closed its
        sentence, a cue with a clause or an object of its own ('published an editorial';
        not an addressee, 'told the crowd') is another attribution; '"Can we win?" Hale
        asked.' has nothing else and is the quotation's."""
        return any(
            c.dep_ in ("ccomp", "xcomp") or c.dep_ == "dobj" and verb.lemma_ not in self.addressee_verbs
            for c in verb.children
        )

    def _prepositional(self, cue: Span, quotes: list[tuple[int, int]]) -> Found | None:
        """"According to X, C", "C, according to X", "C1, according to X, C2": the
        content is the clause around the cue phrase, cut out linearly because the parser
        often hangs the content's subject on the source as an apposition."""
        doc = cue.doc
        # "according to show insiders": a noun read as a verb is the source all the same
        objects = [t for t in (*cue[-1].children, *cue[0].children) if t.dep_ in ("pobj", "dobj", "pcomp")]
        if objects:
            source = _noun_phrase(objects[0])
        elif cue[0].lower_ == "per" and cue.end < len(doc):  # "per" is often mis-tagged
            source = _noun_phrase(doc[cue.end])
        else:
            return None
        if source[0] < cue.end - 1:
            source = (cue.end, max(source[1], cue.end + 1))
        anchor = cue[0]
        head = anchor.head if anchor.head.i != anchor.i else anchor.sent.root
        if cue.start <= head.i < source[1]:
            head = anchor.sent.root
        if cue.start <= head.i < source[1]:
            # "According to X, the pier reeks of ...", with the clause read as part of the
            # source phrase: what follows the comma, to the end of the sentence
            sentence = anchor.sent
            rest = _trim(doc, source[1] + 1, sentence.end)
            if cue.start == sentence.start and source[1] < sentence.end and doc[source[1]].text == "," and any(
                t.pos_ in ("VERB", "AUX", "NOUN", "PROPN") for t in doc[rest[0] : rest[1]]
            ):  # not "According to MSNBC, basically."
                return Found(cue=cue, content=[rest], source=source)
            return None
        left, right = head.left_edge.i, head.right_edge.i + 1
        left, right = min(left, anchor.sent.start if head.dep_ == "ROOT" else left), max(right, source[1])
        fragments = [_trim(doc, left, cue.start), _trim(doc, source[1], right)]
        content = [f for f in fragments if f[1] > f[0]]
        clause = next((c for c in head.children if c.dep_ == "ccomp" and c.i > source[1]), None)
        citing = len(cue) == 1 and anchor.pos_ == "VERB"  # "citing", "quoting"
        reporter = _subject(head) if citing else None
        if citing and head.dep_ == "ccomp" and head.head.i < head.i < anchor.i:
            # "reported that X had asked ..., citing officials": the parser hung the phrase
            # on the clause reported
            content = [_clause(head, without=[anchor])]
        elif reporter is not None and clause is not None:
            # "The Journal, citing documents, reported that C": what the report says is C
            content = [_clause(clause)]
        elif reporter is not None and left < reporter.left_edge.i < head.i < cue.start:
            # "C, the Times reported, citing officials": C without the reporter
            content = [_trim(doc, left, reporter.left_edge.i)]
        if not content:
            return None
        found = Found(cue=cue, content=content, source=source)
        for q in quotes:
            if content[0][0] >= q[0] - 1 and content[-1][1] <= q[1] + 1:
                found.content, found.direct, found.quotes = [q], True, {q}
        return found

    def _label(self, cue: Span, quotes: list[tuple[int, int]]) -> Found | None:
        """"Price: Tax cuts will pay for themselves": the label speaks, the rest of the
        sentence is what it said (the cues stage checked the shape)."""
        doc, colon = cue.doc, cue[0]
        sentence = colon.sent
        source = _trim(doc, sentence.start, colon.i)
        if _opens_a_quoted_turn(cue):  # the turn runs to the end of its paragraph
            content = _trim(doc, colon.i + 1, _paragraph_end(doc, colon.i + 1))
            return Found(cue=cue, content=[content], source=source, direct=True) if content[1] > content[0] else None
        content = _trim(doc, colon.i + 1, sentence.end)
        if source[1] <= source[0] or content[1] <= content[0]:
            return None
        quote = next((q for q in quotes if q[0] <= content[0] and content[1] <= q[1]), None)
        if quote is not None:
            return Found(cue=cue, content=[quote], source=source, direct=True, quotes={quote})
        return Found(cue=cue, content=[content], source=source)

    def _adverb(self, cue: Span, quotes: list[tuple[int, int]]) -> Found | None:
        head = cue[0].head
        if head.i == cue[0].i:
            return None
        content = _clause(head, without=[c for c in head.children if c.dep_ in ("mark",)])
        return Found(cue=cue, content=[content]) if content[1] > content[0] else None

    def _impersonal(self, cue: Span, quotes: list[tuple[int, int]]) -> Found | None:
        verb = next((t for t in reversed(cue) if t.tag_ == "VBN"), cue.root)
        clause = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "oprd", "acomp", "attr")), None)
        subject = next((c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj") and c.lower_ != "it"), None)
        as_object = None
        if cue[-1].lower_ == "as":
            as_object = next((c for c in cue[-1].children if c.dep_ == "pobj"), None)
        content = []
        if subject is not None:
            content.append(_noun_phrase(subject))
        if clause is not None:
            content.append(_clause(clause))
        elif as_object is not None:
            content.append(_clause(as_object))
        content = [c for c in content if c[1] > c[0]]
        return Found(cue=cue, content=content) if content else None

    @staticmethod
    def _signature(cue: Span, quotes: list[tuple[int, int]]) -> Found | None:
        """'"..." ― Ann Lee': the quotation just before the dash, or its line when the
        marks do not pair (a closing mark set for the opening one)."""
        doc = cue.doc
        source = signed_name(doc, cue.end)
        if source is None:
            return None
        before = cue.start
        while before > 0 and doc[before - 1].is_space:
            before -= 1
        quote = next((q for q in quotes if before <= q[1] <= cue.end), None)
        if quote is not None:
            return Found(cue=cue, content=[quote], source=source, direct=True, quotes={quote})
        line = before
        while line > 0 and not (doc[line - 1].is_space and "\n" in doc[line - 1].text):
            line -= 1
        content = _trim(doc, line, before)
        return Found(cue=cue, content=[content], source=source) if content[1] > content[0] else None

    def _noun(self, cue: Span, quotes: list[tuple[int, int]]) -> Found | None:
        noun = cue[0]

        def opens_clause(child: Token) -> bool:
            """'claim that ...' (a that-clause), 'call to ban ...' (an infinitive)."""
            return any((m.dep_ == "mark" and m.lower_ == "that") or (m.dep_ == "aux" and m.lower_ == "to")
                       for m in child.children)

        clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") and opens_clause(c)), None)
        content_prep = None
        if clause is None:
            # "her criticism of the plan": the object of the noun's preposition.
            after = cue.doc[cue.end] if cue.end < len(cue.doc) else None
            if after is None or after.head.i != noun.i or after.dep_ != "prep" or after.lower_ in ("that", "to"):
                return None
            clause = next((c for c in after.children if c.dep_ == "pobj"), None)
            if clause is None:
                return None
            content_prep = after
        source = next((c for c in noun.children if c.dep_ == "poss"), None)
        if source is None:
            for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of") and c != content_prep):
                source = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if source is not None:
                    break
        if source is None and content_prep is None and noun.tag_ == "NNS" and noun.dep_ in ("dobj", "appos", "npadvmod"):
            # "Trump claims that ...": the tagger read the verb as a plural noun, the object
            # of the name before it
            head = noun.head
            if head.i == noun.i - 1 and head.dep_ == "ROOT" and head.pos_ in ("NOUN", "PROPN"):
                return Found(cue=cue, content=[_clause(clause)], source=(head.left_edge.i, head.i + 1))
        maker = noun.head
        if source is None and noun.dep_ == "dobj" and maker.lemma_ in self.making_verbs and not (
            _starts_a_cue(cue.doc, maker.i) or any(c.dep_ == "neg" for c in maker.children)  # "did not unveil plans"
        ):
            # "the board unveiled a proposal for ...", "ministers weigh plans for ...": who makes
            # the proposal is the subject of the verb it is the object of
            subject = _subject(maker)
            if subject is not None and subject.i < maker.i and self._can_speak(subject):
                return Found(cue=cue, content=[_clause(clause)], source=_noun_phrase(subject))
        if source is None and noun.tag_ == "NNS" and clause.dep_ == "ccomp":
            # "But Hale claims that ...": a verb the tagger read as a plural noun
            source = next((c for c in noun.children if c.dep_ == "nsubj"), None)
        if source is None:
            return None
        if source.lower_ in NAMELESS_POSSESSORS or source.pos_ == "DET":
            return None  # "its support for" is fine; "this call for" names nobody
        return self._owned_by_subject(cue, source) or Found(cue=cue, content=[_clause(clause)], source=_noun_phrase(source))

    def _owned_by_subject(self, cue: Span, owner: Token) -> Found | None:
        """"Cruz talked up his plans to deport ...": a stance the subject holds ("his"),
        the object of a verb that is no cue of its own, is attributed by that verb, as
        news annotators read it: Cruz, "talked up", "his plans to deport ...". """
        doc, noun = cue.doc, cue[0]
        verb = noun.head
        if owner.tag_ != "PRP$" or noun.dep_ != "dobj" or verb.pos_ != "VERB":
            return None
        if _starts_a_cue(doc, verb.i):
            return None  # "cited his support for ...": the verb's own attribution holds it
        subject = _subject(verb)
        if subject is None or subject.i > verb.i or not _may_own(subject, owner) or not self._can_speak(subject):
            return None
        end = verb.i + 1
        while end < noun.left_edge.i and doc[end].dep_ == "prt":
            end += 1
        phrase = Span(doc, verb.i, end, label=f"verb/{cue.label_.split('/')[1]}", kb_id=verb.lemma_)
        return Found(cue=phrase, content=[_trim(doc, noun.left_edge.i, noun.right_edge.i + 1)], source=_noun_phrase(subject))

    @staticmethod
    def _continue_quotes(doc: Doc, found: list[Found], free: list[tuple[int, int]]) -> None:
        """'"We won," he said on Monday, smiling. "It was hard."': quotations that follow
        a quoted attribution with no cue of their own go on with the same speaker, as
        newspapers write them, when only the rest of the cue's sentence (no other
        quotation) or paragraph breaks stand between."""
        free = sorted(free)
        # a signature ends its quotation
        for item in sorted((f for f in found if f.direct and f.cue.kb_id_ != SIGNATURE), key=lambda f: f.content[-1][1]):
            end = max(item.content[-1][1], item.cue.end, item.source[1] if item.source else 0)
            for q in list(free):
                if q[0] < end:
                    continue
                gap: list[Token] = []
                for token in doc[end : q[0]]:  # up to one token too many: enough to refuse
                    if not token.is_space:
                        gap.append(token)
                        if len(gap) > MAX_SENTENCE_REST:
                            break
                if len(gap) > MAX_SENTENCE_REST or any(t.is_quote for t in gap):
                    break
                if not gap or gap[-1].text in ".!?" or end == item.content[-1][1] and len(gap) <= 1:
                    item.content.append(q)
                    item.quotes.add(q)
                    free.remove(q)
                    end = q[1]
                else:
                    break

    # -- writing ---------------------------------------------------------------------

    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        cues, sources, contents = [], [], []
        for number, item in enumerate(found, start=1):
            key = f"a{number}"
            cue = item.cue
            cues.append(Span(doc, cue.start, cue.end, label=cue.label_, kb_id=cue.kb_id_, span_id=key))
            if item.source is not None:
                sources.append(Span(doc, *item.source, label="unknown", span_id=key))
            label = "direct" if item.direct else "indirect"
            for start, end in sorted(set(item.content)):
                contents.append(Span(doc, start, end, label=label, span_id=key))
        doc.spans[CUES] = cues
        doc.spans[SOURCES] = sources
        doc.spans[CONTENTS] = contents


@Language.factory(
    "claims_attribution", assigns=["doc.spans"], requires=["token.dep"], default_config={"nested": False}
)
def make_attribution(nlp: Language, name: str, nested: bool) -> Attribution:
    return Attribution(nlp, name, nested=nested)
