"""One module per scheme (and per ruleset where a scheme has several)."""
