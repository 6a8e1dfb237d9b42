"""The CSV file and helpers shared by the import tests (pages, background jobs)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from consultations.models import ResponseImport

HEADER = "id,channel,publish,carer,help,used,used:other,rank,easy:find information,"
HEADER += "easy:get a break,town,hours,since,postcode,age,consent"
CLEAN = "\n".join(
    [
        HEADER,
        "P1,paper,yes,Yes,More breaks,GP;Day centre,,Prevention>Hospitals>Community services,"
        "Easy,Hard,Chelmsford,35,2019-03-01,cm1 1aa,65 or over,yes",
        "P2,phone,no,No,,Other,Carers' café,1. Hospitals; 2. Prevention,,,None,,"
        "27/03/2020,,Prefer not to say,yes",
        "P3,event,,yes,n/a,gp,,,hard,easy,n/a,0,,,,Yes",
    ]
)


def csv_upload(client, page, text, *, encoding="utf-8", name="responses.csv"):
    data = text.encode(encoding) if isinstance(text, str) else text
    response = client.post(
        page.url + "import/", {"file": SimpleUploadedFile(name, data, "text/csv")}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def latest_problems():
    return ResponseImport.objects.latest("pk").problems
