"""Service search: filters, facets, sorting and autocomplete over the database or Elasticsearch."""
