"""The steps of the booking flow; each returns True to keep advancing or False to stop for the client."""
