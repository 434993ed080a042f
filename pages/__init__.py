"""Dash pages. Each page module calls ``register_page`` and owns its layout and callbacks."""
