"""Accounts: the custom user (email login, role, language, time zone) and its API."""
