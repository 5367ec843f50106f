"""One-level dependency patterns, in spaCy's ``DependencyMatcher`` format, checked at a
given root token: the impersonal cues ("It is reported that", "X is said to") need no more.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

TOKEN_ATTRS: dict[str, Callable[[Token], str]] = {
    "LEMMA": lambda t: t.lemma_,
    "LOWER": lambda t: t.lower_,
    "TAG": lambda t: t.tag_,
    "POS": lambda t: t.pos_,
    "DEP": lambda t: t.dep_,
}


def fits(token: Token, attrs: dict) -> bool:
    """``token`` meets a DependencyMatcher node's ``RIGHT_ATTRS`` (str, ``IN``, ``NOT_IN``)."""
    for name, wanted in attrs.items():
        value = TOKEN_ATTRS[name](token)
        if isinstance(wanted, str):
            if value != wanted:
                return False
        elif ("IN" in wanted and value not in wanted["IN"]) or ("NOT_IN" in wanted and value in wanted["NOT_IN"]):
            return False
    return True


def tree_match(root: Token, pattern: list[dict]) -> bool:
    """A one-level DependencyMatcher pattern (a root and its ``>`` children) at ``root``.

    spaCy's ``DependencyMatcher`` maps every token of the doc it is given, and a sentence
    ``Span`` is first copied into a new ``Doc``: checking the children of the few anchor
    verbs directly costs a hundredth of that (``tests/test_cues.py`` holds the two equal).
    """
    if not fits(root, pattern[0]["RIGHT_ATTRS"]):
        return False
    used = {root.i}
    for node in pattern[1:]:
        child = next((c for c in root.children if c.i not in used and fits(c, node["RIGHT_ATTRS"])), None)
        if child is None:
            return False
        used.add(child.i)
    return True


def fill(node: dict, slots: dict[str, list[str]]) -> dict:
    """Put the lexicon's lemma lists into a DependencyMatcher pattern's ``{SLOT}``s."""
    if isinstance(node, dict):
        return {k: (slots[v[1:-1]] if isinstance(v, str) and v[1:-1] in slots else fill(v, slots)) for k, v in node.items()}
    return node


def check_one_level(key: str, pattern: list[dict]) -> None:
    """Refuse, when loading, a pattern that ``tree_match`` would not read right."""
    root = pattern[0]["RIGHT_ID"]
    if any(node.get("REL_OP", ">") != ">" or node.get("LEFT_ID", root) != root for node in pattern):
        raise ValueError(f"pattern {key!r}: only children of the root ('>') are supported")
