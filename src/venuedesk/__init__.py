"""venuedesk: a multi-agent booking desk for event venues."""

__version__ = "0.1.0"
