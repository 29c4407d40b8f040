package nl.schakelpunt.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * The exchange point under load, one phase after the other, each with the same number of concurrent
 * clients (closed model: a client sends its next request when the previous one is answered):
 * <ol>
 *   <li>the qualification tests' medication query, by an out-of-hours GP (consent, role and window
 *       enforced) and, for the same patient right before or after it, by the pharmacy holding the data
 *       (the unrestricted baseline);</li>
 *   <li>{@code Patient/$locate} and {@code Patient/$summary} by BSN;</li>
 *   <li>permission changes mixed with look-ups: the patient asks online, the GP practice accepts, the
 *       patient withdraws, with a summary look-up after each step;</li>
 *   <li>holder pushes: a pharmacy sends a dispense in a transaction with the patient.</li>
 * </ol>
 * System properties: {@code bench.base} (one base URL, or several separated by commas, taken in
 * turn), {@code bench.data} (the folder with the feeders), {@code bench.clients}, {@code bench.seconds}
 * (per phase).
 */
public class ExchangeSimulation extends Simulation {

    private static final String BSN = "http://fhir.nl/fhir/NamingSystem/bsn|";
    static final String WARM_UP = "warm-up: ";

    private final Path data = Path.of(System.getProperty("bench.data", "target/bench/population"));
    private final int clients = Integer.getInteger("bench.clients", 1);
    private final Duration phase = Duration.ofSeconds(Long.getLong("bench.seconds", 30));
    private final String professional = csv(data.resolve("professional.csv").toString()).readRecords().get(0)
            .get("token").toString();
    private final String today = LocalDate.now(ZoneId.of("Europe/Amsterdam")).toString();

    private final String[] bases = System.getProperty("bench.base", "http://127.0.0.1:18094/fhir").split(",");
    /** With two nodes the permission steps alternate between them: asked on one, accepted on the other. */
    private final String askAt = bases[0];
    private final String processAt = bases[bases.length - 1];

    private final HttpProtocolBuilder protocol = http
            .baseUrls(bases)
            .acceptHeader("application/fhir+json")
            .contentTypeHeader("application/fhir+json")
            .shareConnections();

    private String feeder(String name) {
        return data.resolve(name).toString();
    }

    private HttpRequestActionBuilder medicationQuery(String name, String token) {
        return http(name).get("/MedicationStatement")
                .queryParam("patient.identifier", BSN + "#{bsn}")
                .queryParam("category", "http://snomed.info/sct|422979000")
                .queryParam("_include", "MedicationStatement:medication")
                .header("Authorization", "Bearer " + token)
                .check(status().is(200), jsonPath("$.resourceType").is("Bundle"));
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
    private ChainBuilder pairedLookups(String prefix) {
        ChainBuilder enforced = exec(medicationQuery(prefix + "MedicationStatement search, out-of-hours GP (enforced)", professional));
        ChainBuilder baseline = exec(medicationQuery(prefix + "MedicationStatement search, holding pharmacy (baseline)", "#{holder_token}"));
        return feed(csv(feeder("lookup.csv")).circular())
                .doIfOrElse(session -> session.userId() % 2 == 0)
                .then(exec(enforced, baseline))
                .orElse(exec(baseline, enforced));
    }

    private ChainBuilder locate(String prefix) {
        return feed(csv(feeder("locate.csv")).circular()).exec(byBsn(prefix + "Patient/$locate", "$locate"));
    }

    private ChainBuilder summary(String prefix) {
        return feed(csv(feeder("summary.csv")).circular())
                .exec(byBsn(prefix + "Patient/$summary", "$summary").check(jsonPath("$.type").is("document")));
    }

    /**
     * Request, accept, withdraw, with the out-of-hours GP looking the patient up after each step; with
     * two nodes, the request, the look-ups and the withdrawal go to the first and the acceptance to the
     * second, so each step must see what the other node wrote.
     */
    private ChainBuilder permissionChanges(String prefix) {
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
        return feed(csv(feeder("requests.csv")).circular())
                .exec(http(prefix + "permission asked online by the patient").post(askAt + "/Consent")
                        .header("Authorization", "Bearer #{patient_token}")
                        .body(StringBody(request))
                        .check(status().is(201), jsonPath("$.id").saveAs("permission")))
                .exec(byBsn(prefix + "Patient/$summary while a request waits", "$summary", askAt))
                .exec(http(prefix + "permission accepted by the GP practice ($process)")
                        .post(processAt + "/Consent/#{permission}/$process")
                        .header("Authorization", "Bearer #{holder_token}")
                        .body(StringBody(accept))
                        .check(status().is(200), jsonPath("$.status").is("active")))
                .exec(byBsn(prefix + "Patient/$summary after acceptance", "$summary", askAt))
                .exec(http(prefix + "permission withdrawn by the patient ($withdraw)")
                        .post(askAt + "/Consent/#{permission}/$withdraw")
                        .header("Authorization", "Bearer #{patient_token}")
                        .body(StringBody("{\"resourceType\":\"Parameters\"}"))
                        .check(status().is(200), jsonPath("$.status").is("inactive")))
                .exec(byBsn(prefix + "Patient/$summary after withdrawal", "$summary", askAt));
    }

    /** A pharmacy pushes a dispense with its patient (matched on the BSN) in one transaction. */
    private ChainBuilder holderPush(String prefix) {
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
        return feed(csv(feeder("push.csv")).circular())
                .exec(http(prefix + "holder push: transaction with a dispense").post("/")
                        .header("Authorization", "Bearer #{holder_token}")
                        .header("Prefer", "return=minimal")
                        .body(StringBody(bundle))
                        .check(status().is(200)));
    }

    {
        List<ScenarioBuilder> phases = List.of(
                scenario("warm-up").exec(pairedLookups(WARM_UP), locate(WARM_UP),
                        summary(WARM_UP), permissionChanges(WARM_UP), holderPush(WARM_UP)),
                scenario("look-up, enforced and baseline").exec(pairedLookups("")),
                scenario("$locate").exec(locate("")),
                scenario("$summary").exec(summary("")),
                scenario("permission changes with look-ups").exec(permissionChanges("")),
                scenario("holder pushes").exec(holderPush("")));
        List<PopulationBuilder> runs = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            Duration length = i == 0 ? phase.dividedBy(2) : phase;
            runs.add(phases.get(i).injectClosed(constantConcurrentUsers(clients).during(length)));
        }
        PopulationBuilder chain = runs.get(runs.size() - 1);
        for (int i = runs.size() - 2; i >= 0; i--) {
            chain = runs.get(i).andThen(chain);
        }
        setUp(chain).protocols(protocol);
    }
}
