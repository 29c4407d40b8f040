#!/usr/bin/env python3
"""Crash safety under load, proven against PostgreSQL (run by bench/crash-test.sh, which makes the database).

Client threads push transaction bundles as data holders and change permissions as patients and holders,
and record every write the server acknowledged (a 2xx answer). Meanwhile the server is killed with
SIGKILL at random moments and started again; then PostgreSQL is stopped for some seconds under load and
started again. At the end the stored data is checked through the FHIR API and, where the API cannot
tell, in SQL: every acknowledged write is there, every bundle is stored whole or not at all, every
permission is in one consistent state, every stored version has its AuditEvent, and the server answers.
Prints the figures and exits 1 on any violation.
"""

import argparse
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

BATCH_TAG = "https://schakelpunt.nl/fhir/CodeSystem/crash-test-batch"
BSN = "http://fhir.nl/fhir/NamingSystem/bsn"
CHANNEL_EXTENSION = "https://schakelpunt.nl/fhir/StructureDefinition/permission-channel"
CHANNEL_SYSTEM = "https://schakelpunt.nl/fhir/CodeSystem/permission-channel"
HOLDERS = ["gp-de-linde", "gp-haven"]
ENTRIES_PER_BUNDLE = 3
# Answers that mean the request did not reach a decision: the server or its database was away.
UNAVAILABLE = "no answer"
OUTAGE_GRACE_SECONDS = 1
SLOW_SECONDS = 10


def log(message):
    print(time.strftime("%H:%M:%S"), message, flush=True)


class Relay:
    """A TCP relay from a loopback port to PostgreSQL. Cutting it drops every connection and refuses new ones, as a
    database that went down does, for a run that must not stop a cluster other work is using; while PostgreSQL
    itself is down the relay refuses too."""

    def __init__(self, target_port):
        self.target_port = target_port
        self.connections = set()
        self.lock = threading.Lock()
        self.listener = None
        self.port = 0
        self.listen()

    def listen(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self.accept, args=(listener,), daemon=True).start()

    def accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut: no more connections until restored
            try:
                target = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self.lock:
                self.connections.update((client, target))
            for a, b in ((client, target), (target, client)):
                threading.Thread(target=self.pump, args=(a, b), daemon=True).start()

    def pump(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass  # one side is gone; both are closed below, as a dropped connection is
        finally:
            for end in (source, sink):
                with self.lock:
                    self.connections.discard(end)
                self.drop(end)

    @staticmethod
    def drop(end):
        """Ends a connection (or the listener) for every thread: close() alone neither wakes a thread blocked in
        recv() or accept() nor tells the far side, which would leave PostgreSQL a session of a killed server
        holding its locks, or the relay accepting connections after a cut."""
        try:
            end.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already shut down by the other thread, or never connected
        end.close()

    def cut(self):
        self.drop(self.listener)
        with self.lock:
            for connection in self.connections:
                self.drop(connection)
            self.connections.clear()

    def restore(self):
        self.listen()


class Server:
    """The server process: started, killed with SIGKILL, started again."""

    def __init__(self, args):
        self.args = args
        self.base = f"http://127.0.0.1:{args.port}"
        self.process = None
        self.starts = 0
        self.up = threading.Event()

    def start(self):
        self.starts += 1
        env = dict(os.environ, SCHAKELPUNT_DB_URL=self.args.db_url, SCHAKELPUNT_DB_USER="postgres",
                   SCHAKELPUNT_DB_PASSWORD="")
        log_file = open(os.path.join(self.args.out, f"server-{self.starts}.log"), "w")
        self.process = subprocess.Popen(
            ["java", "-Xmx1g", "-jar", self.args.jar, "--spring.profiles.active=embedded,postgres",
             f"--server.port={self.args.port}"], env=env, stdout=log_file, stderr=subprocess.STDOUT)
        started = time.monotonic()
        while True:
            if self.process.poll() is not None:
                raise SystemExit(f"the server stopped at start-up, see {log_file.name}")
            if time.monotonic() - started > self.args.start_timeout:
                raise SystemExit(f"the server was not ready in {self.args.start_timeout} s, see {log_file.name}")
            if readiness(self.base) == 200:
                break
            time.sleep(0.5)
        self.up.set()
        return time.monotonic() - started

    def kill(self):
        self.up.clear()
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def readiness(base):
    try:
        with urllib.request.urlopen(base + "/actuator/health/readiness", timeout=5) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


class Answer:
    def __init__(self, status, body, content_type=""):
        self.status = status
        self.body = body
        self.content_type = content_type

    def ok(self):
        return isinstance(self.status, int) and 200 <= self.status < 300

    def json(self):
        return json.loads(self.body)


class Fhir:
    """HTTP with demo tokens; a token is asked for again after a restart (the demo issuer's key is new)."""

    def __init__(self, base, timeout):
        self.base = base
        self.timeout = timeout
        self.tokens = {}
        self.lock = threading.Lock()

    def token(self, who):
        key = json.dumps(who, sort_keys=True)
        with self.lock:
            if key in self.tokens:
                return self.tokens[key]
        answer = self.raw("POST", "/demo/token", json.dumps(who).encode(), {"Content-Type": "application/json"})
        if answer.status != 200:
            return None
        token = answer.json()["access_token"]
        with self.lock:
            self.tokens[key] = token
        return token

    def forget_tokens(self):
        with self.lock:
            self.tokens.clear()

    def call(self, who, method, path, body=None, accept="application/fhir+json"):
        token = self.token(who)
        if token is None:
            return Answer(UNAVAILABLE, "")
        headers = {"Authorization": "Bearer " + token, "Accept": accept}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/fhir+json"
        answer = self.raw(method, path, data, headers)
        if answer.status == 401:
            # Signed by the demo issuer of a server that has since been killed.
            self.forget_tokens()
        return answer

    def raw(self, method, path, data=None, headers=None):
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return Answer(answer.status, answer.read().decode(), answer.headers.get("Content-Type", ""))
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode(errors="replace"), error.headers.get("Content-Type", ""))
        except OSError:
            return Answer(UNAVAILABLE, "")


def holder(organization):
    return {"persona": "org-" + organization}


def patient_token(bsn):
    return {"claims": {"requester_type": "patient", "patient_bsn": bsn, "login_assurance": "substantieel",
                       "scope": "patient/*.rs patient/Consent.cu"}}


class Bsns:
    """Fresh BSNs that pass the 11-check, outside the demo data's range."""

    def __init__(self, seed):
        self.next = 970000000 + seed % 1000 * 10000
        self.lock = threading.Lock()

    def fresh(self):
        with self.lock:
            while True:
                self.next += 1
                digits = [int(c) for c in str(self.next)]
                if (sum(d * w for d, w in zip(digits[:8], range(9, 1, -1))) - digits[8]) % 11 == 0:
                    return str(self.next)


def tagged(resource, batch):
    resource["meta"] = {"tag": [{"system": BATCH_TAG, "code": batch}]}
    return resource


def new_patient(bsn, batch):
    return tagged({"resourceType": "Patient", "identifier": [{"system": BSN, "value": bsn}],
                   "name": [{"family": "Crash", "given": ["Test"]}]}, batch)


def condition(subject, code, status, batch):
    return tagged({"resourceType": "Condition",
                   "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                                                  "code": status}]},
                   "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icpc-1-nl", "code": code}]},
                   "subject": {"reference": subject}}, batch)


def push_bundle(bsn, batch):
    subject = "urn:uuid:" + str(uuid.uuid4())
    resources = [new_patient(bsn, batch), condition(subject, "K86", "active", batch),
                 condition(subject, "R74", "resolved", batch)]
    entries = []
    for i, resource in enumerate(resources):
        entries.append({"fullUrl": subject if i == 0 else "urn:uuid:" + str(uuid.uuid4()), "resource": resource,
                        "request": {"method": "POST", "url": resource["resourceType"]}})
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def online_request(patient_id, organization):
    return {"resourceType": "Consent", "status": "proposed",
            "extension": [{"url": CHANNEL_EXTENSION, "valueCoding": {"system": CHANNEL_SYSTEM, "code": "online"}}],
            "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope",
                                  "code": "patient-privacy"}]},
            "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
            "patient": {"reference": "Patient/" + patient_id},
            "dateTime": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
            "organization": [{"reference": "Organization/" + organization}],
            "policyRule": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "OPTIN"}]},
            "provision": {"type": "permit",
                          "actor": [{"role": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                                          "code": "CST"}]},
                                     "reference": {"reference": "Organization/" + organization}}],
                          "purpose": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": "TREAT"}]}}


class Ledger:
    """What the clients sent and what the server acknowledged, and every status seen, by phase."""

    def __init__(self):
        self.lock = threading.Lock()
        self.bundles = {}  # batch -> {"acked": bool, "locations": [...], "holder": org}
        self.patients = {}  # patient id -> holder, for the permission clients' patients
        self.permissions = []  # Permission objects
        self.acknowledged = 0
        self.phase = "load"
        self.statuses = {}  # phase -> {status: count}
        self.outage_answers = []  # (status, content type, start of the body)
        self.slow = []  # requests that took longer than SLOW_SECONDS

    def seen(self, answer):
        with self.lock:
            counts = self.statuses.setdefault(self.phase, {})
            counts[answer.status] = counts.get(answer.status, 0) + 1
            if self.phase == "database down" and len(self.outage_answers) < 200:
                self.outage_answers.append((answer.status, answer.content_type, answer.body[:400]))

    def ack(self):
        with self.lock:
            self.acknowledged += 1


class Permission:
    """One Consent and its transitions: each state the client asked for, and whether the server acknowledged it."""

    def __init__(self, pair):
        self.pair = pair
        self.id = None
        self.steps = []  # (status asked for, acknowledged)

    def possible(self, later_activation):
        """The statuses the stored Consent may have: after the last acknowledged step, or after a later step
        whose answer was lost; inactive too when a later permission of the same pair may have been activated."""
        last_acked = max((i for i, (_, acked) in enumerate(self.steps) if acked), default=-1)
        statuses = {status for i, (status, _) in enumerate(self.steps) if i >= last_acked}
        if "active" in statuses and later_activation:
            statuses.add("inactive")
        return statuses


class Client(threading.Thread):
    def __init__(self, name, fhir, server, ledger, bsns, deadline, rng):
        super().__init__(name=name, daemon=True)
        self.fhir = fhir
        self.server = server
        self.ledger = ledger
        self.bsns = bsns
        self.deadline = deadline
        self.rng = rng
        self.errors = []

    def call(self, who, method, path, body=None):
        self.server.up.wait(timeout=300)
        asked = time.monotonic()
        answer = self.fhir.call(who, method, path, body)
        took = time.monotonic() - asked
        self.ledger.seen(answer)
        if took > SLOW_SECONDS:
            with self.ledger.lock:
                self.ledger.slow.append(f"{method} {path} during {self.ledger.phase}: {answer.status} after {took:.0f} s")
        if answer.ok():
            self.ledger.ack()
        elif answer.status in (UNAVAILABLE, 401, 503):
            # The server is away or starting, the token was signed by a killed server, or the database is down.
            time.sleep(0.2)
        else:
            self.errors.append(f"{method} {path}: {answer.status} {answer.body[:300]}")
        return answer

    def run(self):
        try:
            while time.monotonic() < self.deadline.value:
                self.step()
        except Exception as error:  # the thread's failure must reach the report, not vanish with it
            self.errors.append(f"{self.name} stopped: {error!r}")


class BundlePusher(Client):
    def __init__(self, organization, *rest):
        super().__init__(*rest)
        self.organization = organization

    def step(self):
        batch = str(uuid.uuid4())
        record = {"acked": False, "locations": [], "holder": self.organization}
        with self.ledger.lock:
            self.ledger.bundles[batch] = record
        answer = self.call(holder(self.organization), "POST", "/fhir", push_bundle(self.bsns.fresh(), batch))
        if answer.ok():
            record["locations"] = [e["response"]["location"] for e in answer.json()["entry"]]
            record["acked"] = True


class PermissionChanger(Client):
    """One patient at one holder: asks online, the holder accepts, now and then the patient withdraws. After a
    lost answer the client leaves that permission as it is and starts the next."""

    def __init__(self, organization, *rest):
        super().__init__(*rest)
        self.organization = organization
        self.bsn = None
        self.patient_id = None

    def step(self):
        if self.patient_id is None:
            bsn = self.bsns.fresh()
            answer = self.call(holder(self.organization), "POST", "/fhir/Patient", new_patient(bsn, "permissions"))
            if answer.ok():
                self.bsn, self.patient_id = bsn, answer.json()["id"]
                with self.ledger.lock:
                    self.ledger.patients[self.patient_id] = self.organization
            return
        permission = Permission((self.patient_id, self.organization))
        with self.ledger.lock:
            self.ledger.permissions.append(permission)
        me = patient_token(self.bsn)
        permission.steps.append(("proposed", False))
        answer = self.call(me, "POST", "/fhir/Consent", online_request(self.patient_id, self.organization))
        if not answer.ok():
            return
        permission.id = answer.json()["id"]
        permission.steps[-1] = ("proposed", True)
        permission.steps.append(("active", False))
        answer = self.call(holder(self.organization), "POST", f"/fhir/Consent/{permission.id}/$process",
                           {"resourceType": "Parameters", "parameter": [{"name": "decision", "valueCode": "accept"}]})
        if not answer.ok():
            return
        permission.steps[-1] = ("active", True)
        if self.rng.random() < 0.5:
            permission.steps.append(("inactive", False))
            answer = self.call(me, "POST", f"/fhir/Consent/{permission.id}/$withdraw", {"resourceType": "Parameters"})
            if answer.ok():
                permission.steps[-1] = ("inactive", True)


class Deadline:
    def __init__(self):
        self.value = float("inf")


def psql(args, sql):
    result = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", args.db, "-q", "-At", "-F", "\t",
                             "-c", sql], capture_output=True, text=True, check=True)
    return [line.split("\t") for line in result.stdout.splitlines() if line]


def database(action):
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", action], check=True)


def others_on_cluster(args):
    """How many connections other databases of the cluster have: work a cluster stop would break."""
    return int(psql(args, f"SELECT count(*) FROM pg_stat_activity WHERE datname IS NOT NULL"
                          f" AND datname NOT IN ('{args.db}', 'postgres') AND pid <> pg_backend_pid()")[0][0])


def outage(args, server, fhir, ledger, bsns, relay):
    """Stops PostgreSQL under load (or cuts the relay to it), watches the answers and the readiness probe, starts
    it again and times the recovery: from the database's start to the first acknowledged write and a ready probe.
    Stopping PostgreSQL stops the whole local cluster, so auto cuts the relay when other databases are in use."""
    cut = args.outage == "relay"
    if args.outage == "auto" and others_on_cluster(args):
        log("other databases of the cluster are in use: the outage cuts the relay instead of stopping PostgreSQL")
        cut = True
    log(f"database outage of {args.outage_seconds} s under load: {'relay cut' if cut else 'PostgreSQL stopped'}")
    with ledger.lock:
        ledger.phase = "database going down"
    if cut:
        relay.cut()
    else:
        database("stop")
    down = time.monotonic()
    # Requests in flight when the database went away may still finish; count from a moment later.
    time.sleep(OUTAGE_GRACE_SECONDS)
    with ledger.lock:
        ledger.phase = "database down"
    probes = {}
    while time.monotonic() - down < args.outage_seconds:
        status = readiness(server.base)
        probes[status] = probes.get(status, 0) + 1
        time.sleep(1)
    # The database accepts connections before pg_ctlcluster's start returns: from here on it is coming back.
    with ledger.lock:
        ledger.phase = "database coming back"
    if cut:
        relay.restore()
    else:
        database("start")
    started = time.monotonic()
    with ledger.lock:
        ledger.phase = "database back"
    log("database back; waiting for the server to recover by itself")
    ready_after = write_after = None
    while time.monotonic() - started < 120 and (ready_after is None or write_after is None):
        if ready_after is None and readiness(server.base) == 200:
            ready_after = time.monotonic() - started
        if write_after is None:
            answer = fhir.call(holder("gp-de-linde"), "POST", "/fhir/Patient",
                               new_patient(bsns.fresh(), "recovery"))
            if answer.ok():
                write_after = time.monotonic() - started
        time.sleep(0.5)
    return {"how": "relay cut" if cut else "PostgreSQL stopped and started (pg_ctlcluster)",
            "down seconds": args.outage_seconds, "readiness while down": probes,
            "ready after start (s)": ready_after, "first write after start (s)": write_after}


def verify(args, fhir, ledger, bsns, violations):
    """Reads back what was acknowledged and checks what is stored."""
    figures = {}
    gp = holder("gp-de-linde")
    # 1. Every acknowledged entry of every bundle is there, read by its holder through the API.
    wanted = {}
    for batch, record in ledger.bundles.items():
        if record["acked"]:
            for location in record["locations"]:
                kind, rid = location.split("/")[:2]
                wanted.setdefault((record["holder"], kind), []).append(rid)
    found = 0
    for (organization, kind), ids in wanted.items():
        for start in range(0, len(ids), 50):
            chunk = ids[start:start + 50]
            answer = fhir.call(holder(organization), "GET", f"/fhir/{kind}?_id={','.join(chunk)}&_count=100")
            if answer.status != 200:
                violations.append(("acknowledged writes found",
                                   f"read of acknowledged {kind} answered {answer.status}: {answer.body[:200]}"))
                continue
            present = {e["resource"]["id"] for e in answer.json().get("entry", [])}
            found += len(present & set(chunk))
            for missing in set(chunk) - present:
                violations.append(("acknowledged writes found", f"acknowledged {kind}/{missing} is not found"))
    acked_entries = sum(len(ids) for ids in wanted.values())
    figures["bundles sent"] = len(ledger.bundles)
    figures["bundles acknowledged"] = sum(1 for r in ledger.bundles.values() if r["acked"])
    figures["bundle entries acknowledged"] = acked_entries
    figures["bundle entries found"] = found

    # 2. All or nothing: per batch marker, the stored resources (current versions) are all entries or none.
    stored = dict(psql(args, f"SELECT t.tag_code, count(*) FROM hfj_res_tag rt JOIN hfj_tag_def t ON t.tag_id = rt.tag_id"
                             f" JOIN hfj_resource r ON r.res_id = rt.res_id AND r.res_deleted_at IS NULL"
                             f" WHERE t.tag_system = '{BATCH_TAG}' GROUP BY t.tag_code"))
    partial = 0
    unacked_stored = 0
    for batch, record in ledger.bundles.items():
        count = int(stored.get(batch, 0))
        if count not in (0, ENTRIES_PER_BUNDLE):
            partial += 1
            violations.append(("bundles whole or not at all",
                               f"bundle {batch} is half stored: {count} of {ENTRIES_PER_BUNDLE} entries"))
        if record["acked"] and count != ENTRIES_PER_BUNDLE:
            violations.append(("acknowledged writes found",
                               f"acknowledged bundle {batch} has {count} of {ENTRIES_PER_BUNDLE} entries stored"))
        if not record["acked"] and count == ENTRIES_PER_BUNDLE:
            unacked_stored += 1
    figures["partial bundles"] = partial
    figures["bundles stored without an answer (committed, then the server died)"] = unacked_stored

    # 3. Permissions: each acknowledged one is there, in a state its history allows, and at most one is
    #    active per patient and holder (an activation and the retiring of the older one go together).
    consents = {}
    for patient_id, organization in ledger.patients.items():
        answer = fhir.call(holder(organization), "GET", f"/fhir/Consent?patient=Patient/{patient_id}&_count=200")
        if answer.status != 200:
            violations.append(("permissions consistent", f"Consents of Patient/{patient_id} answered {answer.status}"))
            continue
        for entry in answer.json().get("entry", []):
            consents[entry["resource"]["id"]] = entry["resource"]
        active = [c for c in answer.json().get("entry", []) if c["resource"]["status"] == "active"]
        if len(active) > 1:
            violations.append(("permissions consistent",
                               f"Patient/{patient_id} has {len(active)} active permissions at {organization}"))
    checked = 0
    by_pair = {}
    for permission in ledger.permissions:
        by_pair.setdefault(permission.pair, []).append(permission)
    for pair, permissions in by_pair.items():
        for i, permission in enumerate(permissions):
            if permission.id is None:
                continue
            later_activation = any(any(s == "active" for s, _ in p.steps) for p in permissions[i + 1:])
            stored_consent = consents.get(permission.id)
            if stored_consent is None:
                violations.append(("acknowledged writes found", f"acknowledged Consent/{permission.id} is not found"))
                continue
            checked += 1
            if stored_consent["status"] not in permission.possible(later_activation):
                violations.append(("permissions consistent", f"Consent/{permission.id} is {stored_consent['status']},"
                                   f" after steps {permission.steps}"))
    figures["acknowledged writes lost"] = sum(1 for check, _ in violations if check == "acknowledged writes found")
    figures["permission changes acknowledged"] = sum(acked for p in ledger.permissions for _, acked in p.steps)
    figures["permissions checked"] = checked
    figures["permissions in an inconsistent state"] = sum(1 for check, _ in violations if check == "permissions consistent")

    # 4. Every stored version of the run's resources has an AuditEvent that names it.
    versions = psql(args, "SELECT v.res_type, r.fhir_id, v.res_ver FROM hfj_res_ver v"
                          " JOIN hfj_resource r ON r.res_id = v.res_id"
                          " WHERE v.res_type IN ('Patient', 'Condition', 'Consent')")
    ours = {p for p in ledger.patients} | {rid for (_, kind), ids in wanted.items() if kind == "Patient" for rid in ids}
    tagged_ids = {row[0] for row in psql(args, f"SELECT r.fhir_id FROM hfj_res_tag rt JOIN hfj_tag_def t"
                                               f" ON t.tag_id = rt.tag_id JOIN hfj_resource r ON r.res_id = rt.res_id"
                                               f" WHERE t.tag_system = '{BATCH_TAG}'")}
    named = set()
    for (event,) in psql(args, "SELECT event FROM sp_audit_event"):
        named.update(re.findall(r'"reference":"((?:Patient|Condition|Consent)/[^"/]+/_history/\d+)"', event))
    audited = unaudited = 0
    for kind, rid, version in versions:
        if rid in tagged_ids or rid in ours or rid in consents:
            if f"{kind}/{rid}/_history/{version}" in named:
                audited += 1
            else:
                unaudited += 1
                if unaudited <= 20:
                    violations.append(("every stored version audited",
                                       f"{kind}/{rid}/_history/{version} is stored without an AuditEvent"))
    figures["stored versions of the run's resources"] = audited + unaudited
    figures["stored versions without an AuditEvent"] = unaudited

    # 5. The server answers as it should: metadata, a read, a write, the readiness probe.
    checks = {
        "metadata": fhir.raw("GET", "/fhir/metadata").status,
        "read": fhir.call(gp, "GET", "/fhir/Patient?_count=1").status,
        "write": fhir.call(gp, "POST", "/fhir/Patient", new_patient(bsns.fresh(), "after")).status,
        "readiness": readiness(fhir.base),
    }
    expected = {"metadata": 200, "read": 200, "write": 201, "readiness": 200}
    for name, status in checks.items():
        if status != expected[name]:
            violations.append(("answers after the run",
                               f"after the run, {name} answered {status}, not {expected[name]}"))
    figures["answers after the run"] = checks
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--jar", default="target/schakelpunt.jar")
    parser.add_argument("--port", type=int, default=18190)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--clients", type=int, default=6, help="client threads: half push bundles, half change permissions")
    parser.add_argument("--min-gap", type=float, default=4, help="least seconds of load before a kill")
    parser.add_argument("--max-gap", type=float, default=12, help="most seconds of load before a kill")
    parser.add_argument("--outage-seconds", type=int, default=8, help="how long PostgreSQL is down; 0: no outage")
    parser.add_argument("--outage", choices=["auto", "cluster", "relay"], default="auto",
                        help="cluster: stop PostgreSQL itself; relay: cut the relay through which the server reaches"
                             " PostgreSQL; auto: cluster unless other databases of the cluster are in use")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--start-timeout", type=int, default=600)
    parser.add_argument("--out", default="target/crash-test")
    args = parser.parse_args()
    # Stopped from outside (CI's time limit, Ctrl-C): stop the server too, through the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    os.makedirs(args.out, exist_ok=True)
    # The server always reaches PostgreSQL through the relay, so that the outage can be either kind.
    relay = Relay(5432)
    args.db_url = f"jdbc:postgresql://127.0.0.1:{relay.port}/{args.db}"
    rng = random.Random(args.seed)
    log(f"seed {args.seed}, database {args.db}, {args.clients} clients, {args.kills} kills")

    server = Server(args)
    fhir = Fhir(server.base, timeout=60)
    ledger = Ledger()
    bsns = Bsns(args.seed)
    deadline = Deadline()
    violations = []
    try:
        log(f"first start (schema, packages, demo data): ready in {server.start():.0f} s")
        clients = []
        for i in range(args.clients):
            organization = HOLDERS[i // 2 % len(HOLDERS)]
            kind = BundlePusher if i % 2 == 0 else PermissionChanger
            clients.append(kind(organization, f"{kind.__name__}-{i}", fhir, server, ledger, bsns, deadline,
                                random.Random(rng.random())))
        for client in clients:
            client.start()
        restarts = []
        for kill in range(1, args.kills + 1):
            time.sleep(rng.uniform(args.min_gap, args.max_gap))
            log(f"kill -9 number {kill} after {ledger.acknowledged} acknowledged writes")
            server.kill()
            fhir.forget_tokens()
            restarts.append(server.start())
            log(f"restarted: ready in {restarts[-1]:.0f} s")
        time.sleep(rng.uniform(args.min_gap, args.max_gap))
        outage_figures = None
        if args.outage_seconds > 0:
            outage_figures = outage(args, server, fhir, ledger, bsns, relay)
            time.sleep(args.min_gap)
        deadline.value = 0
        for client in clients:
            client.join(timeout=120)
        with ledger.lock:
            ledger.phase = "verification"
        log("load stopped; verifying")
        figures = {"kills": args.kills, "restart to ready (s)": [round(r, 1) for r in restarts],
                   "writes acknowledged": ledger.acknowledged}
        figures.update(verify(args, fhir, ledger, bsns, violations))
        for client in clients:
            violations.extend(("answers as expected", error) for error in client.errors)
        if outage_figures is not None:
            down = ledger.statuses.get("database down", {})
            outage_figures["answers while down"] = {str(k): v for k, v in down.items()}
            bad = [a for a in ledger.outage_answers
                   if a[0] != 503 or "fhir+json" not in a[1] or '"OperationOutcome"' not in a[2]]
            for status, content_type, body in bad[:5]:
                violations.append(("503 OperationOutcome during the outage",
                                   f"while the database was down: {status} {content_type} {body[:200]}"))
            if not down:
                violations.append(("503 OperationOutcome during the outage",
                                   "no request was answered while the database was down"))
            if 200 in outage_figures["readiness while down"]:
                violations.append(("readiness reports the outage",
                                   "the readiness probe said UP while the database was down"))
            if outage_figures["first write after start (s)"] is None:
                violations.append(("recovery by itself",
                                   "the server did not recover by itself within 120 s of the database's start"))
            figures["database outage"] = outage_figures
        figures["requests slower than 10 s"] = ledger.slow
        figures["answers by phase"] = {phase: {str(k): v for k, v in counts.items()}
                                       for phase, counts in ledger.statuses.items()}
        for phase, counts in ledger.statuses.items():
            for status, count in counts.items():
                if isinstance(status, int) and status >= 500 and status != 503:
                    violations.append(("no server errors", f"{count} answers {status} during {phase}"))
    finally:
        deadline.value = 0
        server.stop()
    print(json.dumps(figures, indent=2))
    with open(os.path.join(args.out, "figures.json"), "w") as out:
        json.dump(figures, out, indent=2)
    checks = ["acknowledged writes found", "bundles whole or not at all", "permissions consistent",
              "every stored version audited", "answers after the run", "answers as expected", "no server errors"]
    if args.outage_seconds > 0:
        checks += ["503 OperationOutcome during the outage", "readiness reports the outage", "recovery by itself"]
    failed = {check for check, _ in violations}
    for check in checks:
        print(f"{'FAIL' if check in failed else 'ok  '} {check}")
    for check, violation in violations[:50]:
        print(f"  {check}: {violation}", file=sys.stderr)
    print(f"crash-test: {len(checks) - len(failed)} passed, {len(failed)} failed")
    if violations:
        sys.exit(1)

if __name__ == "__main__":
    main()
