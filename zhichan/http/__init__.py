"""FastAPI glue shared by every domain: dependencies, error envelope, CSRF, pages, navigation."""
