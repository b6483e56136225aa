"""Instructor authoring: who edits what, the editor's validation, versions and the workflow,
history and diffs, the bank browser, and exchange with other tools (GIFT, Moodle XML, CSV,
Anki). One module per concern; views call these."""
