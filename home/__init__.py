"""The editorial site: Wagtail pages, categories, promotions and site settings."""
