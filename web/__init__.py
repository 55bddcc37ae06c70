"""The regisseur and partner web app and the REST API (FastAPI)."""
