"""Manager accounts: roles, argon2 passwords, hashed personal and session tokens, failure throttling, token strength
(docs/accounts.md)."""
