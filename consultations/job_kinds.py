"""The names of consultations' background job kinds.

Kept apart from ``jobs.py`` (which imports the work each kind does) so that the services
that start a job can name its kind without importing the handlers that call them back.
"""

EXPORT_KIND = "consultations.export"
IMPORT_CHECK_KIND = "consultations.import_check"
IMPORT_SAVE_KIND = "consultations.import_save"
EXPORT_CLEANUP_KIND = "consultations.export_cleanup"
RESULTS_KIND = "consultations.results"
