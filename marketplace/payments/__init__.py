"""Money for bookings: the Stripe gateway and the embedded localstripe used in development and tests."""
