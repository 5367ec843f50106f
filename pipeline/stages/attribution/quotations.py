"""Quotations and their speakers: the document's quotations, the one beside a cue of
saying ('"...," she said', 'she said: "..."', split by its cue), a quotation signed with
a dash, and the quotations that go on with the last speaker when no cue of their own
stands between."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from pipeline.doc_keys import text_of
from pipeline.quotes import find_quotes
from pipeline.stages.attribution.shared import (
    ADDRESSEE_VERBS, MARKS_AND_SPACE, MAX_GAP, OBJECT_VERBS, Found, breaks_paragraph, has_finite_verb, trim,
)
from pipeline.stages.cues import SIGNATURE, signed_name

Range = tuple[int, int]
MAX_SENTENCE_REST = 30  # tokens of the cue's sentence after it: "..., invoking the 2008 race."


def quote_tokens(doc: Doc) -> list[tuple[int, int]]:
    spans = []
    for start, end in find_quotes(text_of(doc)):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span) > 2:
            spans.append((span.start, span.end))
    return spans


def inside_quotes(doc: Doc, quotes: list[tuple[int, int]]) -> Callable[[Span], bool]:
    """Whether a cue lies inside a quotation, between its marks: a lookup per token
    rather than a walk over the quotations for every cue."""
    ordered = sorted(quotes)
    if any(a[1] > b[0] for a, b in zip(ordered, ordered[1:])):
        return lambda cue: any(q[0] < cue.start and cue.end < q[1] for q in quotes)  # nested: rare
    owner = [-1] * len(doc)
    for number, (start, end) in enumerate(ordered):
        owner[start + 1 : end - 1] = [number] * max(0, end - start - 2)
    return lambda cue: owner[cue.start] != -1 and owner[cue.start] == owner[cue.end - 1]


def adjacent_quotes(
    cue: Span, subject: Token | None, quotes: list[tuple[int, int]],
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
            or breaks_paragraph(t) and not handed_over
            # '"right to be angry," but also hungry for what she calls': the quotation's
            # clause goes on, and the cue is in a clause of its own
            or end <= first and (t.tag_ in ("WP", "WDT") and t.i not in core or t.dep_ == "cc" and t.lower_ != "and")
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
        completing = ("mark", "nsubj", "nsubjpass", "oprd", *(("dobj",) if cue.kb_id_ in OBJECT_VERBS else ()))
        return not any(t.dep_ in completing for t in doc[start:end])

    def modifies_what_follows(q: Range) -> bool:
        """'portrayed "illegal" immigrants as ...': quoted words hung on a word after the
        quotation are part of a phrase, not a quotation the cue introduces."""
        return any(not t.is_punct and t.head.i >= q[1] and t.head.sent == t.sent for t in doc[q[0] : q[1]])

    after = next(
        (q for q in quotes if q[0] > last and gap_ok(last + 1, q[0]) and introduces(last + 1, q[0])
         and not modifies_what_follows(q)), None
    )
    if before and after:
        closing = doc[before[0] : before[1]].text.rstrip(MARKS_AND_SPACE)
        if closing.endswith(","):
            pass  # '"...," he said, "..."': one quotation split by its cue
        elif doc[first].sent.start >= before[1]:
            before = None  # '"..." He added: "..."', '"..." And then he said, "..."': the cue is in the next sentence
        else:
            after = None  # '"...!" he said, to cheers. "..."'
    if before and _ends_sentence(doc, before, first) and _says_something_else(cue[0]):
        before = None
    return before, after


def unquoted_lead(
    cue: Span, subject: Token | None, before: Range | None, after: Range | None,
) -> list[Range] | None:
    """'The pier, she said, is "falling apart"', 'The pier "is falling apart," she said':
    the quotation finishes a sentence its speaker's words begin outside the marks, and
    what was said runs from where the sentence starts. None when the quotation stands
    on its own ('"It is falling apart," she said', 'In May, "it fell," she said')."""
    doc = cue.doc
    if before is not None:
        start = doc[before[0]].sent.start
        if start < before[0] and start == cue.sent.start and not doc[before[0] - 1].is_punct:
            lead = trim(doc, start, before[0])
            if _begins_what_is_quoted(doc[lead[0] : lead[1]], adjunct_clause=True):
                return [(lead[0], before[1]), *([after] if after else [])]
        return None
    if after is None or subject is None or subject.i > cue.start:
        return None
    first, sentence = subject.left_edge.i, cue.sent
    if first <= sentence.start or doc[first - 1].text != ",":
        return None
    comma = next((t.i for t in doc[cue.end : after[0]] if t.text == ","), None)
    if comma is None:
        return None  # 'In May, she said: "..."': the colon hands over what follows alone
    if any(t not in subject.subtree for t in doc[first : cue.start]):
        return None  # 'Later, Lee thanked them, telling the crowd, "..."': no aside of its own
    lead = trim(doc, sentence.start, first - 1)
    if not _begins_what_is_quoted(doc[lead[0] : lead[1]], adjunct_clause=False):
        return None
    return [lead, (trim(doc, comma + 1, after[1], keep_quotes=True)[0], after[1])]


def _begins_what_is_quoted(lead: Span, adjunct_clause: bool) -> bool:
    """Words that the quotation after them goes on from: a subject ("The pier, she said,
    is ..."), or before a quotation closed ahead of the cue, the start of its clause ("At
    the port, ferries are "..."); not an opening adjunct ("In May", "Asked about it",
    "But"), which frames the quotation rather than begins it."""
    words = [t for t in lead if t.dep_ != "cc" and not t.is_punct]
    if not words or any(t.is_quote for t in lead):
        return False
    if words[0].tag_ in ("IN", "WRB", "VBG", "VBN", "TO", "RB", "UH"):
        return adjunct_clause and has_finite_verb(lead)
    if adjunct_clause:
        return any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in words)
    return lead.root.pos_ in ("NOUN", "PROPN", "PRON")  # a subject, before the speaker's aside


def _ends_sentence(doc: Doc, quote: tuple[int, int], first: int) -> bool:
    """'"We won." He said more.': the quotation closed a sentence of its own."""
    between = doc[quote[1] : first]
    return not any(t.text == "," for t in between) and doc[quote[0] : quote[1]].text.rstrip(MARKS_AND_SPACE)[-1:] in ".!?"


def _says_something_else(verb: Token) -> bool:
    """'"We won." He said the team played well': after a quotation that closed its
    sentence, a cue with a clause or an object of its own ('published an editorial';
    not an addressee, 'told the crowd') is another attribution; '"Can we win?" Hale
    asked.' has nothing else and is the quotation's."""
    return any(
        c.dep_ in ("ccomp", "xcomp") or c.dep_ == "dobj" and verb.lemma_ not in ADDRESSEE_VERBS
        for c in verb.children
    )


def link_signature(cue: Span, quotes: list[tuple[int, int]]) -> Found | None:
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
    content = trim(doc, line, before)
    return Found(cue=cue, content=[content], source=source) if content[1] > content[0] else None


def _a_title(doc: Doc, quote: tuple[int, int]) -> bool:
    """A few quoted words with no sentence of their own, inside a sentence: a name or a
    title ("Eye of the Tiger"), not words someone said."""
    words = [t for t in doc[quote[0] : quote[1]] if not (t.is_quote or t.is_space)]
    return 0 < len(words) <= 6 and not any(t.text in ".!?" for t in words) and not words[-1].is_punct


def continue_quotes(doc: Doc, found: list[Found], free: list[tuple[int, int]]) -> None:
    """'"We won," he said on Monday, smiling. "It was hard."': quotations that follow
    a quoted attribution with no cue of their own go on with the same speaker, as
    newspapers write them, when only the rest of the cue's sentence (no other
    quotation but a quoted title) or paragraph breaks stand between."""
    free = sorted(free)
    # a signature ends its quotation
    for item in sorted((f for f in found if (f.direct or f.quotes) and f.cue.kb_id_ != SIGNATURE), key=lambda f: f.content[-1][1]):
        end = max(item.content[-1][1], item.cue.end, item.source[1] if item.source else 0)
        titles: list[tuple[int, int]] = []  # short quoted names in the rest of the cue's sentence
        for q in list(free):
            if q[0] < end:
                continue
            gap: list[Token] = []
            for token in doc[end : q[0]]:  # up to one token too many: enough to refuse
                if not token.is_space:
                    gap.append(token)
                    if len(gap) > MAX_SENTENCE_REST:
                        break
            if len(gap) > MAX_SENTENCE_REST or any(t.is_quote and not any(a <= t.i < b for a, b in titles) for t in gap):
                break
            if gap and gap[-1].text not in ".!?" and _a_title(doc, q):
                titles.append(q)  # 'after she took the stage to "Eye of the Tiger"': not what was said
                continue
            if not gap or gap[-1].text in ".!?" or end == item.content[-1][1] and len(gap) <= 1:
                item.content.append(q)
                item.quotes.add(q)
                free.remove(q)
                end = q[1]
            else:
                break
