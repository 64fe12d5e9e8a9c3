"""Export the seed library (key, title, abstract, current related, themes) to seeds.json.
Run with /work/main/.venv/bin/python and PYTHONPATH=/work/main/generator (read-only use)."""
import json
from pathlib import Path
from litreview.site.inputs import Paths, load_dumps
from litreview.analysis.chain import make_library
from litreview.analysis.vectors import documents, vectorise, related_papers

specs, dumps = load_dumps(Paths(Path('/work/main')))
lib = make_library(dumps)
# the project's own tf-idf vectors (title twice, custom stop words, max_df=0.5) as an extra reference
X, _ = vectorise(documents(lib.papers))
keys = [p.key for p in lib.papers]
rel_recomputed = related_papers(X, keys)
out = {
    "papers": [{"key": p.key, "title": p.title_text, "abstract": p.abstract_text,
                "related": list(lib.related.get(p.key, ())),
                "themes": list(lib.paper_themes.get(p.key, ()))} for p in lib.papers],
    "themes": [{"slug": t.slug, "papers": list(t.papers)} for t in lib.themes],
    "related_recomputed_equal": sum(rel_recomputed[k] == tuple(lib.related.get(k, ())) for k in keys),
    "project_docs": documents(lib.papers),
}
Path('seeds.json').write_text(json.dumps(out, indent=1))
print(len(lib.papers), "papers,", len(lib.themes), "themes; related equal to recomputed:", out["related_recomputed_equal"])
import collections
print(collections.Counter(len(v) for v in lib.paper_themes.values()))
