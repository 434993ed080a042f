"""Bring your own data: the dataset catalogue, uploads (reading, validation, storing)."""
