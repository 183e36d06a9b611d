"""Images, audio and text of two works compared."""
