"""How people and bodies are named: the parts a reader matches mentions by.

One person is "Donald J. Trump", "Mr. Trump" and "Trump"; one body is "the International
Monetary Fund", "the IMF" and "the fund". These helpers reduce a name, given as its
words, to a title, a given name and a surname, or to an organisation's key and
acronyms, and say what a title or a given name tells of a person's sex.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.resources import table

Gender = str  # "f" or "m"
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "to", "on", "in", "at", "&", "a", "an", "de", "du", "des"})
_DOTS = re.compile(r"[.\u2024]")


@lru_cache(maxsize=8192)
def plain(word: str) -> str:
    """Lower case, dots and a possessive ending dropped: "U.S." -> "us", "Trump's" -> "trump"."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return _DOTS.sub("", word).strip("'")


@cache
def _name_words() -> dict[str, dict[str, dict[str, str]]]:
    words: dict[str, dict[str, dict[str, str]]] = {"title": {}, "suffix": {}, "honour": {}, "particle": {}, "rank": {}}
    for row in table("name_words.tsv"):
        words[row["kind"]][row["word"]] = row
    return words


@cache
def _given_names() -> dict[str, Gender]:
    return {row["name"]: row["gender"] for row in table("first_names.tsv")}


def is_title(word: str) -> bool:
    return plain(word) in _name_words()["title"]


def is_honour(word: str) -> bool:
    """Letters after a name that are no part of it: "KC", "PhD"."""
    return plain(word) in _name_words()["honour"]


def title_gender(word: str) -> Gender | None:
    row = _name_words()["title"].get(plain(word))
    return (row["gender"] or None) if row else None


def title_role(word: str) -> str | None:
    """The noun a description uses for a title: "Sen." -> "senator", "Judge" -> "judge"."""
    row = _name_words()["title"].get(plain(word))
    return (row["role"] or plain(word)) if row else None


def given_name_gender(word: str) -> Gender | None:
    return _given_names().get(plain(word))


@dataclass(frozen=True)
class PersonName:
    """A person's name in parts, lower case; ``given`` is None for a bare surname."""

    titles: tuple[str, ...]
    given: str | None
    middle: tuple[str, ...]
    surname: str | None

    @property
    def fullness(self) -> int:
        """How much of the name is written: the canonical name is the fullest one."""
        return (self.given is not None) + len(self.middle) + (self.surname is not None)

    @property
    def gender(self) -> Gender | None:
        for title in self.titles:
            if (gender := title_gender(title)) is not None:
                return gender
        return given_name_gender(self.given) if self.given else None

    def compatible(self, other: PersonName) -> bool:
        """Could both name one person: same surname, and given names that agree where both
        are written ("J." agrees with "John")."""
        if self.surname != other.surname:
            return False
        if self.given is None or other.given is None:
            return True
        a, b = self.given, other.given
        return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def person_name(words: Sequence[str]) -> PersonName:
    """Parse the words of a name: titles in front, suffixes ("Jr.") at the end and a
    possessive dropped; the last word (with its particles, "de la Cruz") is the surname."""
    return _parsed(tuple(words))


@lru_cache(maxsize=4096)
def _parsed(words: tuple[str, ...]) -> PersonName:
    kinds = _name_words()
    parts = [w for w in _hyphens_joined(words) if w not in POSSESSIVE and any(c.isalnum() for c in w)]
    titles: list[str] = []
    while len(parts) > 1 and plain(parts[0]) in kinds["title"]:
        titles.append(plain(parts.pop(0)))
    while len(parts) > 1 and (plain(parts[-1]) in kinds["suffix"] or plain(parts[-1]) in kinds["honour"]):
        parts.pop()
    if not parts:
        return PersonName(tuple(titles), None, (), None)
    last = len(parts) - 1
    while last > 1 and parts[last - 1][:1].islower() and plain(parts[last - 1]) in kinds["particle"]:
        last -= 1
    surname = " ".join(plain(p) for p in parts[last:])
    if last == 0:
        return PersonName(tuple(titles), None, (), surname)
    return PersonName(tuple(titles), plain(parts[0]), tuple(plain(p) for p in parts[1:last]), surname)


def _hyphens_joined(words: Sequence[str]) -> list[str]:
    """"Shanklin", "-", "Hawkins" as the tokenizer splits it: one surname, "Shanklin-Hawkins"."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i] == "-" and out and i + 1 < len(words):
            out[-1] = f"{out[-1]}-{words[i + 1]}"
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


def org_key(words: Sequence[str]) -> str:
    """An organisation's name for matching: "The U.S. Department of Justice's" -> "us
    department of justice"."""
    return _org_key(tuple(words))


@lru_cache(maxsize=4096)
def _org_key(words: tuple[str, ...]) -> str:
    kept = [plain(w) for w in words if w not in POSSESSIVE]
    while kept and kept[0] == "the":
        kept.pop(0)
    return " ".join(w.replace("&", "and") for w in kept if w)


def acronyms(words: Sequence[str]) -> frozenset[str]:
    """The initialisms a name may be shortened to: "International Monetary Fund" ->
    {"imf"}, "Department of Justice" -> {"dj", "doj"}. Empty for a one-word name."""
    return _acronyms(tuple(words))


@lru_cache(maxsize=4096)
def _acronyms(words: tuple[str, ...]) -> frozenset[str]:
    content = [w for w in words if w[:1].isalpha() and w not in POSSESSIVE and plain(w) != "the"]
    if len(content) < 2:
        return frozenset()
    every = "".join(plain(w)[:1] for w in content)
    capitalised = "".join(plain(w)[:1] for w in content if w[:1].isupper())
    without_function = "".join(plain(w)[:1] for w in content if plain(w) not in FUNCTION_WORDS)
    return frozenset(a for a in (every, capitalised, without_function) if len(a) >= 2)


def looks_like_acronym(word: str) -> bool:
    letters = plain(word)
    return 2 <= len(letters) <= 8 and word.replace(".", "").isupper() and letters.isalpha()


def merge_key(name: str, kind: str) -> str:
    """The key under which the report merges one entity across documents: "Donald J.
    Trump" and "Donald Trump" -> "donald trump"; organisations by ``org_key``."""
    words = name.split()
    if kind == "person":
        parsed = person_name(words)
        return " ".join(p for p in (parsed.given, parsed.surname) if p)
    return org_key(words)
