"""Tools the maintainers run but readers and the build never do: theme evaluation and
synthetic dumps. Not part of the installed package (pyproject.toml)."""
