"""Patent records: model, normalisation, importers of real export formats, legal events."""
