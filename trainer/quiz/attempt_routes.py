"""Quiz views: attempt (see trainer/quiz/__init__.py)."""
