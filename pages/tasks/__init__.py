"""The enforcement page ``/tasks``: tasks, clues and statistics."""
