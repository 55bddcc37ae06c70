"""Per-municipality configuration: what differs between municipalities lives in data files, not in code."""
