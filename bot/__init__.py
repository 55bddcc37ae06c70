"""The Telegram adapter (aiogram 3): turns updates into dialog events and replies into messages."""
