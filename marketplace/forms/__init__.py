"""Marketplace forms, one module per area."""
