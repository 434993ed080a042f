"""The web face of the app, shared by every blueprint and page: public links, headers,
errors, logging. Nothing here knows about a particular page or service."""
