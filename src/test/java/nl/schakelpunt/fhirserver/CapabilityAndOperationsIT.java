package nl.schakelpunt.fhirserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import nl.schakelpunt.support.ServerTest;

class CapabilityAndOperationsIT extends ServerTest {

    @Autowired
    private FhirServerProperties properties;

    @Test
    void capabilityStatementListsExactlyTheExposedTypesAndOperations() {
        CapabilityStatement statement = fhir().get("/fhir/metadata").expect(200).as(CapabilityStatement.class);
        assertThat(statement.getFhirVersion().toCode()).isEqualTo("4.0.1");
        CapabilityStatement.CapabilityStatementRestComponent rest = statement.getRestFirstRep();
        List<String> types = rest.getResource().stream().map(r -> r.getType()).toList();
        // HAPI's stored types, and the audit trail, which is served from its own store.
        List<String> expected = new java.util.ArrayList<>(properties.resourceTypes());
        expected.add("AuditEvent");
        assertThat(types).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(rest.getInteraction()).extracting(i -> i.getCode().toCode()).containsExactly("transaction");
        rest.getResource().forEach(resource -> assertThat(resource.getOperation())
                .extracting(op -> op.getName())
                .allMatch(properties.operations()::contains));
        assertThat(rest.getResource().stream().filter(r -> r.getType().equals("Patient")).findFirst().orElseThrow()
                .getOperation()).extracting(op -> op.getName()).contains("everything");
        assertThat(rest.getSecurity().getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
        assertThat(rest.getSecurity().getDescription()).contains("organization_ura", "uzi_role", "purpose_of_use",
                "patient_bsn", "scope");
        // Asked twice, the statement is the same (HAPI caches it between requests).
        CapabilityStatement again = fhir().get("/fhir/metadata").expect(200).as(CapabilityStatement.class);
        assertThat(again.getRestFirstRep().getSecurity().getService()).hasSize(1);
    }

    @Test
    void livenessAndReadinessIncludingDatabaseAreUp() {
        assertThat(fhir().getPlain("/actuator/health/liveness").expect(200).body()).contains("\"UP\"");
        String readiness = fhir().getPlain("/actuator/health/readiness").expect(200).body();
        assertThat(readiness).contains("\"status\":\"UP\"").contains("\"db\"");
    }

    @Test
    void prometheusMetricsAreServedOutsideFhir() {
        String metrics = fhir().getPlain("/actuator/prometheus").expect(200).body();
        assertThat(metrics).contains("jvm_memory_used_bytes").contains("http_server_requests");
    }
}
