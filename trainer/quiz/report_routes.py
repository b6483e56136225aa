"""Quiz views: report (see trainer/quiz/__init__.py)."""
