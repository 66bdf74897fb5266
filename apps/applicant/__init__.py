"""Screens of the applying organisation: registration, its organisation, the application and results forms."""
