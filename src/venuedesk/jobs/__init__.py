"""Background jobs (docs/design.md §4.13): reminders, holds, outbox delivery and the manager's mail, each exactly
once.

`base` is the job interface and registry, `scheduler` finds due work by the injected clock and runs it,
`inprocess` runs the scheduler in a thread of `venuedesk serve` (SQLite), `pgqueue` runs it on procrastinate
workers (`venuedesk worker`, PostgreSQL; procrastinate is imported only there).
"""
