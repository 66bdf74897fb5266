"""Domain-neutral helpers every domain app may use: the Excel writer, the admin helper."""
