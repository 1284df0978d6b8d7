"""Drives the real server through a client that openapi-python-client
generated from /api/v1/openapi.json, as an integrator would: sign up, sign
in, tasks, a collaboration request, a task tool, and the typed error
envelope. Any status the document does not declare fails the run
(raise_on_unexpected_status).

    python python_client.py BASE_URL   (the generated package on PYTHONPATH)
"""

import datetime
import sys
import uuid

from mat_cha_api_client import AuthenticatedClient, Client
from mat_cha_api_client.api.auth import get_me, login, register
from mat_cha_api_client.api.requests import create_request, list_own_requests
from mat_cha_api_client.api.tasks import call_tool, create_task, list_tasks, update_task
from mat_cha_api_client.models import (
    CallToolBody,
    ErrorBody,
    LoginRequest,
    RegisterRequest,
    RequestForm,
    TaskForm,
    TaskPage,
    TaskPatch,
)


def check(condition, what):
    if not condition:
        sys.exit(f"FAILED: {what}")
    print(f"ok - {what}")


def main(base):
    email = f"py-{uuid.uuid4().hex[:10]}@example.com"
    password = "a long passphrase for python"
    anonymous = Client(base_url=base, raise_on_unexpected_status=True)

    created = register.sync(
        client=anonymous,
        body=RegisterRequest(email=email, password=password, display_name="Siobhán O'Brien", role="brand"),
    )
    check(created.user.email == email, "register answers the new account")

    wrong = login.sync(client=anonymous, body=LoginRequest(email=email, password="not the password"))
    check(isinstance(wrong, ErrorBody) and wrong.error.code == "invalid_credentials", "a wrong password is a typed error")

    pair = login.sync(client=anonymous, body=LoginRequest(email=email, password=password))
    client = AuthenticatedClient(base_url=base, token=pair.access_token, raise_on_unexpected_status=True)
    check(get_me.sync(client=client).user.display_name == "Siobhán O'Brien", "me answers the signed-in account")

    page = list_tasks.sync(client=client)
    check(isinstance(page, TaskPage) and page.total == 0, "a new account has no tasks")
    task = create_task.sync(client=client, body=TaskForm(title="Brief the Müller campaign", priority="high", due="tomorrow"))
    check(task.priority == "high" and task.due, "create_task stores the task with its due date")
    done = update_task.sync(id=task.id, client=client, body=TaskPatch(completed=True))
    check(done.completed, "update_task completes it")
    check(list_tasks.sync(client=client, status="completed").total == 1, "list_tasks filters by status")

    listed = call_tool.sync(name="list_tasks", client=client, body=CallToolBody.from_dict({}))
    check(isinstance(listed, list) and listed[0].title == "Brief the Müller campaign", "the list_tasks tool answers the tasks")

    deadline = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    request = create_request.sync(
        client=client,
        body=RequestForm(
            title="Diwali skincare reels",
            description="Three reels in Hindi and Tamil for our festive range.",
            niches=["beauty"],
            deliverables=["3 Instagram reels"],
            budget_min=20000,
            budget_max=50000,
            budget_currency="inr",
            target_countries=["IN"],
            target_languages=["hi", "ta"],
            deadline=deadline,
        ),
    )
    check(request.request.title == "Diwali skincare reels", "create_request posts the request")
    check(len(list_own_requests.sync(client=client).items) == 1, "list_own_requests lists it")

    refused = create_request.sync(client=client, body=RequestForm(title="", budget_min=-5, deadline="yesterday"))
    fields = {f.field for f in refused.error.fields}
    check(isinstance(refused, ErrorBody) and refused.error.code == "validation_failed", "a bad request is a typed 422")
    check({"title", "deadline"} <= fields, f"every invalid field is named ({sorted(fields)})")


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"))
