#!/usr/bin/env python3
"""Records, as a data holder, a permission given verbally at the holder for every patient it holds data about.

Used by conformance/mp9.sh between loading the Nictiz MP9 fixtures and running the Serving scripts: the
fixtures are pushed by one holder (a pharmacy system), and a treating professional of another organisation
sees nothing of them unless each patient has an active permission for that holder. This does what the
pharmacy's own system would do after the patient said yes at the counter: POST a Consent after the IG's
permission profile (channel verbal, status active, organization and custodian actor = the holder, purposes
TREAT and ETREAT).

With --fixtures (the runner's report of the load script), only the patients the load script PUT are
considered: the demo data's patients keep their own situations. Patients for whom the holder already has a
Consent on record, whatever its status (a permission, refusal, withdrawal or pending request), are left alone
too: their recorded choice stands.

Standard library only. Usage:
    mp9_permissions.py --base http://127.0.0.1:PORT/fhir --token JWT --out permissions.json [--fixtures load.json]
Writes a JSON summary (holder, patients found, recorded, skipped, failures) and prints one line.
Exit status 0 also when there are no patients (the caller reports that); 2 when the server cannot be asked.
"""

import argparse
import base64
import datetime
import io
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

URA = "http://fhir.nl/fhir/NamingSystem/ura"
CHANNEL_EXTENSION = "https://schakelpunt.nl/fhir/StructureDefinition/permission-channel"
CHANNEL_SYSTEM = "https://schakelpunt.nl/fhir/CodeSystem/permission-channel"
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"

# Clinical types an organisation system may search, and the element that names the patient.
CLINICAL_TYPES = {
    "MedicationStatement": "subject",
    "MedicationRequest": "subject",
    "MedicationDispense": "subject",
    "MedicationAdministration": "subject",
    "AllergyIntolerance": "patient",
    "Condition": "subject",
    "Observation": "subject",
    "Encounter": "subject",
    "EpisodeOfCare": "patient",
    "Composition": "subject",
    "RelatedPerson": "patient",
}


class Fhir:
    def __init__(self, base, token):
        self.base = base.rstrip("/")
        self.token = token

    def request(self, method, url, body=None):
        if not url.startswith("http"):
            url = self.base + "/" + url
        headers = {"Authorization": "Bearer " + self.token, "Accept": "application/fhir+json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/fhir+json"
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=120) as resp:
                return resp.status, json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                return e.code, json.loads(raw)
            except ValueError:
                return e.code, raw.decode("utf-8", "replace")

    def search_all(self, url):
        """Every resource of a search, following next links (an organisation's own data is not capped)."""
        while url:
            status, bundle = self.request("GET", url)
            if status != 200:
                raise RuntimeError(f"GET {url}: {status} {diagnostics(bundle)}")
            for entry in bundle.get("entry", []):
                if entry.get("search", {}).get("mode", "match") == "match":
                    yield entry["resource"]
            url = next((l["url"] for l in bundle.get("link", []) if l.get("relation") == "next"), None)


def diagnostics(body):
    if isinstance(body, dict) and body.get("resourceType") == "OperationOutcome":
        return " | ".join(i.get("diagnostics", i.get("code", "")) for i in body.get("issue", []))
    return str(body)[:300]


def describe(result):
    """One line about what was done; also used by mp9_summary.py."""
    scope = "patients" if result.get("fixture_patients") is None else f"of {result['fixture_patients']} fixture patients"
    text = (f"permissions at {result.get('holder') or 'URA ' + result['holder_ura']}: {scope} {result['patients']} "
            f"with data there, {result['recorded']} recorded, {result['skipped_existing']} already decided, "
            f"{len(result['failed'])} refused")
    if result.get("other_patients"):
        text += f" (other patients with data there, left alone: {result['other_patients']})"
    if result.get("error"):
        text += f"; ERROR: {result['error']}"
    return text


def claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def patient_ref(reference):
    """'Patient/x', also from an absolute or versioned reference; None for anything else."""
    parts = (reference or "").split("/_history/")[0].rstrip("/").split("/")
    return "Patient/" + parts[-1] if len(parts) >= 2 and parts[-2] == "Patient" else None


def permission(patient, holder, now):
    holder_ref = {"reference": holder}
    return {
        "resourceType": "Consent",
        "extension": [{"url": CHANNEL_EXTENSION, "valueCoding": {"system": CHANNEL_SYSTEM, "code": "verbal"}}],
        "status": "active",
        "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}]},
        "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
        "patient": {"reference": patient},
        "dateTime": now,
        "organization": [holder_ref],
        "policyRule": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "OPTIN"}]},
        "provision": {
            "type": "permit",
            "actor": [{
                "role": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "code": "CST"}]},
                "reference": holder_ref,
            }],
            "purpose": [{"system": ACT_REASON, "code": "TREAT"}, {"system": ACT_REASON, "code": "ETREAT"}],
        },
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--token", required=True, help="an organisation token of the holder")
    parser.add_argument("--out", required=True)
    parser.add_argument("--fixtures", help="the runner's JSON report of the load script: only its Patients")
    args = parser.parse_args()
    fixtures = None
    if args.fixtures:
        fixtures = set()
        # A load that never finished leaves no report: then there are no fixture patients either.
        with open(args.fixtures) if os.path.isfile(args.fixtures) else io.StringIO('{"scripts": []}') as f:
            for script in json.load(f)["scripts"]:
                for a in script["asserts"]:
                    m = re.match(r"PUT \S*/Patient/([^/?\s]+)$", a.get("request") or "")
                    if m:
                        fixtures.add("Patient/" + urllib.parse.unquote(m.group(1)))
    fhir = Fhir(args.base, args.token)
    ura = claims(args.token).get("organization_ura")
    if not ura:
        sys.exit("mp9_permissions: the token names no organization_ura (use a holder's organisation token)")
    result = {"holder_ura": ura, "holder": None, "fixture_patients": None if fixtures is None else len(fixtures),
              "patients": 0, "other_patients": 0, "recorded": 0, "skipped_existing": 0, "failed": [], "types": {}}
    try:
        orgs = list(fhir.search_all("Organization?identifier=" + urllib.parse.quote(URA + "|" + ura, safe="")))
        if len(orgs) != 1:
            raise RuntimeError(f"{len(orgs)} Organizations with URA {ura}")
        holder = "Organization/" + orgs[0]["id"]
        result["holder"] = holder

        # The patients this holder holds data about: the patient of each of its own clinical resources.
        own = urllib.parse.quote(URA + "|" + ura, safe="")
        patients = set()
        for rtype, element in CLINICAL_TYPES.items():
            refs = [patient_ref(r.get(element, {}).get("reference"))
                    for r in fhir.search_all(f"{rtype}?holder.identifier={own}&_elements={element}&_count=200")]
            result["types"][rtype] = len(refs)
            patients.update(r for r in refs if r)
        if fixtures is not None:
            result["other_patients"] = len(patients - fixtures)
            patients &= fixtures
        result["patients"] = len(patients)

        # A choice already on record at this holder stands.
        decided = {patient_ref(c.get("patient", {}).get("reference"))
                   for c in fhir.search_all(f"Consent?organization={holder}&_count=200")}

        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
        for patient in sorted(patients):
            if patient in decided:
                result["skipped_existing"] += 1
                continue
            status, body = fhir.request("POST", "Consent", permission(patient, holder, now))
            if status == 201:
                result["recorded"] += 1
            else:
                result["failed"].append({"patient": patient, "status": status, "diagnostics": diagnostics(body)})
    except (RuntimeError, urllib.error.URLError, OSError) as e:
        result["error"] = str(e)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    print(describe(result))
    for f in result["failed"][:5]:
        print(f"  {f['patient']}: {f['status']} {f['diagnostics'][:200]}")
    sys.exit(2 if "error" in result else 0)


if __name__ == "__main__":
    main()
