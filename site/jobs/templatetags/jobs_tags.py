"""``{% troubled_jobs %}``: the jobs that failed, for the person's home page."""

from django import template

from jobs.registry import may_retry
from jobs.selectors import jobs_troubled

register = template.Library()


@register.inclusion_tag("jobs/includes/troubled_jobs.html", takes_context=True)
def troubled_jobs(context):
    user = context["request"].user
    jobs = jobs_troubled(user=user) if user.is_authenticated else []
    return {
        "rows": [{"job": job, "retry": may_retry(job.kind)} for job in jobs],
        "csrf_token": context.get("csrf_token"),
    }
