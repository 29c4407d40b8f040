package nl.schakelpunt.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/**
 * The audit trail is held in check by its retention: events recorded before the cut-off are deleted with every
 * patient's view of them, later ones stay and the patient still sees them.
 */
class AuditRetentionIT extends ServerTest {

    private static final String BRAM = "999900018";

    @Autowired
    private AuditTrail trail;

    private List<Instant> trailOf(FhirHttp patient) {
        Bundle events = patient.get("/fhir/AuditEvent?_count=200").expect(200).bundle();
        return events.getEntry().stream().map(e -> ((AuditEvent) e.getResource()).getRecorded().toInstant()).toList();
    }

    @Test
    void eventsOlderThanTheRetentionAreDeletedAndLaterOnesKept() throws InterruptedException {
        FhirHttp bram = fhir().as(TestTokens.patient(BRAM));
        bram.get("/fhir/Patient?identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C" + BRAM).expect(200);
        Thread.sleep(20);
        Instant cutoff = Instant.now();
        Thread.sleep(20);
        bram.get("/fhir/MedicationStatement?patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C" + BRAM)
                .expect(200);
        assertThat(trailOf(bram)).anyMatch(recorded -> recorded.isBefore(cutoff));

        assertThat(trail.forgetOlderThan(cutoff)).isPositive();
        List<Instant> kept = trailOf(bram);
        assertThat(kept).isNotEmpty().allMatch(recorded -> !recorded.isBefore(cutoff));
        // Nothing older is left in the full trail either.
        assertThat(trail.since(Timestamp.from(Instant.EPOCH))).allMatch(e -> !e.getRecorded().toInstant()
                .isBefore(cutoff));
    }

    @Test
    void theRetentionIsAPositivePeriod() {
        assertThatThrownBy(() -> new AuditProperties(Period.ZERO, Duration.ofDays(1)))
                .hasMessageContaining("schakelpunt.audit.retention");
        assertThat(new AuditProperties(Period.ofYears(5), Duration.ofDays(1)).retention()).isEqualTo(Period.ofYears(5));
    }
}
