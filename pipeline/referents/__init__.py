"""Who is who in a document: named mentions grouped into entities, and the sources that
point at them ("he", "who", "the agency") resolved against that picture.

- ``names``: the parts of a name a reader matches mentions by (titles, given names,
  surnames, acronyms) and what a title or given name says of a person's sex.
- ``picture``: the document's entities, each with its mentions, canonical name, type
  and the roles the article gives it ("the senator").
- ``resolve``: a source mention to the entity it refers to, under a reader's constraints.
"""
