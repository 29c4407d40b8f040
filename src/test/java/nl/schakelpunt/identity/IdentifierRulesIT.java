package nl.schakelpunt.identity;

import static nl.schakelpunt.support.Resources.freshBsn;
import static nl.schakelpunt.support.Resources.freshUra;
import static nl.schakelpunt.support.Resources.organization;
import static nl.schakelpunt.support.Resources.patient;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;

class IdentifierRulesIT extends ServerTest {

    @Test
    void patientWithValidBsnIsStored() {
        String bsn = freshBsn();
        Patient created = gp().post("/fhir/Patient", patient(bsn)).expect(201).as(Patient.class);
        Patient read = gp().get("/fhir/Patient/" + created.getIdElement().getIdPart()).expect(200).as(Patient.class);
        assertThat(read.getIdentifierFirstRep().getValue()).isEqualTo(bsn);
    }

    @ParameterizedTest(name = "BSN {0}: {1}")
    @CsvSource({
            "123456789, fails the 11-check",
            "12345678, must have 9 digits",
            "1234567890, must have 9 digits",
            "12345678X, digits only",
            "000000000, all zeros"})
    void invalidBsnIsRefusedNamingElementAndRule(String bsn, String rule) {
        FhirHttp.Response response = gp().post("/fhir/Patient", patient(bsn)).expect(422);
        OperationOutcome.OperationOutcomeIssueComponent issue = response.outcome().getIssueFirstRep();
        assertThat(issue.getDiagnostics()).contains(bsn.trim()).contains(rule);
        assertThat(issue.getExpression()).extracting(Object::toString).contains("Patient.identifier[0].value");
        assertThat(searchByBsn(bsn)).isZero();
    }

    @Test
    void patientWithoutBsnIsRefused() {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:oid:2.16.528.1.1007.3.3.1234567.1").setValue("local-1");
        FhirHttp.Response response = gp().post("/fhir/Patient", patient).expect(422);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("must carry a BSN");
        assertThat(response.outcome().getIssueFirstRep().getExpression().get(0).getValue()).isEqualTo("Patient.identifier");
    }

    @Test
    void patientWithTwoBsnsIsRefused() {
        Patient patient = patient(freshBsn());
        patient.addIdentifier().setSystem(NamingSystems.BSN).setValue(freshBsn());
        gp().post("/fhir/Patient", patient).expect(422);
    }

    @Test
    void invalidBsnOnUpdateIsRefusedAndOriginalKept() {
        String bsn = freshBsn();
        Patient created = gp().post("/fhir/Patient", patient(bsn)).expect(201).as(Patient.class);
        String id = created.getIdElement().getIdPart();
        Patient changed = patient("123456789");
        changed.setId(id);
        gp().put("/fhir/Patient/" + id, changed).expect(422);
        Patient read = gp().get("/fhir/Patient/" + id).expect(200).as(Patient.class);
        assertThat(read.getIdentifierFirstRep().getValue()).isEqualTo(bsn);
        assertThat(read.getMeta().getVersionId()).isEqualTo("1");
    }

    @Test
    void patientPushedAgainWithKnownBsnIsMatchedNotDuplicated() {
        String bsn = freshBsn();
        Patient first = gp().post("/fhir/Patient", patient(bsn)).expect(201).as(Patient.class);
        Patient matched = pharmacy().post("/fhir/Patient", patient(bsn)).expect(200).as(Patient.class);
        assertThat(matched.getIdElement().getIdPart()).isEqualTo(first.getIdElement().getIdPart());
        assertThat(searchByBsn(bsn)).isEqualTo(1);
    }

    @Test
    void secondPatientWithSameBsnUnderAnotherIdIsRefusedWith409() {
        String bsn = freshBsn();
        gp().post("/fhir/Patient", patient(bsn)).expect(201);
        Patient other = patient(bsn);
        other.setId("other-" + bsn);
        FhirHttp.Response duplicate = gp().put("/fhir/Patient/other-" + bsn, other).expect(409);
        assertThat(duplicate.outcome().getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.DUPLICATE);
        assertThat(duplicate.outcome().getIssueFirstRep().getDiagnostics()).contains(bsn).contains("already exists");
        assertThat(searchByBsn(bsn)).isEqualTo(1);
    }

    @Test
    void updateThatTakesAnotherPatientsBsnIsRefused() {
        String first = freshBsn();
        gp().post("/fhir/Patient", patient(first)).expect(201);
        Patient second = gp().post("/fhir/Patient", patient(freshBsn())).expect(201).as(Patient.class);
        String id = second.getIdElement().getIdPart();
        Patient changed = patient(first);
        changed.setId(id);
        gp().put("/fhir/Patient/" + id, changed).expect(409);
        assertThat(searchByBsn(first)).isEqualTo(1);
    }

    @Test
    void conditionalCreateOnBsnReturnsTheExistingPatient() {
        String bsn = freshBsn();
        Patient created = gp().post("/fhir/Patient", patient(bsn)).expect(201).as(Patient.class);
        FhirHttp.Response again = gp().post("/fhir/Patient", FhirHttp.json(patient(bsn)),
                Map.of("If-None-Exist", "identifier=" + NamingSystems.BSN + "|" + bsn));
        again.expect(200);
        assertThat(again.header("Location")).contains("/Patient/" + created.getIdElement().getIdPart() + "/");
        assertThat(searchByBsn(bsn)).isEqualTo(1);
    }

    @Test
    void conditionalUpdateOnBsnCreatesThenUpdates() {
        String bsn = freshBsn();
        String url = "/fhir/Patient?identifier=" + NamingSystems.BSN + "%7C" + bsn;
        Patient first = patient(bsn);
        first.getNameFirstRep().setFamily("Eerst");
        gp().put(url, first).expect(201);
        Patient second = patient(bsn);
        second.getNameFirstRep().setFamily("Daarna");
        Patient updated = gp().put(url, second).expect(200).as(Patient.class);
        assertThat(updated.getMeta().getVersionId()).isEqualTo("2");
        assertThat(updated.getNameFirstRep().getFamily()).isEqualTo("Daarna");
        assertThat(searchByBsn(bsn)).isEqualTo(1);
    }

    @Test
    void organizationWithUraOrAgbIsStored() {
        operator().post("/fhir/Organization", organization(NamingSystems.URA, freshUra())).expect(201);
        operator().post("/fhir/Organization", organization(NamingSystems.AGB, freshUra())).expect(201);
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource({
            "http://fhir.nl/fhir/NamingSystem/ura, 1234567, must have 8 digits",
            "http://fhir.nl/fhir/NamingSystem/ura, 123456789, must have 8 digits",
            "http://fhir.nl/fhir/NamingSystem/ura, 1234567A, digits only",
            "http://fhir.nl/fhir/NamingSystem/agb-z, 123, must have 8 digits",
            "http://fhir.nl/fhir/NamingSystem/agb-z, ABCDEFGH, digits only"})
    void invalidUraOrAgbIsRefused(String system, String value, String rule) {
        FhirHttp.Response response = operator().post("/fhir/Organization", organization(system, value)).expect(422);
        OperationOutcome.OperationOutcomeIssueComponent issue = response.outcome().getIssueFirstRep();
        assertThat(issue.getDiagnostics()).contains(value).contains(rule);
        assertThat(issue.getExpression().get(0).getValue()).isEqualTo("Organization.identifier[0].value");
    }

    @Test
    void organizationWithoutUraOrAgbIsRefused() {
        Organization organization = organization("http://example.org/ids", "x-1");
        FhirHttp.Response response = operator().post("/fhir/Organization", organization).expect(422);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("URA").contains("AGB");
    }

    private int searchByBsn(String bsn) {
        return gp().get("/fhir/Patient?identifier=" + NamingSystems.BSN + "%7C" + bsn)
                .expect(200).bundle().getEntry().size();
    }
}
