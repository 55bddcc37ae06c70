"""What the bot says, independent of Telegram, the console or the web preview."""
