"""REST API for municipal case systems."""
