"""Gettext catalogs per language, the list of supported languages, and the topic content."""
