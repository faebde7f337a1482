"""Forms of the provider pages, one module per area (profile, listings, availability, verification)."""
