"""Form helpers shared by every app (Django side; the pure rules are in ``common``)."""
