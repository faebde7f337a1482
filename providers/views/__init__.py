"""Provider web views, one module per area: public pages, and the provider's own profile, listings, hours and documents."""
