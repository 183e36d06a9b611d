"""Source code compared: tokens, fingerprints, tiling, the line report, projects."""
