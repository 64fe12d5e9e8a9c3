"""Reading: dump bytes and the manifest -> plain records. Pure: takes text, never
touches the disk."""
