"""Admin console pages of the commerce context."""
