"""Provider web views, one module per area: public pages, the dashboard and the provider's own pages."""
