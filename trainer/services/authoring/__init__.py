"""Services for instructors' authoring: editing, review and exchange with other tools."""
