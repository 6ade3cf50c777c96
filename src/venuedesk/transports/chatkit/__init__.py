"""ChatKit transport: a ChatKit server and store over the Desk, mounted at `POST /chatkit` (needs openai-chatkit)."""
