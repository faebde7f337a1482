"""Bookings: the transition table, pricing, cancellation policy, slot holds and the services that move a booking."""
