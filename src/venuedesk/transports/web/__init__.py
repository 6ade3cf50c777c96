"""The web page transport: a static client chat (`/`) and a manager console (`/manager`) over the HTTP API."""
