"""The results page: figures against hand-computed ones, suppression, filters and who sees it."""

import uuid

import pytest
from allauth.mfa.models import Authenticator

from accounts.models import Role
from consultations.questions import AnswerValue
from consultations.services import response_submit
from tests.consultations.factories import every_question_type, make_consultation

pytestmark = pytest.mark.django_db

P, C, H = "Prevention", "Community services", "Hospitals"
# Ten people: carer, services used, scale, ranking, matrix (find, break), hours, age.
PEOPLE = [
    ("Yes", ["GP", "Day centre"], 2, [P, C, H], ("Easy", "Hard"), 0, "Under 40"),
    ("Yes", ["GP"], 2, [P, C, H], ("Easy", "Hard"), 5, "Under 40"),
    ("Yes", ["GP", "Respite care"], 2, [P, C, H], ("Easy", "Hard"), 10, "Under 40"),
    ("Yes", ["GP"], 4, [P, C, H], ("Easy", "Hard"), 10, "Under 40"),
    ("Yes", ["GP", "Respite care"], 4, [C, H, P], ("Easy", "Hard"), 15, "40 to 64"),
    ("Yes", ["GP", "Day centre"], 4, [C, H, P], ("Easy", "Hard"), 20, "40 to 64"),
    ("No", ["Respite care"], 4, [C, H, P], ("Easy", "Easy"), 20, "40 to 64"),
    ("No", ["Day centre"], 5, [H, P, C], ("Hard", "Easy"), 30, "65 or over"),
    ("No", ["Respite care"], 5, [H, P, C], ("Hard", "Easy"), 40, "65 or over"),
    ("No", ["Respite care"], 5, [H, P, C], ("Hard", "Hard"), 50, "65 or over"),
]


def answers_for(carer, used, scale, rank, matrix, hours, age, *, town="Chelmsford"):
    return {
        "q-carer": [AnswerValue(carer)],
        "q-used": [AnswerValue(u) for u in used],
        "q-scale": [AnswerValue(str(scale), float(scale))],
        "q-rank": [AnswerValue(o, float(i + 1)) for i, o in enumerate(rank)],
        "q-matrix": [
            AnswerValue(matrix[0], row="find information"),
            AnswerValue(matrix[1], row="get a break"),
        ],
        "q-town": [AnswerValue(town)],
        "q-hours": [AnswerValue(str(hours), float(hours))],
        "q-age": [AnswerValue(age)],
        "q-consent": [AnswerValue("yes")],
    }


def submit(page, answers, *, channel="online", entered_by=None):
    return response_submit(
        page=page,
        user=None,
        answers=answers,
        submission_key=uuid.uuid4(),
        channel=channel,
        entered_by=entered_by,
    )


def submit_people(page, people=PEOPLE):
    return [submit(page, answers_for(*person)) for person in people]


def with_mfa(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


@pytest.fixture
def small_page(home_page):
    page = make_consultation(home_page, suppression_threshold=3)
    submit_people(page)
    return page


@pytest.fixture
def organiser(make_user, small_page):
    return with_mfa(make_user(role=Role.ORGANISER, target=small_page))


@pytest.fixture
def commissioner(make_user, small_page):
    return with_mfa(make_user(role=Role.COMMISSIONER, target=small_page))


def _blocks(response):
    return {b["id"]: b for b in response.context["blocks"]}


def _rows(block):
    return {r["label"]: (r["count"], r["percent"]) for r in block["rows"]}


def test_results_match_hand_computed_counts_and_percentages(client, organiser, small_page):
    client.force_login(organiser)
    response = client.get(small_page.url + "results/")
    assert response.status_code == 200
    blocks = _blocks(response)
    assert _rows(blocks["q-carer"]) == {"Yes": (6, 60.0), "No": (4, 40.0)}
    assert blocks["q-carer"]["total"]["count"] == 10
    used = _rows(blocks["q-used"])
    assert used["GP"] == (6, 60.0)
    assert used["Day centre"] == (3, 30.0)
    assert used["Respite care"] == (5, 50.0)
    assert used["Other"] == (0, 0.0)
    find, rest = blocks["q-matrix"]["parts"]
    assert _rows(find) == {"Easy": (7, 70.0), "Hard": (3, 30.0)}
    assert _rows(rest) == {"Easy": (3, 30.0), "Hard": (7, 70.0)}
    html = response.content.decode()
    assert "10 people have answered" in html
    assert "60.0%" in html and '<table class="govuk-table">' in html


def test_scale_and_number_summaries_match_hand_computed_mean_and_median(
    client, organiser, small_page
):
    client.force_login(organiser)
    blocks = _blocks(client.get(small_page.url + "results/"))
    scale = blocks["q-scale"]
    assert _rows(scale)["2"] == (3, 30.0) and _rows(scale)["4"] == (4, 40.0)
    everyone = scale["summary"][0]
    assert everyone["label"] == "Everyone"
    assert everyone["mean"] == pytest.approx(3.7) and everyone["median"] == 4
    hours = blocks["q-hours"]["summary"][0]
    assert hours["base"] == 10
    assert hours["mean"] == pytest.approx(20.0) and hours["median"] == pytest.approx(17.5)


def test_ranking_shows_first_choices_mean_rank_and_borda(client, organiser, small_page):
    client.force_login(organiser)
    blocks = _blocks(client.get(small_page.url + "results/"))
    ranking = {r["label"]: r for r in blocks["q-rank"]["ranking"]}
    assert [ranking[o]["first"]["count"] for o in (P, C, H)] == [4, 3, 3]
    assert [ranking[o]["mean_rank"] for o in (P, C, H)] == pytest.approx([1.9, 2.0, 2.1])
    assert [ranking[o]["borda"] for o in (P, C, H)] == [11, 10, 9]


def test_who_we_heard_from_shows_shares_beside_population_targets(client, organiser, small_page):
    client.force_login(organiser)
    response = client.get(small_page.url + "results/")
    age = next(r for r in response.context["representation"] if r["id"] == "q-age")
    rows = {r["label"]: r for r in age["rows"]}
    assert rows["Under 40"]["stated"] == 40.0 and rows["Under 40"]["target"] == 45.0
    assert rows["Under 40"]["gap"] == -5.0
    assert rows["65 or over"]["gap"] == pytest.approx(8.0)
    assert "Who we heard from" in response.content.decode()


def test_breakdown_by_demographic_shows_cross_tab_with_small_cells_hidden(
    client, organiser, small_page
):
    client.force_login(organiser)
    response = client.get(small_page.url + "results/", {"by": "q-age"})
    crosstab = _blocks(response)["q-carer"]["crosstab"]
    assert crosstab["groups"][:3] == ["Under 40", "40 to 64", "65 or over"]
    yes = crosstab["rows"][0]["cells"]
    assert yes[1]["hidden"]  # 2 of the 40 to 64s said Yes: under 3
    assert sum(c["hidden"] for c in yes) >= 2  # and another, so the total cannot give it away
    assert 'href="#hidden-figures">hidden</a>' in response.content.decode()


def test_filter_by_group_shows_that_groups_answers_only(client, organiser, small_page):
    client.force_login(organiser)
    response = client.get(small_page.url + "results/", {"group": "q-age:Under 40"})
    blocks = _blocks(response)
    assert blocks["q-carer"]["total"]["count"] == 4
    assert blocks["q-hours"]["summary"][0]["mean"] == pytest.approx(6.25)
    assert "Showing answers from" in response.content.decode()


def test_filter_by_channel_counts_staff_entered_paper_responses(client, organiser, small_page):
    for person in PEOPLE[:3]:
        submit(small_page, answers_for(*person), channel="paper")
    client.force_login(organiser)
    response = client.get(small_page.url + "results/", {"group": "channel:paper"})
    assert _rows(_blocks(response)["q-carer"])["Yes"] == (3, 100.0)


def test_unknown_filter_values_are_ignored(client, organiser, small_page):
    client.force_login(organiser)
    response = client.get(small_page.url + "results/", {"group": "q-age:<script>", "by": "nope"})
    assert response.status_code == 200 and response.context["group"] is None


def test_default_threshold_hides_small_numbers(client, home_page, make_user):
    page = make_consultation(home_page)
    submit_people(page, PEOPLE[:6])
    client.force_login(with_mfa(make_user(role=Role.ORGANISER, target=page)))
    response = client.get(page.url + "results/")
    html = response.content.decode()
    assert "Fewer than 10 people have answered" in html
    carer = _blocks(response)["q-carer"]
    assert all(r["hidden"] for r in carer["rows"]) and carer["total"]["hidden"]
    assert "Why some figures are hidden" in html


def test_results_page_without_responses_says_so(client, home_page, make_user):
    page = make_consultation(home_page)
    client.force_login(with_mfa(make_user(role=Role.COMMISSIONER, target=page)))
    assert "There are no responses yet" in client.get(page.url + "results/").content.decode()


def test_commissioner_of_this_consultation_sees_results(client, commissioner, small_page):
    client.force_login(commissioner)
    assert client.get(small_page.url + "results/").status_code == 200


def test_anonymous_is_sent_to_sign_in_before_publication(client, small_page):
    response = client.get(small_page.url + "results/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_resident_is_refused_before_publication(client, make_user, small_page):
    client.force_login(make_user(role=Role.RESIDENT))
    assert client.get(small_page.url + "results/").status_code == 403


def test_commissioner_of_another_consultation_is_refused(client, make_user, home_page, small_page):
    other = make_consultation(home_page)
    client.force_login(with_mfa(make_user(role=Role.COMMISSIONER, target=other)))
    assert client.get(small_page.url + "results/").status_code == 403


def test_public_sees_published_results_without_download_links(client, small_page):
    small_page.results_published = True
    small_page.save_revision().publish()
    response = client.get(small_page.url + "results/")
    assert response.status_code == 200
    assert "export/csv/" not in response.content.decode()


def test_consultation_page_links_to_results_for_staff_only(
    client, organiser, make_user, small_page
):
    client.force_login(make_user(role=Role.RESIDENT))
    assert "See the results" not in client.get(small_page.url).content.decode()
    client.force_login(organiser)
    assert "See the results" in client.get(small_page.url).content.decode()


def test_cms_links_to_results_and_downloads(client, make_user, small_page):
    admin = with_mfa(make_user(is_superuser=True, is_staff=True))
    client.force_login(admin)
    listing = client.get(f"/cms/pages/{small_page.get_parent().pk}/").content.decode()
    assert f"{small_page.url}results/" in listing
    header = client.get(f"/cms/pages/{small_page.pk}/edit/").content.decode()
    assert f"{small_page.url}export/csv/" in header


@pytest.fixture
def filter_page(home_page):
    """The ten people again, with the hours and ranking questions offered as filters."""
    questions = every_question_type()
    for block in questions:
        if block["id"] in ("q-hours", "q-rank"):
            block["value"]["results_filter"] = True
    page = make_consultation(home_page, questions=questions, suppression_threshold=3)
    submit_people(page)
    return page


def test_number_and_ranking_filters_are_offered_only_when_the_organiser_chooses(
    client, organiser, small_page
):
    client.force_login(organiser)
    response = client.get(small_page.url + "results/", {"group": "q-hours--band:30 or more"})
    assert response.context["group"] is None
    assert [d.id for d in response.context["dimensions"]] == ["q-age", "channel"]


def test_number_question_bands_filter_and_break_down_results(client, filter_page, make_user):
    # Hours 0, 5, 10, 10, 15, 20, 20, 30, 40, 50: quartiles 10, 17.5, 27.5 round to 10, 20, 30.
    client.force_login(with_mfa(make_user(role=Role.ORGANISER, target=filter_page)))
    response = client.get(filter_page.url + "results/", {"group": "q-hours--band:30 or more"})
    assert response.context["group_label"] == "Hours a week spent caring (bands): 30 or more"
    blocks = _blocks(response)
    assert _rows(blocks["q-carer"]) == {"Yes": (0, 0.0), "No": (3, 100.0)}
    response = client.get(filter_page.url + "results/", {"by": "q-hours--band"})
    crosstab = _blocks(response)["q-carer"]["crosstab"]
    assert crosstab["groups"][:4] == ["Under 10", "10 to 19", "20 to 29", "30 or more"]
    yes = crosstab["rows"][0]["cells"]
    assert yes[1] == {"count": 3, "percent": 100.0, "hidden": False}  # 10, 10 and 15 hours
    assert yes[0]["hidden"]  # two people under 10 hours: under the threshold of 3


def test_ranking_first_choice_filters_results(client, filter_page, make_user):
    client.force_login(with_mfa(make_user(role=Role.ORGANISER, target=filter_page)))
    response = client.get(filter_page.url + "results/", {"group": f"q-rank--first:{P}"})
    blocks = _blocks(response)
    assert _rows(blocks["q-carer"]) == {"Yes": (4, 100.0), "No": (0, 0.0)}
    assert blocks["q-hours"]["summary"][0]["mean"] == pytest.approx(6.25)
    labels = [d.label for d in response.context["dimensions"]]
    assert "Rank these priorities: put first" in labels
    assert "Hours a week spent caring (bands)" in labels


def test_derived_dimensions_are_not_in_who_we_heard_from(client, filter_page, make_user):
    client.force_login(with_mfa(make_user(role=Role.ORGANISER, target=filter_page)))
    response = client.get(filter_page.url + "results/")
    assert {r["id"] for r in response.context["representation"]} == {"q-age", "channel"}


def test_headline_count_is_the_responses_counted_not_fewer_than_the_threshold(
    client, home_page, make_user, settings
):
    # The demo survey hid its total to protect small groups, and the page then said
    # "Fewer than 10 people have answered" above tables counting hundreds.
    from consultations.demo import SURVEY_SLUG, demo_consultations
    from consultations.selectors import submitted

    settings.CONSULTATION_RESULTS_INLINE_UNDER = 1000
    page = demo_consultations(home_page, responses=120)[SURVEY_SLUG]
    client.force_login(with_mfa(make_user(role=Role.COMMISSIONER, target=page)))
    response = client.get(page.url + "results/")
    html = response.content.decode()
    n = submitted(page).count()
    assert response.context["data"].respondents == n
    assert f"{n} people have answered" in html and "Fewer than" not in html
    for b in response.context["blocks"]:
        if b.get("total") and not b["total"]["hidden"]:
            assert b["total"]["count"] <= n


def test_a_hidden_count_says_why_when_it_is_not_small(client, organiser, small_page, monkeypatch):
    from consultations import results_views

    real = results_views.page_results

    def hidden_total(page):
        shown = real(page)
        shown.data.respondents = None
        return shown

    monkeypatch.setattr(results_views, "page_results", hidden_total)
    client.force_login(organiser)
    html = client.get(small_page.url + "results/").content.decode()
    assert "Fewer than" not in html
    assert "The number of people who have answered is hidden" in html


def test_results_start_with_a_summary_and_a_contents_list_of_every_question(
    client, organiser, small_page
):
    client.force_login(organiser)
    response = client.get(small_page.url + "results/")
    html = response.content.decode()
    summary = html.index('id="results-summary"')
    assert summary < html.index('id="contents-title"') < html.index("<section class=")
    assert "Responses counted</dt>" in html and "Received</dt>" in html
    assert "How people answered</dt>" in html and "Online: 10</li>" in html
    assert "Most chose “Yes” (60.0%)" in html
    start = html.index('id="contents-title"')
    contents = html[start : html.index("</nav>", start)]
    for b in response.context["blocks"]:
        assert f'href="#{b["anchor"]}"' in contents
        assert f'id="{b["anchor"]}"' in html
    assert 'href="#who-we-heard-from"' in contents and 'href="#hidden-figures"' in contents
