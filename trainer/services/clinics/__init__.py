"""Clinics: staff lists now; competency tracking (trainer/domain/competency) comes here."""
