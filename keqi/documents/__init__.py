"""Generated documents engine (issue 9 build item 5): see `services` and `registry`."""
