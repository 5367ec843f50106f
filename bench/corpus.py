"""A synthetic news corpus for the throughput benchmark: deterministic, written from
templates here (no outside data), shaped like wire copy.

    python3 bench/corpus.py N [-o corpus.jsonl] [--seed 1] [--words 400]

Each article has a headline, often a byline and a dateline, and paragraphs of reported
speech ("X said", quotations split by their cue, "according to", impersonal and nominal
cues), names, organisations, places, money, percentages, dates and counts. Article ``i``
depends only on ``(seed, i, words)``, so a corpus of 1,000 is the prefix of one of
10,000. Some names are built from syllables, so the vocabulary keeps growing with the
corpus as in real news (a fixed word list would make memory flat for free).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

FIRST = ("Maria", "James", "Aisha", "Tomasz", "Elena", "David", "Priya", "Samuel", "Grace", "Oliver", "Fatima",
         "Lucas", "Hannah", "Kwame", "Sofia", "Daniel", "Mei", "Robert", "Amara", "Peter", "Leila", "Jonas",
         "Rachel", "Andre", "Nadia", "Michael", "Ingrid", "Carlos", "Yusuf", "Claire")
LAST = ("Okafor", "Henderson", "Novak", "Patel", "Lindqvist", "Moreau", "Castillo", "Whitfield", "Tanaka",
        "Brennan", "Haddad", "Fischer", "Mensah", "Alvarez", "Kowalski", "Reyes", "Sutherland", "Nakamura",
        "Osei", "Delgado", "Hartmann", "Campbell", "Ibrahim", "Larsen", "Rossi", "Murphy", "Chen", "Abara")
SYLLABLES = ("ar", "bel", "cor", "dan", "el", "fen", "gar", "hol", "is", "jor", "kel", "lan", "mor", "nes",
             "ol", "per", "quin", "ros", "sal", "tor", "ul", "ven", "wick", "yar", "zel", "ton", "ley", "by")
PLACES = ("Ashby", "Northgate", "Marbury", "Kellford", "Castlebridge", "Halbrook", "Orran", "Harrowgate",
          "Westmoor", "Eastleigh", "Port Calder", "Glenross", "Brackwater", "Silverton", "Redhaven")
ORG_KINDS = ("City Council", "Health Authority", "Transport Board", "Police", "University", "Water Company",
             "Chamber of Commerce", "Housing Association", "Fire Service", "School District")
COMPANIES = ("Veltrix", "Lumera Labs", "Corvane Energy", "Haldon Freight", "Brightwell Foods", "Nortek Systems",
             "Pellam Bank", "Arden Mining", "Solace Pharma", "Tidewell Ports")
OUTLETS = ("Reuters", "the Associated Press", "the BBC", "the Financial Times", "the Northgate Herald",
           "the Ashby Gazette", "Bloomberg", "the Guardian")
ROLES = ("a spokesperson for", "the chief executive of", "a senior analyst at", "the director of",
         "a former adviser to", "the head of communications at", "a board member of", "a researcher at")
TITLES = ("Mayor", "Councillor", "Dr.", "Professor", "Inspector", "Senator", "Minister")
GROUPS = ("residents", "workers", "parents", "farmers", "commuters", "nurses", "shop owners", "students")
THINGS = ("the new bridge", "the rail link", "the housing plan", "the budget", "the merger", "the vaccine trial",
          "the ferry service", "the tax increase", "the flood defences", "the hospital wing", "the chip plant",
          "the wildfire response", "the pay offer", "the drought bill", "the museum extension")
PREDICATES = ("would cost {money} more than planned", "could be delayed until {month} {year}",
              "had already saved {count} jobs", "was never properly funded", "will open to the public in {month}",
              "may have to be scaled back", "had been approved by {percent} of members",
              "put {count} {group} at risk", "was the best option available", "would not be enough to meet demand",
              "had raised prices by {percent}", "was running {count} days behind schedule",
              "could affect as many as {count} {group}", "is expected to bring in {money} a year")
EVENTS = ("the storm", "the strike", "the audit", "the election", "the recall", "the heatwave", "the outage",
          "the inquiry", "the fire", "the vote")
VERBS_PAST = ("rejected", "approved", "delayed", "criticised", "welcomed", "questioned", "defended", "announced")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
QUOTES = ("We have done everything we can", "This is a disgrace and people deserve better",
          "Nobody saw this coming", "The numbers simply do not add up", "We are confident the work will finish on time",
          "It is far too early to say", "Families are already struggling", "We will keep fighting for a fair deal",
          "I have never seen anything like it", "The decision was made with the best evidence we had",
          "There is no money left in the budget", "This changes nothing for ordinary people")
ADVERBIALS = ("on {day}", "in a statement", "at a press conference on {day}", "in an interview", "last week",
              "on {day} evening", "in a letter to members", "")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class Writer:
    """One article's worth of choices, from its own random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.people: list[tuple[str, str, str]] = []  # (full name, surname, role phrase)
        self.place = rng.choice(PLACES)
        self.org = f"{self.place} {rng.choice(ORG_KINDS)}"
        self.company = rng.choice(COMPANIES)

    def pick(self, options):
        return self.r.choice(options)

    def surname(self) -> str:
        if self.r.random() < 0.5:
            return self.pick(LAST)
        return "".join(self.pick(SYLLABLES) for _ in range(self.r.randint(2, 3))).capitalize()

    def person(self, new: bool = False) -> tuple[str, str, str]:
        if self.people and not new and self.r.random() < 0.6:
            return self.pick(self.people)
        surname = self.surname()
        full = f"{self.pick(FIRST)} {surname}"
        role = f"{self.pick(ROLES)} {self.pick([self.org, self.company, self.place + ' ' + self.pick(ORG_KINDS)])}"
        found = (full, surname, role)
        self.people.append(found)
        return found

    def fill(self, template: str) -> str:
        r = self.r
        values = {
            "money": f"${r.randint(1, 950)}.{r.randint(0, 9)} million" if r.random() < 0.6 else f"£{r.randint(2, 900):,},000",
            "percent": f"{r.randint(2, 89)} percent" if r.random() < 0.5 else f"{r.randint(2, 89)}.{r.randint(0, 9)}%",
            "count": f"{r.randint(12, 48000):,}",
            "month": self.pick(MONTHS),
            "year": str(r.randint(2019, 2029)),
            "day": self.pick(DAYS),
            "group": self.pick(GROUPS),
        }
        return template.format(**values)

    def clause(self) -> str:
        return f"{self.pick(THINGS)} {self.fill(self.pick(PREDICATES))}"

    def adverbial(self) -> str:
        text = self.fill(self.pick(ADVERBIALS))
        return f" {text}" if text else ""

    def sentence(self) -> str:
        full, surname, role = self.person()
        r = self.r
        kind = r.randrange(14)
        if kind == 0:
            return f"\u201c{self.pick(QUOTES)},\u201d {surname} said{self.adverbial()}."
        if kind == 1:
            return f"\u201c{self.pick(QUOTES)},\u201d said {full}, {role}. \u201c{self.pick(QUOTES)}.\u201d"
        if kind == 2:
            return f"{full}, {role}, said {self.clause()}."
        if kind == 3:
            return f"According to {self.pick([self.org, self.company, self.pick(OUTLETS)])}, {self.clause()}."
        if kind == 4:
            return f"{_cap(self.clause())}, according to figures from {self.org}."
        if kind == 5:
            return f"{self.pick([self.org, self.company])} said{self.adverbial()} that {self.clause()}."
        if kind == 6:
            return f"\u201c{self.pick(QUOTES)},\u201d {surname} told {self.pick(OUTLETS)}, \u201cand we said so at the time.\u201d"
        if kind == 7:
            return f"{self.pick(['He', 'She', 'They'])} added that {self.clause()}."
        if kind == 8:
            return f"It is reported that {self.clause()}."
        if kind == 9:
            return f"{_cap(self.pick(OUTLETS))} reported that {self.clause()}, citing {self.pick(['officials', 'two people familiar with the matter', 'internal documents'])}."
        if kind == 10:
            return f"{self.pick(TITLES)} {surname} {self.pick(VERBS_PAST)} {self.pick(THINGS)} after {self.pick(EVENTS)}, which left {self.fill('{count} {group}')} without support."
        if kind == 11:
            return f"Critics warned that {self.clause()}, and {self.pick(GROUPS)} may see {self.fill('{percent}')} higher bills."
        if kind == 12:
            return f"The claim by {full} that {self.clause()} was disputed by {self.pick([self.org, self.company])}."
        return (f"{self.pick([self.org, self.company])} has {self.pick(VERBS_PAST)} {self.pick(THINGS)} since "
                f"{self.fill('{month} {year}')}, spending {self.fill('{money}')} on it so far.")

    def headline(self) -> str:
        return f"{self.place} {self.pick(['Faces', 'Backs', 'Rejects', 'Weighs', 'Delays'])} " \
               f"{self.pick(THINGS)[4:].title()} After {self.pick(EVENTS)[4:].title()}"

    def article(self, words: int) -> str:
        r = self.r
        target = max(20, round(words * r.uniform(0.8, 1.2)))
        parts = [self.headline()]
        if r.random() < 0.5:
            full, _, _ = self.person(new=True)
            parts.append(f"By {full}")
        lead = self.sentence()
        if r.random() < 0.6:
            lead = f"{self.place.upper()} \u2014 {lead}"
        paragraphs = [[lead]]
        count = sum(len(p.split()) for p in parts) + len(lead.split())
        while count < target:
            sentence = self.sentence()
            if len(paragraphs[-1]) >= r.randint(1, 4):
                paragraphs.append([])
            paragraphs[-1].append(sentence)
            count += len(sentence.split())
        parts += [" ".join(p) for p in paragraphs]
        return "\n\n".join(parts) + "\n"


def article(seed: int, index: int, words: int = 400) -> str:
    """Article ``index`` of the corpus ``seed``: about ``words`` words (±20%)."""
    return Writer(random.Random(seed * 1_000_003 + index)).article(words)


def generate(n: int, seed: int = 1, words: int = 400) -> Iterator[dict]:
    """``{"id", "text"}`` records for articles 0 .. n-1."""
    for index in range(n):
        yield {"id": f"gen-{seed}-{index:06d}", "text": article(seed, index, words)}


def write_jsonl(path: Path, records) -> tuple[int, int]:
    """Write records as JSON lines; return (documents, words)."""
    docs = words = 0
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            docs += 1
            words += len(record["text"].split())
    return docs, words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("-o", "--output", default="-", help="JSONL file (default: stdout)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--words", type=int, default=400, help="mean words per article (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.output == "-":
        for record in generate(args.n, args.seed, args.words):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return 0
    docs, words = write_jsonl(Path(args.output), generate(args.n, args.seed, args.words))
    print(f"wrote {docs} articles, {words} words to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
