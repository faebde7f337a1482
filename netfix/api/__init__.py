"""The REST API framework shared by every app: problem+json errors, pagination and the v1 URL table."""
