"""Site: the build on disk: reading inputs, the library cache, writing sources, running
Sphinx and Pagefind, verifying and publishing editions. The only stage with I/O."""
