"""The names of analysis's background job kinds: one place, imported by the services that
start the jobs and by ``jobs``, which registers their handlers."""

THEME_RUN_KIND = "analysis.theme_run"
