"""Readers of the real export formats; each yields parsed rows or row errors, streaming."""
