package nl.schakelpunt.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import nl.schakelpunt.audit.AuditTrail;
import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/** The temporary emergency regime: off by default, switched by an operator, audited, never against a refusal. */
class EmergencyRegimeIT extends ServerTest {

    private static final String BSN = "patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C";

    @Autowired
    private AuditTrail trail;

    @AfterEach
    void switchOff() {
        operator().post("/fhir/$emergency-regime", regime(false, null, null)).expect(200);
    }

    /** How many resources a professional's search shows (it answers without a total). */
    private static int count(FhirHttp client, String search) {
        return client.get("/fhir/" + search + "&_count=200").expect(200).bundle().getEntry().size();
    }

    private FhirHttp hap(String purpose) {
        return fhir().as(TestTokens.professional("90000401", "N6", "900000401", "01.015").claim("purpose_of_use", purpose));
    }

    private int encountersOf(FhirHttp client, String bsn) {
        return count(client, "Encounter?" + BSN + bsn);
    }

    @Test
    void offByDefaultNoChoiceMeansNothing() {
        assertThat(encountersOf(hap("ETREAT"), "999900018")).isZero();
    }

    @Test
    void switchedOnEmergencyCareSeesTheGpSummaryOfPatientsWithoutAChoice() {
        Timestamp start = new Timestamp(System.currentTimeMillis() - 1);
        Parameters state = operator().post("/fhir/$emergency-regime", regime(true, null, null)).expect(200)
                .as(Parameters.class);
        assertThat(state.getParameterBool("active")).isTrue();

        assertThat(encountersOf(hap("ETREAT"), "999900018")).isEqualTo(2);
        FhirHttp emergencyPhysician = fhir().as(TestTokens.professional("90000501", "V4", "900000502", "01.071")
                .claim("purpose_of_use", "ETREAT"));
        assertThat(encountersOf(emergencyPhysician, "999900018")).isEqualTo(2);
        // Not for planned care, not for other requesters, not medication, never against a refusal or withdrawal.
        assertThat(encountersOf(hap("TREAT"), "999900018")).isZero();
        assertThat(encountersOf(fhir().as(TestTokens.cardiologist().claim("purpose_of_use", "ETREAT")), "999900018")).isZero();
        assertThat(count(hap("ETREAT"), "MedicationStatement?" + BSN + "999900018")).isZero();
        assertThat(encountersOf(hap("ETREAT"), "999900031")).isZero();
        hap("ETREAT").get("/fhir/Encounter/bram-gp-de-linde-contact-2w").expect(200);
        hap("ETREAT").get("/fhir/Encounter/cora-gp-de-linde-contact-2w").expect(404);

        List<AuditEvent> events = trail.since(start);
        assertThat(events.get(0).getOutcomeDesc()).startsWith("emergency regime switched on");
        assertThat(events.get(0).getAgentFirstRep().getWho().getDisplay()).isEqualTo("operator");
        assertThat(events).anyMatch(e -> e.getEntity().stream().flatMap(en -> en.getDetail().stream())
                .anyMatch(d -> "emergency-regime".equals(d.getType())));
        Bundle bramsTrail = fhir().as(TestTokens.patient("999900018")).get("/fhir/AuditEvent?_count=50").expect(200).bundle();
        assertThat(bramsTrail.getEntry()).extracting(e -> (AuditEvent) e.getResource())
                .anyMatch(e -> e.getEntity().stream().flatMap(en -> en.getDetail().stream())
                        .anyMatch(d -> "emergency-regime".equals(d.getType())));
    }

    @Test
    void expiredOrSwitchedOffRegimeOpensNothing() {
        Instant now = Instant.now();
        operator().post("/fhir/$emergency-regime", regime(true, now.minus(Duration.ofDays(10)),
                now.minus(Duration.ofDays(1)))).expect(200);
        assertThat(encountersOf(hap("ETREAT"), "999900018")).isZero();
        operator().post("/fhir/$emergency-regime", regime(true, null, null)).expect(200);
        assertThat(encountersOf(hap("ETREAT"), "999900018")).isEqualTo(2);
        Parameters off = operator().post("/fhir/$emergency-regime", regime(false, null, null)).expect(200)
                .as(Parameters.class);
        assertThat(off.getParameterBool("active")).isFalse();
        assertThat(encountersOf(hap("ETREAT"), "999900018")).isZero();
    }

    @Test
    void onlyAnOperatorSwitchesIt() {
        hap("ETREAT").post("/fhir/$emergency-regime", regime(true, null, null)).expect(403);
        gp().post("/fhir/$emergency-regime", regime(true, null, null)).expect(403);
        assertThat(encountersOf(hap("ETREAT"), "999900018")).isZero();
    }

    private static Parameters regime(boolean active, Instant start, Instant end) {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName("active").setValue(new BooleanType(active));
        if (start != null) {
            parameters.addParameter().setName("start").setValue(new DateTimeType(Date.from(start)));
        }
        if (end != null) {
            parameters.addParameter().setName("end").setValue(new DateTimeType(Date.from(end)));
        }
        return parameters;
    }
}
