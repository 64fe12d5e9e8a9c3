"""Read the arXiv corpus (read-only) and write corpus.json: text, primary category."""
import ast, json, re
import pandas as pd
df = pd.read_csv('/work/main/tests/data/corpora/arxiv-ml-1000.csv')
clean = lambda s: re.sub(r'\s+', ' ', str(s)).strip()
rows = []
for t, s, terms in zip(df.titles, df.summaries, df.terms):
    cats = ast.literal_eval(terms)
    rows.append({"title": clean(t), "abstract": clean(s), "primary": cats[0] if cats else None})
json.dump(rows, open('corpus.json', 'w'), indent=0)
c = pd.Series([r['primary'] for r in rows]).value_counts()
print(len(rows), 'rows; distinct primaries', len(c)); print(c.head(25).to_string())
print('dup titles', pd.Series([r['title'] for r in rows]).duplicated().sum())
