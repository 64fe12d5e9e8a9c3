"""Rendering: a library -> the texts of every file an edition publishes (MyST pages, paper
HTML, BibTeX, JSON, feeds, pictures); ``outputs`` lists them all. Pure, no I/O."""
