"""The project's own tf-idf (litreview.analysis.vectors.vectorise over documents(): title twice +
abstract, custom stop words, min_df=2, max_df=0.5) for seeds and the arXiv corpus -> npz.
Run with /work/main/.venv/bin/python, PYTHONPATH=/work/main/generator (read-only use)."""
import json
from scipy import sparse
from litreview.analysis.vectors import vectorise
seeds = json.load(open('seeds.json'))
X, _ = vectorise(seeds['project_docs'])
sparse.save_npz('vec_project_tfidf_seeds.npz', X)
corpus = json.load(open('corpus.json'))
X2, _ = vectorise([f"{r['title']}. {r['title']}. {r['abstract']}" for r in corpus])
sparse.save_npz('vec_project_tfidf_arxiv.npz', X2)
print(X.shape, X2.shape)
