"""Questions to speakers (with up-votes) and the speaking queue, on the ``Activity`` base."""
