"""One picture of who is who for a document processed in pieces (a long transcript cut
to fit the model): each piece numbers its entities from E1, so the pieces' entities are
merged by type and name and renumbered for the whole document, in the order met."""

from __future__ import annotations

from pipeline.referents.names import merge_key


class PieceReferents:
    """Feed each piece's dumped record to ``adopt`` in document order; its entity ids and
    names are rewritten in place to the document's. ``referents()``: the merged list
    (without ``mentions``, their mentions are not kept: memory stays flat when only the
    ids are wanted)."""

    def __init__(self, *, mentions: bool = True) -> None:
        self.by_key: dict[tuple[str, str], dict] = {}
        self.mentions = mentions

    def adopt(self, record: dict) -> None:
        ids: dict[str, dict] = {}
        for referent in record.get("referents", []):
            key = self._key(referent["type"], merge_key(referent["name"], referent["type"]))
            merged = self.by_key.get(key)
            if merged is None:
                merged = self.by_key[key] = {"entity_id": f"E{len(self.by_key) + 1}", "name": referent["name"],
                                             "type": referent["type"], "mentions": []}
            elif len(referent["name"]) > len(merged["name"]):
                merged["name"] = referent["name"]  # the fullest form any piece gives
            if self.mentions:
                merged["mentions"].extend(referent["mentions"])
            ids[referent["entity_id"]] = merged
        for entity in [*record.get("entities", []), *_claim_entities(record)]:
            merged = ids.get(entity.get("entity_id"))  # type: ignore[arg-type]
            if merged is not None:
                entity["entity_id"], entity["name"] = merged["entity_id"], merged["name"]

    def _key(self, kind: str, name: str) -> tuple[str, str]:
        """A person one piece names by surname only is the one person of that surname
        another piece named in full (whatever type that piece gave it); a full name
        upgrades a surname met before."""
        if (kind, name) in self.by_key:
            return kind, name
        surname = name.rsplit(" ", 1)[-1]
        if " " not in name:  # (a piece without the full name may take the surname for a body's)
            full = [k for k in self.by_key if k[0] == "person" and k[1].endswith(" " + surname)]
            return full[0] if len(full) == 1 else (kind, name)
        if kind != "person":
            return kind, name
        if (kind, surname) in self.by_key and not any(
                k[0] == kind and k[1].endswith(" " + surname) for k in self.by_key):
            self.by_key[(kind, name)] = self.by_key.pop((kind, surname))
        return kind, name

    def referents(self) -> list[dict]:
        return sorted(self.by_key.values(), key=lambda r: int(r["entity_id"][1:]))


def _claim_entities(record: dict) -> list[dict]:
    found = []
    for claim in record.get("claims", []):
        found.extend(claim.get("entities", []))
        source = claim.get("source") or {}
        if source.get("resolved"):
            found.append(source["resolved"])
    return found
