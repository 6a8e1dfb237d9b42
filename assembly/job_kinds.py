"""The names of assemblies' background job kinds: one place, imported by the services that
start the jobs and by ``jobs``, which registers their handlers."""

DRAW_PREPARE_KIND = "assembly.draw_prepare"
PANEL_DRAW_KIND = "assembly.panel_draw"
POOL_RETENTION_KIND = "assembly.pool_retention"
