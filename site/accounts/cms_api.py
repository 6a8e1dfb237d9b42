"""The CMS's JSON API for documents and images, kept to the editor's own collections.

Wagtail's admin API (``/cms/api/main/documents/`` and ``.../images/``) lists every
document and image in every collection to anyone who may enter the CMS: titles, file
names and download links of another consultation's or assembly's papers included. Its
listings and choosers elsewhere apply collection permissions; these endpoints do not,
so they are replaced by ones that do.
"""

from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry

# What an editor does with a document or image; holding any of these on its collection
# is what the CMS's own listings and choosers require.
ACTIONS = ["choose", "change", "delete"]


class _OwnCollections:
    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        allowed = policy.instances_user_has_any_permission_for(self.request.user, ACTIONS)
        return super().get_queryset().filter(pk__in=allowed.values("pk"))


class OwnDocumentsAPIViewSet(_OwnCollections, DocumentsAdminAPIViewSet):
    pass


class OwnImagesAPIViewSet(_OwnCollections, ImagesAdminAPIViewSet):
    pass
