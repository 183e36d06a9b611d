"""Text tools that know no domain: analysers, embedding models, rank fusion, highlighting."""
