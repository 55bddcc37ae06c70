"""`python -m inburgerbot` is the same as the `inburgerbot` command."""

from inburgerbot.cli import main

main()
