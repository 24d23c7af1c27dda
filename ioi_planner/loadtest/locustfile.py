"""The load test's virtual users (Locust, run headless by `manage.py bench`).

Each virtual user signs in as one of the seeded officers and then mixes reading tasks. Add a
scenario as a task of `Officer` with its weight: wizard saves and exports join as those
features land. Every write the server acknowledges is appended to the file in IOI_LOAD_WRITES
(today: the session a successful sign-in creates), so the command can count afterwards that
each is still in the database.

Loopback only: the command passes --host http://127.0.0.1:<port>.
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

DATA = json.loads(open(os.environ["IOI_LOAD_DATA"]).read())  # noqa: SIM115, PTH123
WRITES = os.environ["IOI_LOAD_WRITES"]
PEOPLE = itertools.cycle(DATA["people"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Officer(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.person = next(PEOPLE)
        self.sign_in()

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
                with open(WRITES, "a") as writes:  # noqa: PTH123
                    writes.write(session + "\n")
            else:
                response.failure(f"sign-in answered {response.status_code}")

    def read(self, path: str, name: str):
        with self.client.get(
            path, allow_redirects=False, catch_response=True, name=name
        ) as response:
            if response.status_code != 200:
                response.failure(f"{path} answered {response.status_code}")
            if response.status_code == 302:
                self.sign_in()  # signed out (a sign-in failed): sign in again, as a person would

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
        self.read(random.choice(self.person["plans"]), "plan page")  # noqa: S311

    @task(1)
    def framework(self):
        self.read("/framework/", "framework")

    @task(1)
    def sign_in_again(self):
        self.sign_in()
