"""The application shell: settings, command line and wiring of the parts."""
