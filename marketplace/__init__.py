"""What happens between customers and providers: bookings now; payments, reviews and chat as they land."""
