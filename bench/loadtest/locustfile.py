"""The load test's virtual users (Locust, run headless by `manage.py bench`).

Each virtual user signs in once, as one of the seeded officers or team leads (as a person does
at the start of a working session: sign-in hashes a password on purpose, so it is not a task
repeated in the mix). Officers then mix reading the bank and their plans (the plan, its review,
history and evaluation pages, their team's readiness), downloading documents (the evaluation
plan as PDF and workbook, the plan report as PDF and Word) and wizard saves (the plan's problem
and impact, a new intermediate outcome); team leads (one virtual user in ten) read their
dashboard, their team's plans' review and history pages, the council portfolio and the
readiness pages. Add a scenario as a task of `Officer` or `TeamLead` with its weight. Every write the server acknowledges is
appended to the file in IOI_LOAD_WRITES as "<kind> <key>" (`session <session key>` for a
sign-in, `outcome <text>` for a new outcome, `impact <plan id> <text>` for a saved impact), so the
command can count afterwards that each is still in the database.

Loopback only: the command passes --host http://127.0.0.1:<port>.
"""

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

import requests
from django_otp.oath import totp
from locust import HttpUser, User, between, constant, task

DATA = json.loads(open(os.environ["IOI_LOAD_DATA"]).read())  # noqa: SIM115, PTH123
WRITES = os.environ["IOI_LOAD_WRITES"]
PEOPLE = itertools.cycle(DATA["people"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
SAVES = itertools.count()


def acknowledge(kind: str, key: str) -> None:
    with open(WRITES, "a") as writes:  # noqa: PTH123
        writes.write(f"{kind} {key}\n")


# How many virtual users have finished signing in (Locust runs them as greenlets of one process).
STARTED = {"users": 0}
LEADS = itertools.cycle(DATA["leads"])


class Person(HttpUser):
    """A signed-in person of a council: signs in, reads pages, downloads documents."""

    abstract = True
    wait_time = between(1, 3)

    def on_start(self):
        self.person = self.next_person()
        self.sign_in()
        STARTED["users"] += 1
        if STARTED["users"] == self.environment.parsed_options.num_users:
            # Everyone is signed in: the working session's figures start now, so the burst of
            # sign-ins at the start (each hashes a password, on purpose slowly) is not in them.
            self.environment.runner.stats.reset_all()

    def next_person(self) -> dict:
        raise NotImplementedError

    def any_plan(self) -> str:
        """The address of one of this person's plans, picked at random."""
        return random.choice(self.person["plans"])  # noqa: S311

    def sign_in(self):
        """A write: sign in afresh, which stores a new session."""
        self.client.cookies.clear()
        form = self.client.get("/sign-in/", name="sign-in form")
        token = CSRF.search(form.text or "")
        data = {
            "username": self.person["email"],
            "password": DATA["password"],
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "next": "",
        }
        with self.client.post(
            "/sign-in/", data=data, allow_redirects=False, catch_response=True, name="sign in"
        ) as response:
            session = self.client.cookies.get("sessionid")
            if response.status_code == 302 and session:
                response.success()
                acknowledge("session", session)
            else:
                response.failure(f"sign-in answered {response.status_code}")

    def read(self, path: str, name: str):
        with self.client.get(
            path, allow_redirects=False, catch_response=True, name=name
        ) as response:
            if response.status_code != 200:
                response.failure(redirect_failure(response))
            if response.status_code == 302:
                self.sign_in()  # signed out (a sign-in failed): sign in again, as a person would

    def save(self, path: str, name: str, fields: dict[str, str]) -> bool:
        """A wizard save, as a browser does it: fetch the form, then send it back with its CSRF
        token and the plan version it was made from. True when the server says it is saved."""
        form = self.client.get(path, name=f"{name} form")
        token, version = CSRF.search(form.text or ""), VERSION.search(form.text or "")
        if form.status_code != 200 or not token or not version:
            return False
        data = {**fields, "csrfmiddlewaretoken": token.group(1), "version": version.group(1)}
        with self.client.post(
            path, data=data, allow_redirects=False, catch_response=True, name=name
        ) as response:
            if response.status_code == 302:  # saved: the wizard moves on
                response.success()
                return True
            response.failure(f"{name} answered {response.status_code}")
            return False

    def export(self, path: str, name: str):
        """Ask for a document as a person does: it downloads at once, or (built by a background
        job) the page that shows its progress comes first, and is checked every few seconds
        until the document is ready, then downloaded. If the plan changed meanwhile (this user
        saves to the same plans), asking again prepares the new version: followed the same way,
        up to three times."""
        for attempt in range(3):
            label = name if attempt == 0 else f"{name}: download when ready"
            with self.client.get(
                path, allow_redirects=False, catch_response=True, name=label
            ) as response:
                if response.status_code == 200:
                    return
                location = response.headers.get("Location", "")
                if response.status_code != 302 or "/documents/" not in location:
                    response.failure(redirect_failure(response))
                    if response.status_code == 302:
                        self.sign_in()
                    return
                response.success()
            for _check in range(200):
                time.sleep(3)
                state = self.client.get(f"{location}?format=json", name=f"{name}: progress")
                if state.status_code == 200 and state.json().get("finished"):
                    break


def redirect_failure(response) -> str:
    """What a failed read answered; for a redirect, where to and whether the request carried a
    session (a redirect to sign-in with a session cookie means the server did not find it)."""
    path = response.request.path_url
    if response.status_code != 302:
        return f"{path} answered {response.status_code}"
    had_session = "sessionid=" in (response.request.headers.get("Cookie") or "")
    where = response.headers.get("Location", "").split("?")[0]
    return f"{path} answered 302 to {where} ({'with' if had_session else 'without'} a session)"


class Officer(Person):
    weight = 9

    def next_person(self) -> dict:
        return next(PEOPLE)

    def unique_text(self, what: str) -> str:
        return f"{what} {self.person['email']} {next(SAVES)} {random.getrandbits(32)}"  # noqa: S311

    @task(2)
    def save_problem_and_impact(self):
        plan = self.any_plan()
        impact = self.unique_text("Impact")
        fields = {"problem": "Newcomers and neighbours rarely meet", "impact": impact}
        if self.save(f"{plan}steps/problem-and-impact/", "wizard save: impact", fields):
            plan_id = plan.strip("/").rsplit("/", 1)[-1]
            acknowledge("impact", f"{plan_id} {impact}")

    @task(2)
    def add_an_outcome(self):
        plan = self.any_plan()
        text = self.unique_text("Outcome")
        fields = {"text": text, "baseline": "", "target": ""}
        if self.save(f"{plan}items/outcomes/add/", "wizard save: outcome", fields):
            acknowledge("outcome", text)

    @task(1)
    def export_the_evaluation_plan(self):
        plan = self.any_plan()
        self.export(f"{plan}evaluation.pdf", "export: evaluation PDF")

    @task(1)
    def export_the_evaluation_workbook(self):
        plan = self.any_plan()
        self.export(f"{plan}evaluation.xlsx", "export: evaluation workbook")

    @task(4)
    def dashboard(self):
        self.read("/", "dashboard")

    @task(6)
    def search_the_indicator_bank(self):
        term = random.choice(DATA["searches"])  # noqa: S311
        self.read(f"/indicators/?q={term}", "indicator bank search")

    @task(2)
    def browse_the_indicator_bank(self):
        self.read(f"/indicators/?page={random.randint(1, 5)}", "indicator bank page")  # noqa: S311

    @task(3)
    def domain_page(self):
        self.read(random.choice(DATA["domains"]), "domain page")  # noqa: S311

    @task(3)
    def indicator_page(self):
        self.read(random.choice(DATA["indicators"]), "indicator page")  # noqa: S311

    @task(4)
    def plan_page(self):
        self.read(self.any_plan(), "plan page")

    @task(1)
    def framework(self):
        self.read("/framework/", "framework")

    @task(2)
    def evaluation_page(self):
        self.read(f"{self.any_plan()}evaluation/", "evaluation page")

    @task(1)
    def plan_history(self):
        self.read(f"{self.any_plan()}history/", "plan history")

    @task(1)
    def review_page(self):
        self.read(f"{self.any_plan()}review/", "review page")

    @task(1)
    def readiness(self):
        self.read("/readiness/", "readiness")

    @task(1)
    def download_the_plan_report(self):
        plan = self.any_plan()
        kind = random.choice(["pdf", "docx"])  # noqa: S311
        self.export(f"{plan}report.{kind}", f"export: plan report {kind}")


class TeamLead(Person):
    """A team lead: reviews the team's plans, sees the council's work as a whole."""

    weight = 1

    def next_person(self) -> dict:
        return next(LEADS)

    @task(3)
    def dashboard(self):
        self.read("/", "lead: dashboard")

    @task(4)
    def review_page(self):
        self.read(f"{self.any_plan()}review/", "lead: review page")

    @task(2)
    def plan_history(self):
        self.read(f"{self.any_plan()}history/", "lead: plan history")

    @task(2)
    def portfolio(self):
        self.read("/portfolio/", "lead: council portfolio")

    @task(1)
    def readiness_overview(self):
        self.read("/readiness/council/", "lead: readiness council overview")

    @task(1)
    def readiness_round(self):
        self.read(self.person["assessment"], "lead: readiness round")


RETIRES = re.compile(r"type the number of indicators it retires \((\d+)\)")
SELECTED = re.compile(
    r'<select name="(\w+)".*?<option value="([^"]*)"[^>]*\bselected\b', flags=re.S
)


class LongWork(User):
    """One person doing the longest work the service allows while the officers work: the
    officer of the largest plan exports its evaluation PDF, then site staff upload, preview and
    apply the largest toolkit file, all through the pages. Its requests go through a session of
    its own, outside Locust's figures (which stay those of the other pages); how long each piece
    took, from asking to having the result, goes to the file in IOI_LOAD_LONG_WORK."""

    fixed_count = 1
    wait_time = constant(600)

    def on_start(self):
        STARTED["users"] += 1
        if STARTED["users"] == self.environment.parsed_options.num_users:
            self.environment.runner.stats.reset_all()
        self.done: dict[str, float | str] = {}
        self.web = requests.Session()

    def save(self) -> None:
        Path(os.environ["IOI_LOAD_LONG_WORK"]).write_text(json.dumps(self.done))

    def get(self, path: str, **options):
        return self.web.get(f"{self.host}{path}", timeout=120, **options)

    def post(self, path: str, data: dict, **options):
        page = self.get(path)
        token = CSRF.search(page.text)
        fields = {**data, "csrfmiddlewaretoken": token.group(1) if token else ""}
        return self.web.post(
            f"{self.host}{path}",
            data=fields,
            timeout=120,
            headers={"Referer": self.host},
            **options,
        )

    def sign_in(self, email: str, key: str = "") -> None:
        self.web.cookies.clear()
        self.post("/sign-in/", {"username": email, "password": DATA["password"], "next": ""})
        if key:
            code = f"{totp(bytes.fromhex(key)):06d}"
            self.post("/sign-in/code/", {"code": code})

    def wait_for(self, url: str, what: str) -> bool:
        """Check the job's page every 3 seconds, as its page does, until it has finished."""
        for _check in range(400):
            state = self.get(f"{url}?format=json")
            if state.status_code == 200 and state.json().get("finished"):
                return state.json().get("status") == "done"
            time.sleep(3)
        self.done[what] = "still not finished after 20 minutes"
        return False

    @task
    def the_longest_work(self):
        # After the PostgreSQL restart (the command marks it with a file), so the figures of the
        # restart and of the long work each say one thing.
        marker = Path(os.environ["IOI_LOAD_LONG_WORK"]).with_name("postgres-restarted")
        while not marker.exists():
            time.sleep(1)
        work = DATA["long_work"]
        self.sign_in(work["officer"])
        started = time.monotonic()
        pdf = f"{work['plan']}evaluation.pdf"
        response = self.get(pdf, allow_redirects=False)
        location = response.headers.get("Location", "").replace(self.host, "")
        if response.status_code == 302 and self.wait_for(location, "largest_plan_pdf"):
            response = self.get(pdf, allow_redirects=False)
        if response.headers.get("Content-Type") == "application/pdf":
            self.done["largest_plan_pdf"] = round(time.monotonic() - started, 1)
        else:
            self.done["largest_plan_pdf"] = f"answered {response.status_code}"
        self.save()

        self.sign_in(work["staff"], work["staff_totp_key"])
        started = time.monotonic()
        upload = self.get("/toolkit/imports/new/")
        token = CSRF.search(upload.text)
        with open(work["toolkit_file"], "rb") as file:  # noqa: PTH123
            response = self.web.post(
                f"{self.host}/toolkit/imports/new/",
                data={"csrfmiddlewaretoken": token.group(1) if token else ""},
                files={"workbook": ("largest.xlsx", file)},
                headers={"Referer": self.host},
                timeout=120,
            )
        self.done["toolkit_upload"] = round(time.monotonic() - started, 1)
        columns = response.url
        if "/columns/" not in columns:
            self.done["toolkit_preview"] = f"the upload answered {response.status_code}"
            self.save()
            return
        mapping = dict(SELECTED.findall(response.text))
        started = time.monotonic()
        response = self.post(columns.replace(self.host, ""), mapping, allow_redirects=False)
        detail = response.headers.get("Location", "").replace(self.host, "")
        if self.wait_for(detail, "toolkit_preview"):
            self.done["toolkit_preview"] = round(time.monotonic() - started, 1)
        self.save()
        started = time.monotonic()
        # The generated file matches none of the bank and would retire most of it: the admin
        # types the number it retires, as the page asks.
        retires = RETIRES.search(self.get(detail).text)
        confirmation = retires.group(1) if retires else ""
        self.post(f"{detail}apply/", {"confirmation": confirmation}, allow_redirects=False)
        if self.wait_for(detail, "toolkit_apply"):
            self.done["toolkit_apply"] = round(time.monotonic() - started, 1)
        self.save()
