"""WSGI entry point for gunicorn: ``gunicorn wsgi:server``."""

from app import create_app

server = create_app().server
