"""Consultations' models: the pages (``pages``) and the answers to them (``responses``)."""

from consultations.models.pages import (
    Audience,
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationStatus,
)
from consultations.models.responses import (
    Answer,
    Channel,
    ImportStatus,
    QuestionnaireVersion,
    Response,
    ResponseImport,
    ResponseStatus,
    ResultsSnapshot,
)

__all__ = [
    "Answer",
    "Audience",
    "Channel",
    "ConsultationIndexPage",
    "ConsultationPage",
    "ConsultationStatus",
    "ImportStatus",
    "QuestionnaireVersion",
    "Response",
    "ResponseImport",
    "ResponseStatus",
    "ResultsSnapshot",
]
