"""A venue's own calendars: reading busy time from CalDAV calendars and ICS feeds, and writing holds back."""
