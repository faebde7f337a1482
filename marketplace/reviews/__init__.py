"""Reviews and ratings (issue 8): services, aggregates, selectors, e-mails, tasks (decision 0045)."""
