"""What the CMS rows of the matrix point at: A's page, its media, and site-wide objects.

Things only A's organisers (and superusers) may read carry ``SECRET`` in their text, so
the matrix can also check that no one else's answer shows them: a draft title of A's
page, A's document and image, and an access-log line about A.
"""

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import GroupApprovalTask, Site, Workflow

from accounts.cms_permissions import page_collection, page_group_name
from audit.models import AccessAction
from audit.services import access_log_record

SECRET = "SECRET-OF-A"


def cms_world_build(world) -> None:
    """Add the CMS's objects to ``world.ids`` (A is the world's consultation)."""
    page = world.objects["consultation"]
    draft = page.get_latest_revision_as_object()
    draft.title = f"{SECRET} draft title"
    revision = draft.save_revision()
    collection = page_collection(page)
    document = Document.objects.create(
        title=f"{SECRET} minutes", file=ContentFile(b"minutes", name="a.txt"), collection=collection
    )
    image = Image.objects.create(
        title=f"{SECRET} photo", file=get_test_image_file(), collection=collection
    )
    log = access_log_record(
        user=world.users["organiser"],
        action=AccessAction.EXPORT,
        what=f"{SECRET} responses",
        target=page,
        record_count=3,
    )
    workflow = Workflow.objects.create(name="Sign-off")
    task = GroupApprovalTask.objects.create(name="Approve")
    world.ids.update(
        page=page.pk,
        index=page.get_parent().pk,
        revision=revision.pk,
        document=document.pk,
        image=image.pk,
        collection=collection.pk,
        group=Group.objects.get(name=page_group_name(page)).pk,
        user=world.users["resident"].pk,
        site=Site.objects.get(is_default_site=True).pk,
        log=log.pk,
        redirect=Redirect.objects.create(old_path="/old", redirect_link="/").pk,
        workflow=workflow.pk,
        task=task.pk,
        setting=Site.objects.get(is_default_site=True).pk,
    )
