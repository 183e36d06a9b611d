"""Engine, declarative base, sessions, migrations and the shared authorisation helper."""
