"""Quiz views: builder (see trainer/quiz/__init__.py)."""
