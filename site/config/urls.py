from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.cms_explore import explorer_view
from deliberation import views as deliberation_views
from home import views as home_views
from home.health import HealthView

urlpatterns = [
    # Staff sign in through allauth only: the CMS's own login form never
    # authenticates anyone (no rate limits or MFA there), it only redirects.
    path(
        "cms/login/",
        RedirectView.as_view(url="/accounts/login/?next=/cms/", permanent=False),
        name="cms_login_redirect",
    ),
    # Ahead of the CMS's own: its explorer opens only at pages the editor may explore.
    path("cms/pages/<int:parent_page_id>/", explorer_view("index"), name="wagtailadmin_explore"),
    path(
        "cms/pages/<int:parent_page_id>/results/",
        explorer_view("index_results"),
        name="wagtailadmin_explore_results",
    ),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("jobs/", include("jobs.urls")),
    path("assemblies/", include("assembly.urls")),
    path("sessions/", include("deliberation.urls")),
    path("join/", deliberation_views.join, name="join"),
    path("analysis/", include("analysis.urls")),
    path("healthz", home_views.healthz, name="healthz"),
    path("health/", HealthView.as_view(), name="health"),
    path("session/keepalive/", home_views.session_keepalive, name="session_keepalive"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
