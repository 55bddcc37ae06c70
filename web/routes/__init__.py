"""One router per feature of the staff web app."""
