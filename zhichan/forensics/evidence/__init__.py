"""Evidence as received: archives read member by member, the manifest and its check."""
