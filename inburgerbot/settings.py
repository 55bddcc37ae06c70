"""Settings from the environment (prefix INBURGERBOT_), with embedded defaults that need no server."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from municipalities.config import PACKAGED_DIR

DEFAULT_DATA_DIR = Path("data")


class Settings(BaseSettings):
    """One object built at start-up and passed down; nothing reads the environment elsewhere."""

    model_config = SettingsConfigDict(env_prefix="INBURGERBOT_", env_file=".env", extra="ignore")

    data_dir: Path = DEFAULT_DATA_DIR
    database_url: str = ""
    bot_token: SecretStr | None = None
    bot_username: str = "inburgerbot"
    telegram_api_url: str = "https://api.telegram.org"
    redis_url: str | None = None
    # Seconds one Bot API call may take before it counts as failed (and a reply is tried again).
    telegram_timeout: float = 10.0
    # Long polling: seconds Telegram holds a getUpdates call open while no update arrives.
    telegram_poll_timeout: int = 25
    # Webhook mode: Telegram sends it in X-Telegram-Bot-Api-Secret-Token (1-256 of A-Z a-z 0-9 _ -).
    webhook_secret: SecretStr | None = None
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    municipalities_dir: Path = PACKAGED_DIR
    invite_ttl_days: int = 30
    default_municipality: str = "demo"
    # Installed Argos Translate packages (machine translation); None: `argos-packages` in data_dir.
    argos_packages_dir: Path | None = None
    # Human recordings that replace the synthetic voice: <dir>/<topic>/<lang>.ogg; None: media/recordings.
    recordings_dir: Path | None = None

    def resolved_database_url(self) -> str:
        """The configured URL, or a SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'inburgerbot.sqlite3').resolve()}"
