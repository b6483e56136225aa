"""Quizzes: building them (``builder``), taking them (``attempts``), and their statistics
(``statistics``). The rules themselves are pure functions in ``trainer.domain.quizzes``;
grading goes through ``trainer.domain.grading`` like study; item analysis through
``trainer.domain.item_analysis``."""
