"""The marketplace: a package of small apps (bookings, payments, reviews, chat, notifications), one per issue."""
