"""claims_referents: the document's entities, one per person, organisation or outlet, with
every named mention, a canonical name and one type (issue 14); and the record that lists
them."""

from __future__ import annotations

import pytest
from conftest import fixture_text

from pipeline import extract_document
from pipeline.doc_keys import REFERENT_NAMES, REFERENTS
from pipeline.records import Document
from pipeline.referents.names import acronyms, merge_key, person_name


@pytest.fixture(scope="module")
def article(nlp) -> tuple[str, Document]:
    text = fixture_text("who_is_who.txt")
    return text, extract_document(text, "who", nlp=nlp)


def referent(document: Document, name: str):
    found = [r for r in document.referents if r.name == name]
    assert len(found) == 1, [(r.name, r.type) for r in document.referents]
    return found[0]


def named(ref) -> list[str]:
    return [m.text for m in ref.mentions if m.form == "name"]


def test_a_person_under_several_names_is_one_entity(article):
    """"Mayor Elena Varga", "Varga", "Mrs. Varga": one person, named by her fullest form."""
    text, document = article
    varga = referent(document, "Elena Varga")
    assert varga.type == "person"
    assert {"Elena Varga", "Varga"} <= set(named(varga))
    assert [r.name for r in document.referents].count("Elena Varga") == 1
    assert not [r for r in document.referents if r.name in ("Varga", "Mrs. Varga")]
    for mention in varga.mentions:
        assert text[mention.span.start : mention.span.end] == mention.text


def test_an_acronym_and_its_name_are_one_body(article):
    """"The Regional Transport Authority (RTA)", then "The RTA": one organisation, named in full."""
    _, document = article
    rta = referent(document, "Regional Transport Authority")
    assert rta.type == "organization"
    assert "RTA" in named(rta)
    assert not [r for r in document.referents if r.name == "RTA"]


def test_a_short_name_of_an_outlet_joins_it(article):
    """"The Harwick Herald", then "The Herald": one outlet, of type media."""
    _, document = article
    herald = referent(document, "The Harwick Herald")
    assert herald.type == "media"
    assert any(m.text.endswith("Herald") and m.text != "The Harwick Herald" for m in herald.mentions)


def test_headline_and_byline_names_are_no_entities_unless_the_body_names_them(article):
    """The headline's "Kessler" and the byline's "Jane Whitcombe" are named nowhere else."""
    _, document = article
    names = " ".join(r.name for r in document.referents)
    assert "Kessler" not in names
    assert "Whitcombe" not in names


def test_a_body_named_after_a_person_is_an_organisation(article):
    """"Brandt's campaign" is not Peter Brandt: a body of its own, "Brandt campaign"."""
    text, document = article
    campaign = referent(document, "Brandt campaign")
    assert campaign.type == "organization"
    brandt = referent(document, "Peter Brandt")
    assert brandt.type == "person"
    # the name inside the body's mention still names the person
    at = text.index("Brandt's campaign")
    (mention,) = [e for e in document.entities if e.span.start == at]
    assert (mention.entity_id, mention.name) == (brandt.entity_id, "Peter Brandt")


def test_entity_ids_follow_the_body_and_are_stable(article, nlp):
    text, document = article
    ids = [r.entity_id for r in document.referents]
    assert ids[:2] == ["E1", "E2"] and len(set(ids)) == len(ids)
    assert referent(document, "Elena Varga").entity_id == "E1"  # the first the body names
    assert [r.model_dump() for r in extract_document(text, "who", nlp=nlp).referents] == \
        [r.model_dump() for r in document.referents]


def test_resolved_sources_are_mentions_of_their_entity(article):
    """A pronoun resolved to Peter Brandt is listed among his mentions, as a pronoun."""
    _, document = article
    brandt = referent(document, "Peter Brandt")
    pronouns = [m for m in brandt.mentions if m.form == "pronoun"]
    assert pronouns and all(m.text.lower() == "he" for m in pronouns)
    claims = [c for c in document.claims if c.source and c.source.resolved and c.source.resolved.entity_id == brandt.entity_id]
    assert {c.source.span.start for c in claims} <= {m.span.start for m in brandt.mentions}


@pytest.mark.parametrize(
    "text,name,mentions",
    [
        # the model tags the bare surname ORG ...
        ("Peter Brandt spoke first. Brandt said the plan was bad.", "Peter Brandt", 2),
        # ... or the full name ORG and the rest PERSON
        ("Marta Ilves runs Northwind Airlines. Ms. Ilves said fuel costs had doubled. Ilves later left.",
         "Marta Ilves", 3),
    ],
)
def test_one_type_for_all_mentions_of_a_name(nlp, text, name, mentions):
    document = extract_document(text, nlp=nlp)
    person = referent(document, name)
    assert person.type == "person"
    assert len(named(person)) == mentions
    assert [r.type for r in document.referents].count("person") == 1


def test_the_span_groups_name_each_entity_once(nlp):
    doc = nlp("Margaret A. Olsen chairs the board. Ms. Olsen said the vote was fair. Olsen left at noon.")
    names = list(doc.spans[REFERENT_NAMES])
    olsen = [s for s in names if s.kb_id_ == "Margaret A. Olsen"]
    assert len(olsen) == 1 and olsen[0].text == "Margaret A. Olsen"
    mentions = [s for s in doc.spans[REFERENTS] if s.id_ == olsen[0].id_]
    assert [s.text for s in mentions] == ["Margaret A. Olsen", "Olsen", "Olsen"]
    assert {s.label_ for s in mentions} == {"person"}


# -- names, without a model ---------------------------------------------------------------


@pytest.mark.parametrize(
    "words,titles,given,surname,gender",
    [
        (["Donald", "J.", "Trump"], (), "donald", "trump", "m"),
        (["Mrs.", "Clinton"], ("mrs",), None, "clinton", "f"),
        (["Sen.", "Ann", "Reid", "'s"], ("sen",), "ann", "reid", "f"),
        (["Martin", "Luther", "King", "Jr."], (), "martin", "king", "m"),
        (["Ana", "de", "la", "Cruz"], (), "ana", "de la cruz", "f"),
        (["Okonjo-Hale"], (), None, "okonjo-hale", None),
        # as the tokenizer splits it
        (["Ms.", "Okonjo", "-", "Hale"], ("ms",), None, "okonjo-hale", "f"),
        (["Jennifer", "Okonjo", "-", "Hale"], (), "jennifer", "okonjo-hale", "f"),
    ],
)
def test_person_names_in_parts(words, titles, given, surname, gender):
    name = person_name(words)
    assert (name.titles, name.given, name.surname, name.gender) == (titles, given, surname, gender)


def test_a_title_outweighs_nothing_but_agrees_with_given_names():
    assert person_name(["J.", "Smith"]).compatible(person_name(["John", "Smith"]))
    assert not person_name(["Jane", "Smith"]).compatible(person_name(["John", "Smith"]))
    assert person_name(["Smith"]).compatible(person_name(["John", "Smith"]))


@pytest.mark.parametrize(
    "words,expected",
    [
        (["International", "Monetary", "Fund"], {"imf"}),
        (["Department", "of", "Justice"], {"doj", "dj"}),
        (["Alliance", "to", "Reclaim", "Our", "Schools"], {"atros", "aros"}),
        (["Reuters"], set()),
    ],
)
def test_acronyms(words, expected):
    assert expected <= acronyms(words) if expected else acronyms(words) == set()


@pytest.mark.parametrize(
    "name,kind,key",
    [
        ("Donald J. Trump", "person", "donald trump"),
        ("Mr. Donald Trump", "person", "donald trump"),
        ("The U.S. Department of Justice", "organization", "us department of justice"),
        ("Reuters", "media", "reuters"),
    ],
)
def test_merge_keys_across_documents(name, kind, key):
    assert merge_key(name, kind) == key


def test_the_component_on_a_blank_pipeline(blank):
    """The stage needs only entities: on spaCy's blank English with hand-set ones, a
    person named twice is one entity and an acronym joins the name it stands for."""
    from spacy.tokens import Span

    referents = blank.add_pipe("claims_referents")
    doc = blank.make_doc("Elena Varga met the Regional Transport Authority ( RTA ) . Varga praised the RTA .")
    doc.ents = [Span(doc, 0, 2, "PERSON"), Span(doc, 4, 7, "ORG"), Span(doc, 8, 9, "ORG"),
                Span(doc, 11, 12, "PERSON"), Span(doc, 14, 15, "ORG")]
    doc = referents(doc)
    groups: dict[str, list[str]] = {}
    for span in doc.spans[REFERENTS]:
        groups.setdefault(span.kb_id_, []).append(span.text)
    assert groups == {"Elena Varga": ["Elena Varga", "Varga"],
                      "Regional Transport Authority": ["Regional Transport Authority", "RTA", "RTA"]}
    assert [s.id_ for s in doc.spans[REFERENT_NAMES]] == ["E1", "E2"]


def test_a_source_noun_the_model_took_for_a_name_is_no_entity(blank):
    """"Aides said ...": a sentence's first word, capitalised, tagged ORG by the model."""
    from spacy.tokens import Span

    referents = blank.add_pipe("claims_referents")
    doc = blank.make_doc("Aides said Ann Reid would stay . Aides said she agreed .")
    doc[0].lemma_ = doc[7].lemma_ = "aide"
    doc.ents = [Span(doc, 0, 1, "ORG"), Span(doc, 2, 4, "PERSON"), Span(doc, 7, 8, "ORG")]
    doc = referents(doc)
    assert {span.kb_id_ for span in doc.spans[REFERENTS]} == {"Ann Reid"}


def test_a_dateline_agency_is_no_acronym_of_the_place(nlp):
    """"COLUMBUS, Ohio (AP) —": AP is the agency, not a short name of Ohio."""
    text = "COLUMBUS, Ohio (AP) — The race for governor of Ohio is tied, a poll found. Voters in Ohio are split."
    document = extract_document(text, nlp=nlp)
    ohio = referent(document, "Ohio")
    assert ohio.type == "organization" and all(m.text == "Ohio" for m in ohio.mentions)


@pytest.mark.parametrize(
    "text,name",
    [
        ("Lumera Labs hired 40 engineers last year. Lumera said the hiring would go on.", "Lumera Labs"),
        ("Harbour Mutual agreed to the offer. Harbour said its savers would gain.", "Harbour Mutual"),
        ("Kestrel Asset Management owns shares in both banks. Its chief said the price was fair.",
         "Kestrel Asset Management"),
    ],
)
def test_a_company_is_one_body_under_its_short_name(nlp, text, name):
    """A name ending in a company word is a body's, whatever the model tagged it; its first
    word alone is the same body."""
    document = extract_document(text, nlp=nlp)
    body = referent(document, name)
    assert body.type == "organization"
    assert not [r for r in document.referents if r.type == "person"]
