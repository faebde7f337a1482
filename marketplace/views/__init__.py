"""Marketplace web views, one module per area (booking, customer history, provider inbox and calendar)."""
