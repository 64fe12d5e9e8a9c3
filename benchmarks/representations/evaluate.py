"""Score every representation on the seed pairs and the arXiv corpus -> results.json, results.md.

    .venv/bin/python evaluate.py

Representations: the project's tf-idf (vec_project_tfidf_*.npz, from export_project_tfidf.py),
LSA of it (TruncatedSVD, re-normalised), each packaged embedding (emb_<name>_*.npy, from
embed.py) and tf-idf + embedding combinations (cosine = w * cos_tfidf + (1 - w) * cos_emb,
i.e. concatenation of sqrt(w)*tfidf and sqrt(1-w)*emb).
"""
import ast
import csv
import glob
import json
import os
import sys

import numpy as np
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics import (adjusted_rand_score, normalized_mutual_info_score, roc_auc_score,
                             silhouette_score)
from sklearn.preprocessing import normalize

HERE = os.path.dirname(os.path.abspath(__file__))
os.chdir(HERE)
seeds = json.load(open("seeds.json"))
keys = [p["key"] for p in seeds["papers"]]
row = {k: i for i, k in enumerate(keys)}
pairs = [l.rstrip("\n").split("\t") for l in open("/work/main/tests/data/theme_pairs.tsv")
         if l.strip() and not l.startswith("#")]
must = [(row[a], row[b]) for kind, a, b, *_ in pairs if kind == "must"]
cannot = [(row[a], row[b]) for kind, a, b, *_ in pairs if kind == "cannot"]
corpus = json.load(open("corpus.json"))
cats = np.array([r["primary"] for r in corpus])
cat_ids = np.unique(cats, return_inverse=True)[1]
n_cat = len(set(cats))
# all arXiv terms (primary + cross-lists) for a finer neighbour measure
with open("/work/main/tests/data/corpora/arxiv-ml-1000.csv", newline="") as f:
    termsets = [set(ast.literal_eval(r["terms"])) for r in csv.DictReader(f)]
N_SEED_CLUSTERS = 16
K_NN = 10


def dense(X):
    return X.toarray() if sparse.issparse(X) else np.asarray(X)


def cos(X):
    X = normalize(X)
    S = dense(X @ X.T)
    return S


def seed_metrics(X):
    S = cos(X)
    np.fill_diagonal(S, -np.inf)
    n = S.shape[0]

    def rank(a, b):  # 1-based rank of b among a's neighbours (ties count against b)
        return 1 + int((S[a] > S[a, b]).sum())
    r = np.array([(rank(a, b), rank(b, a)) for a, b in must])
    mc = np.array([S[a, b] for a, b in must])
    cc = np.array([S[a, b] for a, b in cannot])
    auc = roc_auc_score(np.r_[np.ones(len(mc)), np.zeros(len(cc))], np.r_[mc, cc])
    # agglomerative (Ward on unit vectors) into a fixed number of clusters
    lab = AgglomerativeClustering(n_clusters=N_SEED_CLUSTERS, linkage="ward").fit_predict(
        dense(normalize(X)))
    kept = np.mean([lab[a] == lab[b] for a, b in must])
    viol = int(sum(lab[a] == lab[b] for a, b in cannot))
    # the same on average-linkage cosine (less sensitive to the vectors' geometry)
    D = 1 - cos(X)
    np.fill_diagonal(D, 0)
    lab2 = AgglomerativeClustering(n_clusters=N_SEED_CLUSTERS, metric="precomputed",
                                   linkage="average").fit_predict(np.clip(D, 0, None))
    return {
        "hit5_either": float(np.mean(r.min(1) <= 5)),
        "hit5_avg": float(np.mean(r <= 5)),
        "hit5_both": float(np.mean(r.max(1) <= 5)),
        "mean_rank": float(r.mean()),
        "median_rank": float(np.median(r)),
        "auc": float(auc),
        "cannot_over_median_must": int((cc > np.median(mc)).sum()),
        "ward16_must_kept": float(kept),
        "ward16_cannot_viol": viol,
        "ward16_largest": int(np.bincount(lab).max()),
        "avg16_must_kept": float(np.mean([lab2[a] == lab2[b] for a, b in must])),
        "avg16_cannot_viol": int(sum(lab2[a] == lab2[b] for a, b in cannot)),
        "avg16_largest": int(np.bincount(lab2).max()),
    }


def arxiv_metrics(X):
    Xn = normalize(X)
    S = cos(Xn)
    np.fill_diagonal(S, -np.inf)
    nn = np.argsort(-S, axis=1, kind="stable")[:, :K_NN]
    pred = []
    for i in range(len(S)):  # majority vote, ties broken by summed similarity
        votes = {}
        for j in nn[i]:
            c = cat_ids[j]
            votes[c] = (votes.get(c, (0, 0.0))[0] + 1, votes.get(c, (0, 0.0))[1] + S[i, j])
        pred.append(max(votes, key=lambda c: votes[c]))
    knn_acc = float(np.mean(np.array(pred) == cat_ids))
    jac = float(np.mean([len(termsets[i] & termsets[j]) / len(termsets[i] | termsets[j])
                         for i in range(len(S)) for j in nn[i]]))
    km = KMeans(n_clusters=n_cat, n_init=10, random_state=0).fit_predict(Xn)
    D = np.clip(1 - cos(Xn), 0, None)
    np.fill_diagonal(D, 0)
    return {
        f"knn{K_NN}_acc": knn_acc,
        f"knn{K_NN}_terms_jaccard": jac,
        "kmeans_nmi": float(normalized_mutual_info_score(cat_ids, km)),
        "kmeans_ari": float(adjusted_rand_score(cat_ids, km)),
        "silhouette": float(silhouette_score(D, cat_ids, metric="precomputed")),
    }


def lsa(X, d):
    d = min(d, min(X.shape) - 1)
    return normalize(TruncatedSVD(n_components=d, random_state=0).fit_transform(X))


def combo(T, E, w):
    return sparse.hstack([np.sqrt(w) * normalize(T), sparse.csr_matrix(np.sqrt(1 - w) * normalize(E))]).tocsr()


T_seed = sparse.load_npz("vec_project_tfidf_seeds.npz")
T_arx = sparse.load_npz("vec_project_tfidf_arxiv.npz")
reps = {"tfidf (project)": (T_seed, T_arx)}
for d in (100, 200, 300):
    reps[f"tfidf+LSA{d}"] = (lsa(T_seed, d), lsa(T_arx, d))
embs = {}
for f in sorted(glob.glob("emb_*_seeds.npy")):
    name = f[4:-10]
    embs[name] = (np.load(f), np.load(f"emb_{name}_arxiv.npy"))
    reps[name] = embs[name]
for name, (Es, Ea) in embs.items():
    for w in (0.3, 0.5, 0.7):
        reps[f"tfidf⊕{name} w={w}"] = (combo(T_seed, Es, w), combo(T_arx, Ea, w))

only = sys.argv[1:]
results = {}
for name, (Xs, Xa) in reps.items():
    if only and not any(o in name for o in only):
        continue
    results[name] = {**seed_metrics(Xs), **arxiv_metrics(Xa)}
    print(name, {k: round(v, 3) for k, v in results[name].items()}, flush=True)

# reference: the project's current NMF themes on the seeds (a paper may be in several themes)
th = {k: set(v) for k, v in ((p["key"], p["themes"]) for p in seeds["papers"])}
share = lambda a, b: bool(th[keys[a]] & th[keys[b]])
results["_project_nmf_themes"] = {"must_kept": float(np.mean([share(a, b) for a, b in must])),
                                  "cannot_viol": int(sum(share(a, b) for a, b in cannot)),
                                  "n_themes": len(seeds["themes"]),
                                  "largest": max(len(t["papers"]) for t in seeds["themes"])}
print(results["_project_nmf_themes"])
json.dump(results, open("results.json" if not only else "results_partial.json", "w"), indent=1)
