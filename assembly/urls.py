from django.urls import path

from assembly.views import creation, downloads, draws, organiser, panel, pool, public, retention

app_name = "assembly"
urlpatterns = [
    path("", organiser.index, name="index"),
    path("new/", creation.assembly_new, name="new"),
    path("respond/<str:token>/", public.respond, name="respond"),
    path("<int:page_id>/volunteered/", public.volunteered, name="volunteered"),
    path("draws/<int:draw_id>/record.json", public.draw_record, name="draw_record"),
    path("<int:page_id>/manage/", organiser.manage, name="manage"),
    path("<int:page_id>/categories/", pool.categories, name="categories"),
    path("<int:page_id>/representation/", pool.representation, name="representation"),
    path("<int:page_id>/pool/", pool.pool, name="pool"),
    path("<int:page_id>/pool/import/", pool.pool_import, name="pool_import"),
    path("<int:page_id>/pool/anonymise/", retention.pool_anonymise, name="pool_anonymise"),
    path(
        "<int:page_id>/pool/import/<int:upload_id>/",
        pool.pool_preview,
        name="pool_preview",
    ),
    path("<int:page_id>/draws/", draws.draws, name="draws"),
    path("<int:page_id>/draws/<int:draw_id>/", draws.draw_detail, name="draw"),
    path("<int:page_id>/panel/", panel.panel, name="panel"),
    path("<int:page_id>/panel/export.csv", downloads.panel_export, name="panel_export"),
    path("<int:page_id>/panel/letters.csv", downloads.letters_export, name="letters_export"),
    path("<int:page_id>/panel/letters.pdf", downloads.letters_pdf, name="letters_pdf"),
    path("<int:page_id>/panel/<int:member_id>/", panel.member_detail, name="member"),
    path("<int:page_id>/invitations/", organiser.invitations, name="invitations"),
    path(
        "<int:page_id>/invitations/letters.csv",
        downloads.invitations_export,
        name="invitations_export",
    ),
    path(
        "<int:page_id>/invitations/letters.pdf",
        downloads.invitations_pdf,
        name="invitations_pdf",
    ),
    path("<int:page_id>/meetings/", panel.meetings, name="meetings"),
    path("<int:page_id>/meetings/<int:meeting_id>/", panel.meeting_detail, name="meeting"),
]
