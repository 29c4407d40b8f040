package nl.schakelpunt.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.FhirHttp.Response;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/**
 * The door, generated from the allow-lists the server serves: for every requester kind, every type
 * and every interaction, a permitted case (where there is something the requester may see), a
 * refused case for what is not listed, and for what is listed, a resource the requester may not
 * see against one that does not exist, compared whole: alone, as a batch entry and as a
 * transaction entry.
 */
class DoorSuiteIT extends ServerTest {

    private static final List<String> TYPES = List.of("Patient", "MedicationStatement", "MedicationRequest",
            "MedicationDispense", "MedicationAdministration", "AllergyIntolerance", "Condition", "EpisodeOfCare",
            "Encounter", "Observation", "Composition", "Consent", "Organization", "Practitioner", "PractitionerRole",
            "Location", "Medication", "RelatedPerson",
            "StructureDefinition", "ValueSet", "CodeSystem", "SearchParameter", "OperationDefinition",
            "CapabilityStatement", "AuditEvent");

    private static final Set<String> CLINICAL = Set.of("MedicationStatement", "MedicationRequest",
            "MedicationDispense", "MedicationAdministration", "AllergyIntolerance", "Condition", "EpisodeOfCare", "Encounter", "Observation",
            "Composition", "RelatedPerson");

    /** Headers that differ between any two answers, whatever they answer: time, length, transport. */
    /** One requester kind: whose token, and which patient's data it certainly may not see. */
    private record Kind(String name, TestTokens token, String withheldPatient, String ownPatient) {
    }

    private List<Kind> kinds() {
        return List.of(
                new Kind("professional", TestTokens.professional("90000401", "N6", "900000401", "01.015"), "cora", "anna"),
                new Kind("organization", TestTokens.pharmacyDeBrug(), "hugo", "anna"),
                new Kind("patient", TestTokens.patient("999900006"), "cora", "anna"),
                new Kind("operator", TestTokens.operator(), "cora", null));
    }

    @TestFactory
    Stream<DynamicNode> door() {
        Map<String, String> withheldByType = withheldFixtures();
        List<DynamicNode> nodes = new ArrayList<>();
        for (Kind kind : kinds()) {
            FhirHttp client = fhir().as(kind.token());
            CapabilityStatement list = client.get("/fhir/CapabilityStatement/allow-list-" + kind.name()).expect(200)
                    .as(CapabilityStatement.class);
            // A type a list names but the suite does not try would pass the door untested.
            assertThat(TYPES).as("types of the %s allow-list", kind.name()).containsAll(list.getRestFirstRep()
                    .getResource().stream().map(CapabilityStatementRestResourceComponent::getType).toList());
            List<DynamicNode> perType = new ArrayList<>();
            for (String type : TYPES) {
                CapabilityStatementRestResourceComponent listed = list.getRestFirstRep().getResource().stream()
                        .filter(r -> r.getType().equals(type)).findFirst().orElse(null);
                String withheld = "Patient".equals(type) ? kind.withheldPatient() : withheldByType.get(type);
                perType.add(DynamicContainer.dynamicContainer(type, cases(kind, client, type, listed, withheld)));
            }
            nodes.add(DynamicContainer.dynamicContainer(kind.name(), perType));
        }
        return nodes.stream();
    }

    private Stream<DynamicNode> cases(Kind kind, FhirHttp client, String type,
            CapabilityStatementRestResourceComponent listed, String withheld) {
        List<DynamicNode> cases = new ArrayList<>();
        for (String interaction : List.of("read", "vread", "history-instance", "search-type", "delete")) {
            boolean allowed = listed != null && listed.getInteraction().stream()
                    .anyMatch(i -> i.getCode().toCode().equals(interaction));
            String id = withheld == null ? "any-id" : withheld;
            Request request = request(interaction, type, id);
            if (!allowed) {
                cases.add(DynamicTest.dynamicTest(interaction + " is refused", () -> refused(client, request)));
                continue;
            }
            if (interaction.equals("search-type")) {
                cases.add(DynamicTest.dynamicTest("search-type with an unlisted parameter is refused",
                        () -> refused(client, new Request("GET", type + "?_has:Condition:subject:code=K86"))));
                cases.add(DynamicTest.dynamicTest("search-type is permitted", () -> permittedSearch(kind, client, type)));
                continue;
            }
            if (withheld != null && !"AuditEvent".equals(type) && !withheldIsVisibleTo(kind, type)) {
                String missing = "no-such-" + type.toLowerCase() + "-x";
                cases.add(DynamicTest.dynamicTest(interaction + " of a withheld resource looks missing",
                        () -> sameAsMissing(client, interaction, type, withheld, missing)));
            }
        }
        // HAPI answers a read of an OperationDefinition from the operations the server hosts, not from storage.
        if (listed != null && !"OperationDefinition".equals(type)
                && listed.getInteraction().stream().anyMatch(i -> i.getCode().toCode().equals("read"))) {
            cases.add(DynamicTest.dynamicTest("read of a visible resource is permitted",
                    () -> permittedRead(kind, client, type)));
        }
        return cases.stream().map(DynamicNode.class::cast);
    }

    /** Directory and conformance resources are open to every kind that may read them. */
    private static boolean withheldIsVisibleTo(Kind kind, String type) {
        return !CLINICAL.contains(type) && !"Consent".equals(type) && !"Patient".equals(type);
    }

    private record Request(String method, String url) {
    }

    private static Request request(String interaction, String type, String id) {
        return switch (interaction) {
            case "read" -> new Request("GET", type + "/" + id);
            case "vread" -> new Request("GET", type + "/" + id + "/_history/1");
            case "history-instance" -> new Request("GET", type + "/" + id + "/_history");
            // The audit trail is searched by date only.
            case "search-type" -> new Request("GET", type + ("AuditEvent".equals(type) ? "?date=ge2000-01-01" : "?_id=" + id));
            case "delete" -> new Request("DELETE", type + "/" + id);
            default -> throw new IllegalArgumentException(interaction);
        };
    }

    private static Response send(FhirHttp client, Request request) {
        return request.method().equals("GET") ? client.get("/fhir/" + request.url())
                : client.delete("/fhir/" + request.url());
    }

    /**
     * Refused with 403, alone and in a bundle; an interaction the server has no handler for at all
     * (the audit trail has no history or delete) is refused by HAPI with 400 before any rule runs.
     */
    private static void refused(FhirHttp client, Request request) {
        Response alone = send(client, request);
        if (alone.status() == 400) {
            assertThat(alone.outcome().getIssueFirstRep().getDiagnostics()).as("alone: %s", request)
                    .contains("does not know how to handle");
            return;
        }
        assertThat(alone.status()).as("alone: %s", request).isEqualTo(403);
        Response batch = client.post("/fhir", bundle("batch", request));
        if (batch.status() == 403) {
            // The requester may not send a batch at all.
            return;
        }
        assertThat(batch.status()).as("batch: %s", request).isEqualTo(200);
        assertThat(batch.bundle().getEntryFirstRep().getResponse().getStatus()).as("batch: %s", request)
                .startsWith("403");
        assertThat(client.post("/fhir", bundle("transaction", request)).status()).as("transaction: %s", request)
                .isEqualTo(403);
    }

    private void permittedSearch(Kind kind, FhirHttp client, String type) {
        String url = CLINICAL.contains(type) || "Consent".equals(type)
                ? type + "?patient=Patient/" + (kind.ownPatient() == null ? "anna" : kind.ownPatient())
                : "Patient".equals(type) ? "Patient?identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C999900006"
                : type + "?_count=1";
        Response response = client.get("/fhir/" + url);
        assertThat(response.status()).as(url).isEqualTo(200);
        assertThat(response.bundle().getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
    }

    private void permittedRead(Kind kind, FhirHttp client, String type) {
        String url = CLINICAL.contains(type) || "Consent".equals(type) ? type + "?patient=Patient/anna&_count=1"
                : "Patient".equals(type) ? "Patient?identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C999900006"
                : type + "?_count=1";
        Bundle found = client.get("/fhir/" + url).expect(200).bundle();
        assertThat(found.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        for (Bundle.BundleEntryComponent entry : found.getEntry()) {
            String id = entry.getResource().getIdElement().getIdPart();
            assertThat(client.get("/fhir/" + type + "/" + id).status()).as("%s/%s", type, id).isEqualTo(200);
        }
    }

    /** A withheld resource and a missing one get the same answer, apart from the id they name. */
    private static void sameAsMissing(FhirHttp client, String interaction, String type, String withheld,
            String missing) {
        Request hidden = request(interaction, type, withheld);
        Request absent = request(interaction, type, missing);
        Response a = send(client, hidden);
        Response b = send(client, absent);
        assertThat(a.status()).as("status of %s", hidden).isEqualTo(b.status());
        assertThat(a.body().replace(withheld, "{id}")).as("body of %s", hidden).isEqualTo(b.body().replace(missing, "{id}"));
        assertThat(a.comparableHeaders(withheld)).as("headers of %s", hidden).isEqualTo(b.comparableHeaders(missing));
        for (String wrapper : List.of("batch", "transaction")) {
            if (wrapper.equals("transaction") && client.post("/fhir", bundle(wrapper, new Request("GET", "Organization?_count=1"))).status() == 403) {
                // This requester may not send a transaction at all: nothing to compare.
                continue;
            }
            Response wa = client.post("/fhir", bundle(wrapper, hidden));
            Response wb = client.post("/fhir", bundle(wrapper, absent));
            assertThat(wa.status()).as("%s status of %s", wrapper, hidden).isEqualTo(wb.status());
            assertThat(normalise(wa.body(), withheld)).as("%s body of %s", wrapper, hidden)
                    .isEqualTo(normalise(wb.body(), missing));
        }
    }


    /** A bundle answer without what differs between any two bundles: its id and time stamps. */
    private static String normalise(String body, String id) {
        return body.replace(id, "{id}")
                .replaceAll("\"id\": ?\"[0-9a-f-]{36}\"", "\"id\":\"{bundle}\"")
                .replaceAll("\"lastUpdated\": ?\"[^\"]+\"", "\"lastUpdated\":\"{time}\"");
    }

    private static String bundle(String type, Request request) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.fromCode(type));
        bundle.addEntry().getRequest().setMethod(Bundle.HTTPVerb.fromCode(request.method())).setUrl(request.url());
        return FhirHttp.json(bundle);
    }

    /** For each type of patient data, one resource about Cora, held by GP De Linde (she refused there). */
    private Map<String, String> withheldFixtures() {
        FhirHttp holder = gp();
        Map<String, String> ids = new LinkedHashMap<>();
        for (String type : TYPES) {
            if (CLINICAL.contains(type) || "Consent".equals(type)) {
                Bundle found = holder.get("/fhir/" + type + "?patient=Patient/cora&_count=1").expect(200).bundle();
                if (!found.getEntry().isEmpty()) {
                    ids.put(type, found.getEntryFirstRep().getResource().getIdElement().getIdPart());
                }
            }
        }
        return ids;
    }
}
