"""Resolving: each paper's identity (arXiv id, authors, date) looked up on the Hugging Face
Papers API and, failing that, the arXiv API (``litreview resolve``). The only network
client of the project: the build never uses it.

- ``match``: the rule that says an answer is the same paper as a dump entry;
- ``clients``: request cap, timeouts, retries and the two client libraries' plumbing;
- ``engine``: ``resolve()``, the lookup of a list of papers;
- ``command``: the project's papers without an identity in, new records of
  ``bib/identities.toml`` out.
"""
