"""Email as a transport (docs/design.md §4.10): the same Desk, pipeline and Reply as every other surface.

Inbound mail (an SMTP listener or the provider webhook) is parsed with the standard `email` package, threaded
onto a booking thread and handed to `Desk.handle_message` keyed by its Message-ID; outbound replies leave
through the outbox as multipart text + HTML over SMTP; every action in a mail is a signed, expiring,
thread-scoped deep link acted on through the same handler as a chat button.

Modules: `inbound` (raw RFC 5322 → InboundMail, pure), `autoreply` (RFC 3834 / DSN detection, pure),
`threading` (mail → thread), `attachments` (files kept per thread, within the limits), `receive` (the one entry for inbound mail), `smtp_listener` (aiosmtpd),
`compose` (Reply → EmailMessage: headers and threading), `rendering` (a Reply's text and HTML bodies from
the Jinja2 `templates/`), `smtp_url` (`VENUEDESK_SMTP_URL`), `smtp_delivery` (the outbox's email DeliveryPort),
`links` (signed deep links), `secret` (the secret that signs them), `link_router` (GET / POST `/l/{token}`),
`link_records` (what a link's page reads) and `link_pages` (the confirm, result and refusal pages of a link).
Manager notifications: `ports` (the `MailSender` and `DecisionLinks` seams), `manager_mail` (a task or
the daily digest → EmailMessage, pure, from `templates/manager_*.j2`) and `manager_notifier` (the jobs' `ManagerMail`
port over a sender and the links); `wiring` puts them together for `serve` and `worker`.
"""
