"""The indexed attribute ruler gives what spaCy's own gives, match for match."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.attribute_rules import IndexedAttributeRuler, index_attribute_ruler
from pipeline.nlp import default_model

CORPUS = Path(__file__).parent.parent / "corpus"
ODD_TEXTS = [
    "",
    "   \n\n\t ",
    "Y'all ain't gonna believe it, and I wanna say nothin' more.\n\nThey're here; we'd've gone.",
    "Ya'll ain't  here.\r\n\r\nNothin'!",
    "He said: 'Don't.'  She didn't, y all.",
]


@pytest.fixture(scope="module")
def model():
    """The default model as spaCy loads it (stock attribute ruler), parsed docs for the
    corpus articles and odd texts, and the ruler."""
    nlp = spacy.load(default_model())
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*")) if p.suffix in (".txt", ".md")]
    docs = list(nlp.pipe(texts + ODD_TEXTS, disable=["attribute_ruler", "lemmatizer", "ner"]))
    return nlp, docs, nlp.get_pipe("attribute_ruler")


def _indexed(ruler: AttributeRuler) -> IndexedAttributeRuler:
    copy = IndexedAttributeRuler(ruler.vocab)
    copy.add_patterns(ruler.patterns)
    return copy


def test_the_models_patterns_are_all_indexed_and_match_the_same(model):
    _, docs, ruler = model
    indexed = _indexed(ruler)
    assert indexed._current_index() is not None  # no pattern sent it back to the Matcher
    assert sum(len(doc) for doc in docs) > 5_000
    for doc in docs:
        assert indexed.match(doc) == ruler.match(doc), doc.text[:60]


def test_the_whole_model_annotates_the_same(model):
    nlp, _, _ = model
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))[:4]] + ODD_TEXTS
    stock = [[(t.pos_, str(t.morph), t.lemma_, t.tag_) for t in doc] for doc in nlp.pipe(texts)]
    index_attribute_ruler(nlp)
    try:
        assert type(nlp.get_pipe("attribute_ruler")) is IndexedAttributeRuler
        indexed = [[(t.pos_, str(t.morph), t.lemma_, t.tag_) for t in doc] for doc in nlp.pipe(texts)]
    finally:
        nlp.get_pipe("attribute_ruler").__class__ = AttributeRuler
    assert indexed == stock
    assert any(lemma == "be" for doc in stock for _, _, lemma, _ in doc)


def test_the_pipeline_we_load_uses_it_and_saves_spacys_own(nlp, tmp_path):
    ruler = nlp.get_pipe("attribute_ruler")
    assert type(ruler) is IndexedAttributeRuler
    assert nlp.config["components"]["attribute_ruler"]["factory"] == "attribute_ruler"
    ruler.to_disk(tmp_path / "ruler")
    loaded = AttributeRuler(nlp.vocab).from_disk(tmp_path / "ruler")
    assert loaded.patterns == ruler.patterns


def test_patterns_added_later_are_indexed(model):
    _, docs, ruler = model
    indexed = _indexed(ruler)
    doc = docs[0]
    before = indexed.match(doc)
    word = doc[3].lower_
    indexed.add([[{"LOWER": word}]], {"LEMMA": "zzz"})
    after = indexed.match(doc)
    new = [m for m in after if m not in before]
    assert new and all(doc[start].lower_ == word for _, _, start, _ in new)
    assert after == AttributeRuler.match(indexed, doc)
    indexed.clear()
    assert indexed.match(doc) == []


def test_a_pattern_it_does_not_know_goes_to_the_matcher(model):
    _, docs, ruler = model
    indexed = _indexed(ruler)
    indexed.add([[{"IS_TITLE": True}, {"POS": "PROPN", "OP": "?"}]], {"LEMMA": "title"})
    assert indexed._current_index() is None
    assert indexed.match(docs[0]) == AttributeRuler.match(indexed, docs[0])


WORDS = ["said", "Said", "ai", "n't", "nt", "gon", "na", "y'", "y", "all", " ", "\n", "the", "THE", "it", "'s", "."]
TAGS = ["NN", "VBD", "VBP", "VBZ", "DT", "PRP", "_SP", "."]
DEPS = ["nsubj", "ROOT", "det", "neg", "dobj", "punct", "dep"]


def _random_test(rng: random.Random, attr: str) -> object:
    values = {"LOWER": [w.lower() for w in WORDS], "TAG": TAGS, "DEP": DEPS}.get(attr)
    if attr == "IS_SPACE":
        return rng.random() < 0.5
    kind = rng.choice(["eq", "eq", "IN", "NOT_IN", "REGEX"] if attr == "LOWER" else ["eq", "eq", "IN", "NOT_IN"])
    if kind == "eq":
        return rng.choice(values)
    if kind == "REGEX":
        return {"REGEX": rng.choice(["^y'?$", "n'?t$", "^[a-z]{2}$", "a"])}
    return {kind: rng.sample(values, rng.randint(1, 3))}


def _random_pattern(rng: random.Random) -> list[dict]:
    return [
        {attr: _random_test(rng, attr) for attr in rng.sample(["LOWER", "TAG", "DEP", "IS_SPACE"], rng.randint(1, 3))}
        for _ in range(rng.choice([1, 1, 1, 2]))
    ]


def _random_doc(rng: random.Random, vocab: Vocab) -> Doc:
    n = rng.randint(0, 12)
    words = [rng.choice(WORDS) for _ in range(n)]
    heads = [rng.randrange(n) for _ in range(n)]
    deps = [rng.choice(DEPS) for _ in range(n)]
    for i in range(n):
        heads[i], deps[i] = (i, "ROOT") if i == 0 else (rng.randrange(i), deps[i] if deps[i] != "ROOT" else "dep")
    tags = [rng.choice(TAGS) for _ in range(n)]
    return Doc(vocab, words=words, spaces=[False] * n, tags=tags, heads=heads, deps=deps)


@pytest.mark.parametrize("seed", range(20))
def test_random_patterns_on_random_docs_match_like_the_matcher(seed):
    rng = random.Random(seed)
    vocab = Vocab()
    stock, indexed = AttributeRuler(vocab), IndexedAttributeRuler(vocab)
    for _ in range(rng.randint(1, 25)):
        patterns = [_random_pattern(rng) for _ in range(rng.randint(1, 3))]
        for ruler in (stock, indexed):
            ruler.add(patterns, {"LEMMA": "x"})
    assert indexed._current_index() is not None
    docs = [_random_doc(rng, vocab) for _ in range(30)]
    results = [(stock.match(doc), indexed.match(doc)) for doc in docs]
    assert all(a == b for a, b in results)
    assert sum(len(a) for a, _ in results) > 0 or seed % 7 == 0  # most seeds match something


def test_it_pickles_for_spawned_workers_and_matches_after(model):
    import pickle

    _, docs, ruler = model
    indexed = _indexed(ruler)
    expected = indexed.match(docs[0])  # the index and its memory are built
    copy = pickle.loads(pickle.dumps(indexed))
    assert type(copy) is IndexedAttributeRuler
    assert copy.match(docs[0]) == expected == ruler.match(docs[0])
