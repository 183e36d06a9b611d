"""Patent valuation (专利价值评估): indicators, scenario scores, gates and money methods."""
