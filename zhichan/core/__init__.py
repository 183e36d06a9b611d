"""Settings, errors, logging and small pure helpers; imports nothing else of zhichan."""
