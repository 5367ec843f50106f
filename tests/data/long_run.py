"""``run_batch`` on one long text with the fake pipeline and an exporter that makes a claim
of every sentence (fast, unlike ``fake_pipeline.document_record`` on long texts), for the
test that runs it in a process with a memory limit:

    python tests/data/long_run.py TEXT OUT claim|document

Prints the claims written and the peak RSS in MB as JSON.
"""

import json
import resource
import sys

import fake_pipeline

from pipeline.batch import run_batch
from pipeline.writers import open_output


def export(doc, doc_id, path=None):
    text = doc.text
    claims = []
    for number, sent in enumerate(doc.sents, 1):
        start, end = sent.start_char, sent.end_char
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            span = {"start": start, "end": end}
            claims.append({"record": "claim", "schema_version": "1.0", "doc_id": doc_id,
                           "claim_id": f"{doc_id}#{number}", "text": text[start:end], "span": span,
                           "fragments": [span], "sentence": {"text": text[start:end], "span": span},
                           "attributed": False, "direct_quote": False, "source": None, "source_type": "author",
                           "cue": None, "entities": [], "quantities": [], "hedges": []})
    return {"record": "document", "schema_version": "1.0", "doc_id": doc_id, "path": path, "length": len(text),
            "entities": [], "claims": claims, "errors": []}


if __name__ == "__main__":
    text, out, per = sys.argv[1:4]
    writer = open_output(out, per=per, force=True)
    try:
        stats = run_batch(fake_pipeline.make_nlp(), [text], writer, exporter=export)
    finally:
        writer.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps({"documents": stats.documents, "claims": stats.claims, "peak_mb": peak}))
