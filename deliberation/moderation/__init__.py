"""Moderation of live sessions: mutes, the moderation log, pre-moderation and length limits."""
