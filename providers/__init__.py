"""Providers: company profiles, their fields of work and the services they list."""
