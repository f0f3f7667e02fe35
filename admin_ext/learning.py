"""Admin console pages of the learning context."""
