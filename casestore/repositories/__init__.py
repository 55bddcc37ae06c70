"""One repository per aggregate; each takes the unit of work's session and returns DTOs."""
