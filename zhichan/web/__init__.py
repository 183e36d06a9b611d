"""The web application: mounts every domain's routers and pages; nothing imports web."""
