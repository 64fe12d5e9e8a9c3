"""litreview: Hugging Face Daily Papers dumps -> a themed, searchable, citable Sphinx site."""

__version__ = "0.2.0"
