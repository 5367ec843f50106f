"""The clean-up passes, once every cue is linked: untangle two attributions that hold
each other's cue, end a content before the writer's aside, carry it to the end of a
quotation it opens, cut the attributions the parser hung on another's content, and keep
the outermost."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span

from pipeline.resources import word_list
from pipeline.stages.attribution.shared import QUOTING_KINDS, Found, breaks_paragraph, trim

TRAILING_ASIDES = frozenset(word_list("trailing_asides.txt"))
CONTRASTS = frozenset(word_list("contrast_conjunctions.txt"))


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


def untangle(found: list[Found]) -> list[Found]:
    """Two attributions can each hold the other's cue in their content only when the
    parser turned a sentence inside out ("It is understood that X is considering"
    read as X considering "It is understood"): keep the stronger cue."""

    def covers(item: Found, cue: Span) -> bool:
        return any(start <= cue.start and cue.end <= end for start, end in item.content)

    def strength(item: Found) -> int:
        form, kind = item.cue.label_.split("/")
        return 2 if form in ("prepositional", "impersonal") else 1 if kind in QUOTING_KINDS else 0

    inside = _cues_inside(found)
    dropped = {
        a
        for a, held in enumerate(inside)
        for b in held
        if a in inside[b] and strength(found[a]) < strength(found[b])
        and covers(found[a], found[b].cue) and covers(found[b], found[a].cue)
    }
    return [item for number, item in enumerate(found) if number not in dropped]


def without_trailing_aside(doc: Doc, start: int, end: int) -> tuple[int, int]:
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
                return trim(doc, start, comma)  # "...; they only learned on Friday": a clause of the writer's
        elif root.dep_ in ("relcl", "advcl") and rest[0].lower_ in TRAILING_ASIDES:
            return trim(doc, start, comma)
        elif root.dep_ == "advcl" and root.tag_ == "VBG" and rest[0] == root:
            return trim(doc, start, comma)  # "..., focusing on people under 30"
    return start, end


def with_its_quotation(doc: Doc, content: tuple[int, int], quotes: list[tuple[int, int]]) -> tuple[int, int]:
    """'called the pier a "fine structure in an age when ..."', 'has what a town needs
    most: "A place to meet ..."': a quotation the content opens is the content's to its
    close, within the paragraph (the quoted words may run on over a sentence: 'saying he
    is "weak on the harbour. Weak on the pier."'); one a colon at its end hands over, within
    the sentence."""
    start, end = content
    for q_start, q_end in quotes:
        opened = start <= q_start < end < q_end
        handed_over = q_start == end + 1 and doc[end].text == ":"
        if (opened or handed_over) and end > start and (
            q_end <= doc[end - 1].sent.end + 1 or opened and not any(breaks_paragraph(t) for t in doc[end:q_end])
        ):
            return start, q_end
    return content


def cut_trailing_attributions(found: list[Found]) -> None:
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
            or verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONTRASTS for c in verb.children)
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
                    outer.content[number] = trim(verb.doc, s, start)
                elif not (s < start <= e + 2 and e <= start):
                    continue  # neither cut here nor ended by the aside already
                if widest is None or s < widest[0]:
                    widest = (s, outer)
        if widest is not None and (shares_speaker or participle and widest[1].source is not None):
            # "Reid said she believes it, saying that ...": the participle goes on with the
            # cue's speaker, however deep the parser hung it
            inner.source = widest[1].source


def outermost(found: list[Found]) -> list[Found]:
    """'X said that Y wants Z': Y's wish is part of what X said, not something the
    article reports on its own, and news annotators leave it inside X's content.
    ``nested=True`` (the component's config) keeps such embedded attributions."""
    held = set().union(*_cues_inside(found)) if found else set()
    return [item for number, item in enumerate(found) if number not in held]
