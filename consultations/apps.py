from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"

    def ready(self):
        # Views import the models, so they load only once the app registry is ready; the
        # page reaches them through ROUTE_VIEWS and never imports a view itself.
        from consultations import export_views, import_views, results_views, staff_views, views
        from consultations.models.pages import ROUTE_VIEWS

        ROUTE_VIEWS.update(
            views=views,
            staff=staff_views,
            imports=import_views,
            results=results_views,
            export=export_views,
        )
