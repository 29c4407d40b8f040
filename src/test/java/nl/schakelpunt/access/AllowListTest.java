package nl.schakelpunt.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ca.uhn.fhir.context.FhirContext;
import nl.schakelpunt.access.Call.Interaction;

/**
 * The allow-lists as the implementation guide states them, decided without a server: what each
 * requester kind may ask, and the rule that refuses the rest.
 */
class AllowListTest {

    private static AllowList list(String kind) throws IOException {
        String json = Files.readString(Path.of("ig/fsh-generated/resources/CapabilityStatement-allow-list-" + kind + ".json"));
        return new AllowList(FhirContext.forR4Cached().newJsonParser().parseResource(CapabilityStatement.class, json));
    }

    /** A call from a short form: {@code interaction type[/id] [$operation] [name=value&...]}. */
    private static Call call(String interaction, String target, String query) {
        String type = target.contains("/") ? target.substring(0, target.indexOf('/')) : target;
        String id = target.contains("/") ? target.substring(target.indexOf('/') + 1) : null;
        String operation = null;
        if (type.startsWith("$")) {
            operation = type.substring(1);
            type = null;
        } else if (id != null && id.startsWith("$")) {
            operation = id.substring(1);
            id = null;
        } else if (id != null && id.contains("/$")) {
            operation = id.substring(id.indexOf("/$") + 2);
            id = id.substring(0, id.indexOf('/'));
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (query != null && !query.isBlank()) {
            for (String pair : query.split("&")) {
                String[] nameValue = pair.split("=", 2);
                parameters.computeIfAbsent(nameValue[0], n -> new ArrayList<>()).add(nameValue[1]);
            }
        }
        return new Call(Interaction.valueOf(interaction), "-".equals(type) ? null : type, id, operation, parameters);
    }

    @ParameterizedTest(name = "{0}: {1} {2} {3} -> {4}")
    @CsvSource(delimiter = ';', value = {
            "professional; SEARCH_TYPE; MedicationStatement; patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn|999900006&_include=MedicationStatement:medication; allow-list",
            "professional; SEARCH_TYPE; Encounter; patient=Patient/anna&date=ge2026-01-01&_count=10; allow-list",
            "professional; SEARCH_TYPE; Encounter; patient=Patient/anna&_summary=count; allow-list.parameter",
            "professional; SEARCH_TYPE; Encounter; patient=Patient/anna&_total=accurate; allow-list.parameter",
            "professional; SEARCH_TYPE; Observation; patient=Patient/anna&value-quantity=gt47; allow-list.parameter",
            "professional; SEARCH_TYPE; Patient; _has:Condition:subject:code=K86; allow-list.parameter",
            "professional; SEARCH_TYPE; Patient; name=Anna; allow-list.parameter",
            "professional; SEARCH_TYPE; Patient; birthdate=1958-03-14; allow-list.parameter",
            "professional; SEARCH_TYPE; Patient; identifier=http://fhir.nl/fhir/NamingSystem/bsn|999900006; allow-list",
            "professional; SEARCH_TYPE; Patient; _id=anna&_revinclude=Encounter:subject; allow-list.parameter",
            // MP9's queries follow a prescriber's role to its organisation, practitioner and location, nothing further.
            "professional; SEARCH_TYPE; MedicationRequest; patient=Patient/anna&_include=MedicationRequest:requester&_include:iterate=PractitionerRole:organization; allow-list",
            "professional; SEARCH_TYPE; MedicationRequest; patient=Patient/anna&_include:iterate=PractitionerRole:endpoint; allow-list.parameter",
            "professional; SEARCH_TYPE; MedicationRequest; patient=Patient/anna&_include=PractitionerRole:organization; allow-list.parameter",
            "professional; SEARCH_TYPE; Encounter; patient=Patient/anna&_include:iterate=PractitionerRole:organization; allow-list.parameter",
            "professional; SEARCH_TYPE; MedicationRequest; patient=Patient/anna&medication.code=urn:oid:2.16.840.1.113883.2.4.4.10|3956&pharmaceutical-treatment-identifier=urn:oid:1.2|x; allow-list",
            "professional; SEARCH_TYPE; MedicationAdministration; patient=Patient/anna&effective-time=ge2026-01-01&_include=MedicationAdministration:performer; allow-list",
            "professional; SEARCH_TYPE; Encounter; patient:missing=true; allow-list.parameter",
            "professional; SEARCH_TYPE; Encounter; subject.name=Anna; allow-list.parameter",
            "professional; SEARCH_TYPE; Encounter; favourite-colour=blue; allow-list.parameter",
            "professional; OPERATION_TYPE; Patient/$summary; identifier=http://fhir.nl/fhir/NamingSystem/bsn|999900006; allow-list",
            "professional; OPERATION_INSTANCE; Patient/anna/$everything; ; allow-list.operation",
            "professional; OPERATION_INSTANCE; Patient/anna/$meta; ; allow-list.operation",
            "professional; OPERATION_INSTANCE; Observation/x/$validate; mode=delete; allow-list.operation",
            "professional; HISTORY_TYPE; Encounter; ; allow-list.interaction",
            "professional; SEARCH_SYSTEM; -; _id=anna; allow-list.interaction",
            "professional; HISTORY_SYSTEM; -; ; allow-list.interaction",
            "professional; OPERATION_SYSTEM; $emergency-regime; active=true; allow-list.operation",
            "professional; READ; AuditEvent/x; ; allow-list.type",
            "organization; SEARCH_TYPE; Encounter; patient=Patient/anna&_summary=count; allow-list",
            "organization; OPERATION_TYPE; Patient/$summary; ; allow-list.operation",
            "organization; DELETE; Encounter/x; ; allow-list",
            "patient; SEARCH_TYPE; AuditEvent; date=ge2026-01-01&_count=5; allow-list",
            "patient; OPERATION_INSTANCE; Patient/anna/$everything; _count=200; allow-list",
            "patient; OPERATION_INSTANCE; Patient/anna/$everything; _type=Encounter; allow-list.parameter",
            "patient; DELETE; Encounter/x; ; allow-list.interaction",
            "patient; CREATE; Consent; ; allow-list",
            "patient; TRANSACTION; -; ; allow-list.interaction",
            "operator; SEARCH_TYPE; Encounter; ; allow-list.type",
            "operator; READ; Patient/anna; ; allow-list.type",
            "operator; OPERATION_SYSTEM; $emergency-regime; active=true; allow-list",
            "operator; UPDATE; Organization/x; ; allow-list",
            "operator; READ; CapabilityStatement/allow-list-patient; ; allow-list"})
    void decides(String kind, String interaction, String target, String query, String rule) throws IOException {
        Verdict verdict = list(kind).check(call(interaction, target, query));
        assertThat(verdict.rule()).as(verdict.reason()).isEqualTo(rule);
        assertThat(verdict.permitted()).isEqualTo(rule.equals("allow-list"));
        assertThat(verdict.reason()).isNotBlank();
    }
}
