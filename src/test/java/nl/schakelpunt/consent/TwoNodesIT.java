package nl.schakelpunt.consent;

import static nl.schakelpunt.support.Resources.freshBsn;
import static nl.schakelpunt.support.Resources.patient;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerNode;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/**
 * Two server nodes on one database: a permission changed through one is in force on the other at
 * the very next request; neither keeps a stale copy.
 */
class TwoNodesIT extends ServerTest {

    private static ServerNode secondNode;

    /** Started after the first node (the shared test server), on the database it made. */
    @BeforeAll
    static void startSecondNode() {
        secondNode = ServerNode.start(TwoNodesIT.class, Map.of());
    }

    @AfterAll
    static void stopSecondNode() {
        if (secondNode != null) {
            secondNode.close();
        }
    }

    private static FhirHttp second() {
        return secondNode.fhir();
    }

    @Test
    void withdrawalThroughOneNodeHoldsOnTheOtherAtTheNextRequest() {
        String bsn = freshBsn();
        String patientId = gp().post("/fhir/Patient", patient(bsn)).expect(201).as(Patient.class).getIdElement().getIdPart();
        FhirHttp patientOnFirst = fhir().as(TestTokens.patient(bsn));
        FhirHttp patientOnSecond = second().as(TestTokens.patient(bsn));

        String id = patientOnFirst.post("/fhir/Consent", onlineRequest(patientId)).expect(201).as(Consent.class)
                .getIdElement().getIdPart();
        assertThat(patientOnSecond.get("/fhir/Consent/" + id).expect(200).as(Consent.class).getStatus())
                .isEqualTo(Consent.ConsentState.PROPOSED);
        second().as(TestTokens.gpDeLinde()).post("/fhir/Consent/" + id + "/$process", accept()).expect(200);
        assertThat(patientOnFirst.get("/fhir/Consent/" + id).expect(200).as(Consent.class).getStatus())
                .isEqualTo(Consent.ConsentState.ACTIVE);

        patientOnFirst.post("/fhir/Consent/" + id + "/$withdraw", new Parameters()).expect(200);
        assertThat(patientOnSecond.get("/fhir/Consent/" + id).expect(200).as(Consent.class).getStatus())
                .isEqualTo(Consent.ConsentState.INACTIVE);
        assertThat(second().as(TestTokens.gpDeLinde()).get("/fhir/Consent?patient=Patient/" + patientId + "&status=active")
                .expect(200).bundle().getEntry()).isEmpty();
        patientOnSecond.post("/fhir/Consent/" + id + "/$withdraw", new Parameters()).expect(409);
        second().as(TestTokens.gpDeLinde()).post("/fhir/Consent/" + id + "/$process", accept()).expect(409);
    }

    private static Parameters accept() {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName("decision").setValue(new CodeType("accept"));
        return parameters;
    }

    private static Consent onlineRequest(String patientId) {
        Consent consent = new Consent().setStatus(Consent.ConsentState.PROPOSED)
                .setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", null)))
                .addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", null)))
                .setPatient(new Reference("Patient/" + patientId))
                .setDateTimeElement(DateTimeType.now())
                .addOrganization(new Reference("Organization/gp-de-linde"))
                .setPolicyRule(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", null)));
        consent.addExtension(PermissionCodes.CHANNEL_EXTENSION, new Coding(PermissionCodes.CHANNEL_SYSTEM, "online", null));
        Consent.ProvisionComponent provision = consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
        provision.addActor()
                .setRole(new CodeableConcept(new Coding(PermissionCodes.PARTICIPATION_TYPE_SYSTEM, "CST", null)))
                .setReference(new Reference("Organization/gp-de-linde"));
        provision.addPurpose(new Coding(PermissionCodes.ACT_REASON_SYSTEM, "TREAT", null));
        return consent;
    }
}
