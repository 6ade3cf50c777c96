"""Email as a transport (docs/design.md §4.10): the same Desk, pipeline and Reply as every other surface.

Inbound mail (an SMTP listener or the provider webhook) is parsed with the standard `email` package, threaded
onto a booking thread and handed to `Desk.handle_message` keyed by its Message-ID; outbound replies leave
through the outbox as multipart text + HTML over SMTP; every action in a mail is a signed, expiring,
thread-scoped deep link acted on through the same handler as a chat button.

Modules: `inbound` (raw RFC 5322 → InboundMail, pure), `autoreply` (RFC 3834 / DSN detection, pure),
`threading` (mail → thread), `attachments` (files kept per thread, within the limits), `receive` (the one entry
for inbound mail), `smtp_listener` (aiosmtpd),
`compose` (Reply → EmailMessage), `smtp_delivery` (the outbox's email DeliveryPort), `links` (signed deep
links) and `link_pages` (the confirm pages of a link).
"""
