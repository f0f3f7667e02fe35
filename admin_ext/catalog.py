"""Admin console pages of the catalog context."""
