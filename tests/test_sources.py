"""claims_sources: every source typed, and pronouns, "who" and definite descriptions
resolved to the named entity they refer to (issue 2, stage 5)."""

from __future__ import annotations

import pytest
from conftest import assert_span, attributed, fixture_text

from pipeline import extract


def xfail(reason: str):
    return pytest.mark.xfail(strict=True, reason=reason)


def the_source(text, claims, piece):
    """The source of the one attributed claim whose content contains ``piece``."""
    found = [c for c in attributed(claims) if piece in c.text]
    assert len(found) == 1, [(c.source.text if c.source else None, c.text) for c in claims]
    claim = found[0]
    assert claim.source is not None, claim
    assert claim.source_type == claim.source.type
    return claim.source


# (text, a piece of the content, source mention, type, resolved entity or None)
TABLE = [
    # named
    ("Maria Lopez said the bridge will reopen.", "bridge", "Maria Lopez", "person", "Maria Lopez"),
    ("Acme Corp said that sales fell in May.", "sales fell", "Acme Corp", "organization", "Acme Corp"),
    ("The Guardian reported that the minister had resigned.", "minister had resigned", "The Guardian", "media", "The Guardian"),
    ("The Springfield Gazette reported that the mayor had resigned.", "mayor had resigned",
     "The Springfield Gazette", "media", "The Springfield Gazette"),
    # an outlet that speaks in a headline only is media all the same
    ("Harwick Daily News: Ferry Fares To Rise In May\n\nThe ferry company said on Monday that fares would rise.",
     "Ferry Fares", "Harwick Daily News", "media", None),
    # pronouns
    ("John Smith arrived late. He said the meeting had been a waste of time.", "meeting", "He", "person", "John Smith"),
    ("Maria Lopez arrived late. She said the meeting had been a waste of time.", "meeting", "She", "person", "Maria Lopez"),
    ("Global Bank signed the deal on Monday. It said the deal would create jobs.", "create jobs", "It", "organization", "Global Bank"),
    ("Global Bank signed the deal on Monday. They said the deal would create jobs.", "create jobs", "They", "organization",
     "Global Bank"),
    # who
    ("The plan was criticised by Maria Lopez, who said it would cost too much.", "cost too much", "who", "person", "Maria Lopez"),
    ("The board met Tom Baker, who warned that the plan would fail.", "plan would fail", "who", "person", "Tom Baker"),
    # definite descriptions
    ("Acme Corp reported a loss. The company said demand had collapsed.", "demand", "The company", "organization", "Acme Corp"),
    ("Jane Roe, the health minister, visited the clinic. The minister said the clinic would stay open.", "stay open",
     "The minister", "person", "Jane Roe"),
    ("The Springfield Gazette reported that the mayor had resigned. The newspaper said she left on Friday.", "left on Friday",
     "The newspaper", "media", "The Springfield Gazette"),
    # anonymous
    ("Several informed sources said the talks had collapsed.", "talks", "Several informed sources", "anonymous", None),
    ("People familiar with the matter said the deal is worth $500 billion.", "deal", "People familiar with the matter",
     "anonymous", None),
    ("Officials said the road would remain closed until Tuesday.", "road", "Officials", "anonymous", None),
    ("A senior official, speaking on condition of anonymity, said the talks had failed.", "talks", "A senior official",
     "anonymous", None),
    pytest.param("A person who asked not to be named said the talks had collapsed.", "talks",
                 "A person who asked not to be named", "anonymous", None,
                 marks=xfail("bug: the restrictive relative clause that makes the source anonymous is cut "
                             "from the mention (source text 'A person')")),
    # group
    ("Analysts say the merger will fail.", "merger", "Analysts", "group", None),
    ("Critics, however, say the plan is unfair.", "plan", "Critics", "group", None),
    ("Investors fear that the bubble will burst.", "bubble", "Investors", "group", None),
    ("Experts warn that the virus could spread.", "virus", "Experts", "group", None),
    # ... and one of them, a person
    ("One analyst said the merger will fail.", "merger", "One analyst", "person", None),
    # media by rule, not by list
    ("The Riverside Herald said the mayor had lied.", "mayor", "The Riverside Herald", "media", "The Riverside Herald"),
    # pronoun and surname resolution that needs more than "the nearest entity"
    pytest.param("Tom Baker met the mayor on Monday. Baker said the shop would stay open.", "shop", "Baker", "person",
                 "Tom Baker"),
    ("Maria Lopez met Tom Baker on Monday. She said the bridge was safe.", "bridge", "She", "person", "Maria Lopez"),
    pytest.param("The report was published on Monday. It said the river was polluted.", "river", "It", "organization",
                 None),
]


@pytest.mark.parametrize("text,piece,source,source_type,resolved", TABLE)
def test_source(nlp, text, piece, source, source_type, resolved):
    found = the_source(text, extract(text, nlp=nlp), piece)
    assert_span(text, found, source)
    assert found.type == source_type
    assert_span(text, found.resolved, resolved)


def test_resolved_entity_carries_label_and_kind(nlp):
    text = "The Springfield Gazette reported that the mayor had resigned. The newspaper said she left on Friday."
    found = the_source(text, extract(text, nlp=nlp), "left on Friday")
    assert (found.resolved.label, found.resolved.kind) == ("ORG", "media")
    person = the_source(text := "John Smith arrived. He said it was late.", extract(text, nlp=nlp), "late")
    assert (person.resolved.label, person.resolved.kind) == ("PERSON", None)


@pytest.fixture(scope="module")
def article(nlp):
    text = fixture_text("entities_article.txt")
    return text, extract(text, nlp=nlp)


@pytest.mark.parametrize(
    "piece,source,source_type,resolved",
    [
        ("1,200 jobs", "the Coastal Tribune", "media", "the Coastal Tribune"),
        ("fuel costs had doubled", "Marta Ilves", "person", "Marta Ilves"),
        pytest.param("routes to Oslo", "Ilves", "person", "Marta Ilves",
                     marks=xfail("bug: a bare surname that is no entity ('Ilves', tagged NNS) is typed 'group' and "
                                 "not resolved to the earlier 'Marta Ilves'")),
        ("cuts were unfair", "Union leaders", "group", None),
        ("We were promised a fair deal", "Peter Brandt", "person", "Peter Brandt"),
        pytest.param("strike was possible", "Brandt", "person", "Peter Brandt"),
        ("two banks had refused", "Reuters", "media", "Reuters"),
    ],
)
def test_sources_in_an_article(article, piece, source, source_type, resolved):
    """Resolution over a whole article: names met earlier, across paragraphs."""
    text, claims = article
    found = the_source(text, claims, piece)
    assert_span(text, found, source)
    assert found.type == source_type
    assert_span(text, found.resolved, resolved)


@pytest.mark.xfail(strict=True, reason="bug: after the heading 'Northwind Airlines', the parser opens a "
                   "sentence at the block's second token, so the content loses 'Northwind' ('Airlines will cut ...'); "
                   "the structure stage could mark the other tokens of a one-line block is_sent_start=False")
def test_content_after_a_heading_keeps_its_first_word(article):
    text, claims = article
    claim = [c for c in claims if c.cue is not None and c.cue.text == "according to"][0]
    assert claim.text == "Northwind Airlines will cut 1,200 jobs by March"


# -- who is who (issue 14): each constraint a reader uses, on our own article ------------------

WHO = [
    # (a piece of the content, source mention, type, canonical name of the referent or None)
    # a title says who: "Mayor Elena Varga"
    ("must close for repairs", "Mayor Elena Varga", "person", "Elena Varga"),
    # gender: "she" is the mayor, "He" is Brandt, whoever was named last
    ("We cannot wait for a collapse", "she", "person", "Elena Varga"),
    ("never seen the engineers", "He", "person", "Peter Brandt"),
    # not the subject of the very quotation the pronoun introduces: "he" is not Reilly
    ("has not read a single page", "he", "person", "Peter Brandt"),
    # an acronym and a description of the body it names
    ("about £4 million", "The RTA", "organization", "Regional Transport Authority"),
    ("temporary crossing", "The authority", "organization", "Regional Transport Authority"),
    # a description beside a name: "Mrs. Varga's deputy, Tom Reilly,"
    ("hurt the shops", "Mrs. Varga's deputy", "person", "Tom Reilly"),
    # an unnamed informant who asked not to be named is anonymous, and nobody's "he"
    ("known for years", "A council engineer", "anonymous", None),
    # an outlet's short name and its type
    ("warned twice", "The Herald", "media", "The Harwick Herald"),
    # a relative pronoun takes its antecedent
    ("frightened her", "who", "person", "Anna Fry"),
    # "They" after a plural subject that names nobody: not the newspaper named before
    ("ruin the Christmas trade", "They", "group", None),
    # a body named after a person, and "the campaign" after it
    ("public inquiry", "Brandt's campaign", "organization", "Brandt campaign"),
    ("right to see the findings", "The campaign", "organization", "Brandt campaign"),
    # a description the article tied to a name by apposition
    ("raise council tax", "The finance officer", "person", "Okonjo-Hale"),
]


@pytest.fixture(scope="module")
def who_article(nlp):
    text = fixture_text("who_is_who.txt")
    return text, extract(text, nlp=nlp)


@pytest.mark.parametrize("piece,source,source_type,name", WHO)
def test_who_is_who(who_article, piece, source, source_type, name):
    text, claims = who_article
    found = the_source(text, claims, piece)
    assert_span(text, found, source)
    assert found.type == source_type
    if name is None:
        assert found.resolved is None
    else:
        assert found.resolved is not None and found.resolved.name == name
        assert found.resolved.entity_id is not None
        assert text[found.resolved.span.start : found.resolved.span.end] == found.resolved.text


@pytest.mark.parametrize(
    "text,piece,resolved",
    [
        # nor is a photo credit's
        ("The Pier Reopens\n\nThe pier reopened on Monday.\n\nAnna Reyes via Getty Images.\n\n"
         "She told reporters the repairs had cost too much.", "repairs had cost", None),
        # a byline's name is never what "she" refers to
        ("Storm Shuts Coast Road\n\nBy Jane Whitcombe\n\nThe coast road was shut on Monday after a landslip. "
         "She told reporters the road would reopen within a week.", "reopen within a week", None),
        # nor is a headline's: the body never names Kessler
        ("Kessler Warns Harwick Over Floods\n\nThe river rose by two metres overnight. He said the town should "
         "prepare for the worst.", "prepare for the worst", None),
        # a headline's name the body names is that person, and no antecedent of its own
        ("Varga Defends Bridge Plan\n\nElena Varga spoke to the council on Monday. Tom Reilly listened. "
         "She said the bridge was unsafe.", "bridge was unsafe", "Elena Varga"),
        # titles say the sex when the given names do not
        ("Ms. Adeyemi met Mr. Okafor on Monday. She said the deal was close.", "deal was close", "Adeyemi"),
        ("Mr. Okafor met Ms. Adeyemi on Monday. He said the deal was close.", "deal was close", "Okafor"),
        # "who" is the name right before it, however the parser hung the clause
        ("The plan was backed by the union and Tom Reilly, who said the closure was overdue.", "overdue",
         "Tom Reilly"),
        # ... but "who" is a person, never the body named right before it
        ("The deal was opposed by Anna Fry, a lawyer at the Harwick Trust who said the terms were unfair.",
         "terms were unfair", "Anna Fry"),
        # ... nor the body named inside the description of the person it is about
        ("The senator invited Matt Duss, the president of the Foundation for Harbour Peace, who often "
         "criticizes the council, to speak.", "the council", "=Matt Duss"),
        # and "which" is no person: a government named after its country
        ("The talks included Ola Berg and the Norwegian government, which said the border would stay open.",
         "border would stay open", "Norwegian government"),
        # "They" after a plural object: the people interviewed, not the outlet that did it
        ("The Harwick Herald interviewed more than 20 former staff members. They said the manager shouted at "
         "them daily.", "shouted at", None),
        # a name inside what others are said to have said weighs less than the subject
        # that opens the next paragraph
        ("Omar Haddad runs a bakery in Dearborn. Many of his customers back Peter Brandt. They say that Brandt's "
         "plans have been misread and that Brandt only wants lower taxes.\n\nHaddad, 52, voted for the other "
         "party twice. He said he changed his mind this spring.", "changed his mind", "Omar Haddad"),
        # a name's canonical form comes from the body: not a headline's title case, in
        # which the model takes "Beyond" for a given name, nor capitals
        ("Beyond Marston's Lead, a Divided Party\n\nBy Jane Whitcombe\n\nMr. Marston won four more counties "
         "on Tuesday. He said the results showed the party was united.", "party was united", "=Marston"),
        ("Supporters in Harwick waved banners that read PAUL OKAFOR FOR MAYOR as the count began. Paul Okafor "
         "arrived late. He said the result would be close.", "would be close", "=Paul Okafor"),
        # "became" says what someone is, as "is" does
        ("Paul Okafor became the Labour candidate for mayor in June. Last week the Labour candidate said the "
         "bridge would be rebuilt.", "bridge would be rebuilt", "=Paul Okafor"),
        # two named people together are a "they"; a body named before is not
        ("The Harwick Trust filed the suit in May. Judge Anna Fry and Professor Tom Hale wrote a long study of "
         "the case. In it, they conclude that the trust was right.", "the trust was right", None),
        # an "it" that stands for the clause after it names nobody
        ("A poll by the Harwick Herald showed Paul Okafor ahead. Even in the north, it is premature to assume "
         "Okafor has won.", "Okafor has won", None),
        ("The Harwick Trust published its accounts on Monday. It is safe to say the trust is in good health.",
         "in good health", None),
        # a word that only modifies what the article calls someone does not describe them
        ("The platform committee chair, Ann Reid, opened the hearing on Monday. Dozens of protesters gathered "
         "outside the hotel, in the hopes that the platform will endorse a higher wage.", "a higher wage", None),
        # a canonical name has no article
        ("Most voters prefer local goods, according to an Associated Press-GfK poll released on Thursday.",
         "prefer local goods", "=Associated Press-GfK"),
        # a title the model left out of the name still says who: "Mrs. Okafor" is not the
        # Mr. Okafor named more often before her
        ("Tom Okafor ran the harbour for a decade. Mr. Okafor said the port would grow. Mr. Okafor also said "
         "the ferries would return. His wife, Ann Okafor, now runs the council. Mrs. Okafor said on Monday that "
         "the plan would go ahead.", "the plan would go ahead", "=Ann Okafor"),
        # "when it comes to" names nobody
        ("The Harwick Trust is a large charity. Republicans this year have a poor record when it comes to "
         "speaking about the trust's work.", "the trust's work", None),
        # a hyphenated surname is one surname, whatever the tokenizer made of it
        ("Jennifer Okafor-Hale has worked at the plant for 20 years. Ms. Okafor-Hale said the closure would hurt "
         "the town.", "hurt the town", "=Jennifer Okafor-Hale"),
        # the writer is nobody's name
        ("Tom Reilly runs the shop. I said the shop would close.", "shop would close", None),
        # "X is trying ..., and he is hoping": the subject of the clause his is joined to,
        # over the speaker of the sentences before
        ("Councillor Jim Barton said on Monday that he would vote for Governor Paul Okafor. \"It is a big deal "
         "for the town,\" Barton said. Barton said he had been on the fence until Mayor Ann Lowe backed the "
         "governor.\n\nOkafor is trying to recover after a poor result in the north, and he is hoping the "
         "mayor's support will be a big boost.", "mayor's support", "Paul Okafor"),
        # ... but not the subject of a participle ("with Barton standing behind him")
        ("Governor Paul Okafor spoke in Harwick on Monday. \"We will win,\" Okafor said, with Jim Barton "
         "standing behind him as he urged the crowd to vote early.", "the crowd to vote", "Paul Okafor"),
    ],
)
def test_who_is_who_in_short_texts(nlp, text, piece, resolved):
    found = the_source(text, extract(text, nlp=nlp), piece)
    if resolved is None:
        assert found.resolved is None
    elif resolved.startswith("="):
        assert found.resolved is not None and found.resolved.name == resolved[1:]
    else:
        assert found.resolved is not None and resolved in found.resolved.name
