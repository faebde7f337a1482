"""Template tags for marketplace pages."""
