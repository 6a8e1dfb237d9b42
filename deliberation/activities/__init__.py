"""Activities a facilitator opens on a live session's agenda item: polls, word clouds,
and (defined elsewhere on the same base) questions and the speaking queue."""
