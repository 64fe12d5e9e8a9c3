"""Analysis: papers -> merged library, vectors, themes and their names, related papers,
the maintainer's corrections, editions and map positions. Pure, no I/O."""
