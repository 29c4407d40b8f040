package nl.schakelpunt.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * The requests of the load scenarios, for the feeders in {@code bench.data} (made by
 * {@code nl.schakelpunt.bench.Feeders}) and the server(s) in {@code bench.base} (one base URL, or several
 * separated by commas, taken in turn).
 */
final class Exchanges {

    private static final String BSN = "http://fhir.nl/fhir/NamingSystem/bsn|";

    private final Path data = Path.of(System.getProperty("bench.data", "target/bench/population"));
    private final String professional = csv(data.resolve("professional.csv").toString()).readRecords().get(0)
            .get("token").toString();
    private final String today = LocalDate.now(ZoneId.of("Europe/Amsterdam")).toString();

    private final String[] bases = System.getProperty("bench.base", "http://127.0.0.1:18094/fhir").split(",");
    private final Timings timings;
    /** With two nodes the permission steps alternate between them: asked on one, accepted on the other. */
    private final String askAt = bases[0];
    private final String processAt = bases[bases.length - 1];

    final HttpProtocolBuilder protocol = http
            .baseUrls(bases)
            .acceptHeader("application/fhir+json")
            .contentTypeHeader("application/fhir+json")
            .shareConnections();

    /** Requests timed into {@code timings} besides Gatling's own statistics, or not when it is null. */
    Exchanges(Timings timings) {
        this.timings = timings;
    }

    private ChainBuilder step(String name, HttpRequestActionBuilder request) {
        return timings == null ? exec(request) : timings.around(name, request);
    }

    private String feeder(String name) {
        return data.resolve(name).toString();
    }

    private ChainBuilder medicationQuery(String name, String token) {
        return step(name, http(name).get("/MedicationStatement")
                .queryParam("patient.identifier", BSN + "#{bsn}")
                .queryParam("category", "http://snomed.info/sct|422979000")
                .queryParam("_include", "MedicationStatement:medication")
                .header("Authorization", "Bearer " + token)
                .check(status().is(200), jsonPath("$.resourceType").is("Bundle")));
    }

    private HttpRequestActionBuilder byBsn(String name, String operation) {
        return byBsn(name, operation, "");
    }

    private HttpRequestActionBuilder byBsn(String name, String operation, String base) {
        return http(name).get(base + "/Patient/" + operation)
                .queryParam("identifier", BSN + "#{bsn}")
                .header("Authorization", "Bearer " + professional)
                .check(status().is(200));
    }

    /**
     * The enforced search and the holder's own (the baseline) for the same patient, one right after
     * the other, in alternating order: both meet the same database cache, whichever warms it.
     */
    ChainBuilder pairedLookups(String prefix) {
        ChainBuilder enforced = medicationQuery(prefix + "MedicationStatement search, out-of-hours GP (enforced)", professional);
        ChainBuilder baseline = medicationQuery(prefix + "MedicationStatement search, holding pharmacy (baseline)", "#{holder_token}");
        return feed(csv(feeder("lookup.csv")).circular())
                .doIfOrElse(session -> session.userId() % 2 == 0)
                .then(exec(enforced, baseline))
                .orElse(exec(baseline, enforced));
    }

    /**
     * The holding pharmacy's medication query one entry a page, following the link to the second page
     * when there is one: each such answer records the search's owner, whose page it then serves.
     */
    ChainBuilder pagedLookup(String prefix) {
        String first = prefix + "MedicationStatement search by page, holding pharmacy";
        String next = prefix + "MedicationStatement search, next page";
        return feed(csv(feeder("lookup.csv")).circular())
                .exec(session -> session.remove("next_page"))
                .exec(step(first, http(first).get("/MedicationStatement")
                        .queryParam("patient.identifier", BSN + "#{bsn}")
                        .queryParam("category", "http://snomed.info/sct|422979000")
                        .queryParam("_count", "1")
                        .header("Authorization", "Bearer #{holder_token}")
                        .check(status().is(200),
                                jsonPath("$.link[?(@.relation=='next')].url").optional().saveAs("next_page"))))
                .doIf(session -> session.contains("next_page"))
                .then(step(next, http(next).get("#{next_page}")
                        .header("Authorization", "Bearer #{holder_token}")
                        .check(status().is(200), jsonPath("$.resourceType").is("Bundle"))));
    }

    ChainBuilder locate(String prefix) {
        return feed(csv(feeder("locate.csv")).circular()).exec(step(prefix + "Patient/$locate", byBsn(prefix + "Patient/$locate", "$locate")));
    }

    ChainBuilder summary(String prefix) {
        String name = prefix + "Patient/$summary";
        return feed(csv(feeder("summary.csv")).circular())
                .exec(step(name, byBsn(name, "$summary").check(jsonPath("$.type").is("document"))));
    }

    /**
     * Request, accept, withdraw, with the out-of-hours GP looking the patient up after each step; with
     * two nodes, the request, the look-ups and the withdrawal go to the first and the acceptance to the
     * second, so each step must see what the other node wrote.
     */
    ChainBuilder permissionChanges(String prefix) {
        String request = """
                {"resourceType":"Consent","status":"proposed",
                 "extension":[{"url":"https://schakelpunt.nl/fhir/StructureDefinition/permission-channel",
                   "valueCoding":{"system":"https://schakelpunt.nl/fhir/CodeSystem/permission-channel","code":"online"}}],
                 "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
                 "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],
                 "patient":{"reference":"Patient/#{patient_id}"},"dateTime":"%s",
                 "organization":[{"reference":"Organization/#{holder_id}"}],
                 "policy":[{"uri":"https://schakelpunt.nl/fhir/permission-policy"}],
                 "policyRule":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"OPTIN"}]},
                 "provision":{"type":"permit","period":{"start":"%s"},
                   "actor":[{"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"CST"}]},
                             "reference":{"reference":"Organization/#{holder_id}"}}],
                   "purpose":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActReason","code":"TREAT"},
                              {"system":"http://terminology.hl7.org/CodeSystem/v3-ActReason","code":"ETREAT"}]}}
                """.formatted(today, today);
        String accept = """
                {"resourceType":"Parameters","parameter":[{"name":"decision","valueCode":"accept"}]}""";
        String asked = prefix + "permission asked online by the patient";
        String accepted = prefix + "permission accepted by the GP practice ($process)";
        String withdrawn = prefix + "permission withdrawn by the patient ($withdraw)";
        return feed(csv(feeder("requests.csv")).circular())
                .exec(step(asked, http(asked).post(askAt + "/Consent")
                        .header("Authorization", "Bearer #{patient_token}")
                        .body(StringBody(request))
                        .check(status().is(201), jsonPath("$.id").saveAs("permission"))))
                .exec(summaryAt(prefix + "Patient/$summary while a request waits"))
                .exec(step(accepted, http(accepted)
                        .post(processAt + "/Consent/#{permission}/$process")
                        .header("Authorization", "Bearer #{holder_token}")
                        .body(StringBody(accept))
                        .check(status().is(200), jsonPath("$.status").is("active"))))
                .exec(summaryAt(prefix + "Patient/$summary after acceptance"))
                .exec(step(withdrawn, http(withdrawn)
                        .post(askAt + "/Consent/#{permission}/$withdraw")
                        .header("Authorization", "Bearer #{patient_token}")
                        .body(StringBody("{\"resourceType\":\"Parameters\"}"))
                        .check(status().is(200), jsonPath("$.status").is("inactive"))))
                .exec(summaryAt(prefix + "Patient/$summary after withdrawal"));
    }

    private ChainBuilder summaryAt(String name) {
        return step(name, byBsn(name, "$summary", askAt));
    }

    /** A pharmacy pushes a dispense with its patient (matched on the BSN) in one transaction. */
    ChainBuilder holderPush(String prefix) {
        String bundle = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:8d7a1c52-0b6e-4c1e-9f3a-000000000001",
                  "resource":{"resourceType":"Patient","identifier":[{"system":"http://fhir.nl/fhir/NamingSystem/bsn","value":"#{bsn}"}],
                              "name":[{"family":"Bench","given":["Push"]}]},
                  "request":{"method":"POST","url":"Patient","ifNoneExist":"identifier=http://fhir.nl/fhir/NamingSystem/bsn|#{bsn}"}},
                 {"fullUrl":"urn:uuid:8d7a1c52-0b6e-4c1e-9f3a-000000000002",
                  "resource":{"resourceType":"MedicationDispense","status":"completed",
                              "medicationCodeableConcept":{"coding":[{"system":"urn:oid:2.16.840.1.113883.2.4.4.10","code":"2194","display":"metoprolol 50 mg tablet"}]},
                              "subject":{"reference":"urn:uuid:8d7a1c52-0b6e-4c1e-9f3a-000000000001"},
                              "performer":[{"actor":{"reference":"Organization/#{holder_id}"}}],
                              "quantity":{"value":90,"unit":"stuk"},"whenHandedOver":"%s"},
                  "request":{"method":"POST","url":"MedicationDispense"}}]}
                """.formatted(today);
        String name = prefix + "holder push: transaction with a dispense";
        return feed(csv(feeder("push.csv")).circular())
                .exec(step(name, http(name).post("/")
                        .header("Authorization", "Bearer #{holder_token}")
                        .header("Prefer", "return=minimal")
                        .body(StringBody(bundle))
                        .check(status().is(200))));
    }
}
