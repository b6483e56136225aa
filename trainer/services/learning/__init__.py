"""Students: the study queue, answering and undo, the study screen's views, settings and personal
optimisation, statistics, the home page and the muscle pages."""
