"""The localstripe fixtures (``localstripe_server``, ``localstripe``, ``gateway``, ``stripe_payments``) live in
tests/conftest.py, so browser tests can use them too."""
