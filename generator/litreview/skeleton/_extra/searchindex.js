// Sphinx's own search is off: Pagefind searches this site (search.html). pydata-sphinx-theme
// loads this file on every page; an empty index keeps its search script quiet.
Search.setIndex({"alltitles":{},"docnames":[],"envversion":{},"filenames":[],"indexentries":{},"objects":{},"objnames":{},"objtypes":{},"terms":{},"titles":[],"titleterms":{}})
