"""Colon labels and transcripts: "Price: Tax cuts will pay for themselves" (a headline
or a speaker's line), and the turns of a quoted transcript ('"WALLACE: Let's start
...'), each its label's to the end of its paragraph."""

from __future__ import annotations

from spacy.tokens import Span

from pipeline.stages.attribution.shared import DOUBLE_MARKS, Found, breaks_paragraph, paragraph_end, trim


def link_label(cue: Span, quotes: list[tuple[int, int]]) -> Found | None:
    """"Price: Tax cuts will pay for themselves": the label speaks, the rest of the
    sentence is what it said (the cues stage checked the shape)."""
    doc, colon = cue.doc, cue[0]
    sentence = colon.sent
    source = trim(doc, sentence.start, colon.i)
    if opens_a_quoted_turn(cue):  # the turn runs to the end of its paragraph
        content = trim(doc, colon.i + 1, paragraph_end(doc, colon.i + 1))
        return Found(cue=cue, content=[content], source=source, direct=True) if content[1] > content[0] else None
    content = trim(doc, colon.i + 1, sentence.end)
    if source[1] <= source[0] or content[1] <= content[0]:
        return None
    quote = next((q for q in quotes if q[0] <= content[0] and content[1] <= q[1]), None)
    if quote is not None:
        return Found(cue=cue, content=[quote], source=source, direct=True, quotes={quote})
    return Found(cue=cue, content=[content], source=source)


def opens_a_quoted_turn(cue: Span) -> bool:
    """'"WALLACE: Let's start ...': a quoted transcript gives each turn its speaker's
    label right after the paragraph's opening mark; that label is a cue of its own."""
    doc, first = cue.doc, cue.sent[0]
    opens_paragraph = first.i == 0 or breaks_paragraph(doc[first.i - 1])
    if not (cue.kb_id_ == ":" and opens_paragraph and first.text in DOUBLE_MARKS and first.i + 1 < cue.start):
        return False
    # the turn's quotation runs to the end of the paragraph: not '"Trump: You ..." tweeted X'
    end = paragraph_end(doc, cue.end)
    marks = [t.i for t in doc[cue.end : end] if t.text in DOUBLE_MARKS]
    return not marks or all(t.is_punct or t.is_space for t in doc[marks[-1] + 1 : end])
