"""Names of the span groups our stages write on a ``Doc``: one place, so stages and
export can never disagree.

Attributions live in plain span groups, so a ``Doc`` keeps them through ``to_bytes``,
``DocBin`` and ``nlp.pipe(n_process=...)``. Spans of one attribution share ``span.id_``
(the claim key); a cue's ``label_`` is ``"form/kind"`` and its ``kb_id_`` the lexicon lemma.
"""

from spacy.tokens import Doc

BLOCKS = "claims_blocks"  # label: heading | byline | dateline | credit | bullet | paragraph
NON_CLAIM_BLOCKS = frozenset({"heading", "byline", "dateline", "credit"})
MEDIA = "claims_media"  # entities (also in doc.ents as ORG) that are media outlets or agencies
CUE_CANDIDATES = "claims_cue_candidates"  # every lexicon match, used or not
CUES = "claims_cues"  # the cue of each attribution
SOURCES = "claims_sources"  # label: source type; the local mention
RESOLVED = "claims_resolved"  # the entity a source mention refers to
CONTENTS = "claims_contents"  # label: direct | indirect | unattributed; one span per fragment
HEDGES = "claims_hedges"  # kb_id_: the hedge's lexicon entry
STANCES = "claims_stances"  # label: negated | denied; the words that make it; span_id: the claim key
EXPORT = "claims_export"  # doc.user_data: the document's records as plain data (claims batch)
TEXT = "claims_text"  # doc.user_data: the text, kept by the first stage (Doc.text joins every token anew)


def text_of(doc: Doc) -> str:
    """The document's text, from the first stage's copy when there is one."""
    text = doc.user_data.get(TEXT)
    return text if text is not None else doc.text
REFERENTS = "claims_referents"  # every named mention; id_: entity id, label: type, kb_id_: canonical name
REFERENT_NAMES = "claims_referent_names"  # one span per entity: its canonical (fullest) mention
