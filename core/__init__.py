"""Cross-cutting pieces of the One Map app: settings, errors, UI text catalogue."""
