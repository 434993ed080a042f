"""Administration pages: the audit log and the accounts (``admin`` role only)."""
