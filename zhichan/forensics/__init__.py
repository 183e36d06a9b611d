"""技术调查: line comparison reports, clone detection, image/audio/text similarity, evidence."""
