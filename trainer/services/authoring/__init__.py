"""Instructor authoring: who edits what, the editor's validation, versions and the workflow,
history and diffs, and the bank browser. One module per concern; views call these."""
