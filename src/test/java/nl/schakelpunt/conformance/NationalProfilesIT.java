package nl.schakelpunt.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.Resources;
import nl.schakelpunt.support.ServerTest;

/**
 * The national packages (Nictiz nl-core, MP9) are loaded from the project at start-up: their
 * profiles and search parameters are served, and a resource that declares a national profile is
 * validated against it and stored with its profile kept.
 */
class NationalProfilesIT extends ServerTest {

    private static final String NL_CORE_PATIENT = "http://nictiz.nl/fhir/StructureDefinition/nl-core-Patient";
    private static final String MARITAL_STATUS = "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus";
    /** A local code: allowed where the binding is extensible (R4), refused where it is required (nl-core). */
    private static final String LOCAL_STATUS = "https://example.org/local-marital-status";

    private static Patient nlCorePatient(String id, String maritalStatus) {
        Patient patient = Resources.patient(Resources.freshBsn());
        patient.setId(id);
        patient.getMeta().addProfile(NL_CORE_PATIENT);
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        patient.setMaritalStatus(new CodeableConcept(new Coding(maritalStatus.equals("M") ? MARITAL_STATUS : LOCAL_STATUS,
                maritalStatus, null)));
        return patient;
    }

    @Test
    void nationalProfilesAndSearchParametersAreServed() {
        Bundle profiles = pharmacy().get("/fhir/StructureDefinition?url=" + NL_CORE_PATIENT).expect(200).bundle();
        assertThat(profiles.getEntry()).hasSize(1);
        StructureDefinition profile = (StructureDefinition) profiles.getEntryFirstRep().getResource();
        assertThat(profile.getUrl()).isEqualTo(NL_CORE_PATIENT);
        assertThat(profile.getSnapshot().getElement()).isNotEmpty();

        Bundle agreement = pharmacy().get("/fhir/StructureDefinition?url=http://nictiz.nl/fhir/StructureDefinition/mp-MedicationAgreement")
                .expect(200).bundle();
        assertThat(agreement.getEntry()).hasSize(1);

        Bundle parameters = pharmacy().get("/fhir/SearchParameter?url="
                + "http://nictiz.nl/fhir/SearchParameter/pharmaceutical-treatment-identifier").expect(200).bundle();
        assertThat(parameters.getEntry()).hasSize(1);
        assertThat(((SearchParameter) parameters.getEntryFirstRep().getResource()).getBase())
                .extracting(code -> code.getValue()).contains("MedicationRequest", "MedicationDispense");
    }

    @Test
    void aResourceDeclaringANationalProfileIsStoredWithItUnderTheIdTheHolderChose() {
        String id = "nl-core-patient-" + Resources.freshBsn();
        FhirHttp.Response created = pharmacy().put("/fhir/Patient/" + id, nlCorePatient(id, "M")).expect(201);
        Patient stored = created.as(Patient.class);
        assertThat(stored.getIdElement().getIdPart()).isEqualTo(id);
        assertThat(stored.getMeta().getProfile()).extracting(p -> p.getValue()).containsExactly(NL_CORE_PATIENT);
        assertThat(pharmacy().get("/fhir/Patient/" + id).expect(200).as(Patient.class).getMeta().getProfile())
                .extracting(p -> p.getValue()).containsExactly(NL_CORE_PATIENT);
    }

    @Test
    void aResourceBreakingItsNationalProfileIsRefusedWithWhereAndWhy() {
        String id = "nl-core-patient-" + Resources.freshBsn();
        FhirHttp.Response refused = pharmacy().put("/fhir/Patient/" + id, nlCorePatient(id, "living-apart")).expect(422);
        OperationOutcome outcome = refused.outcome();
        List<String> expressions = outcome.getIssue().stream()
                .flatMap(issue -> issue.getExpression().stream()).map(e -> e.getValue()).toList();
        assertThat(expressions).contains("Patient.maritalStatus");
        assertThat(refused.body()).contains("BurgerlijkeStaatCodelijst");
        pharmacy().get("/fhir/Patient/" + id).expect(404);
    }

    @Test
    void aCodeOfATerminologyTheServerDoesNotHoldIsAcceptedWithAWarningOnly() {
        // ISO 639-1, which the nl-core language value set draws on, is published without its codes.
        String id = "nl-core-patient-" + Resources.freshBsn();
        Patient patient = nlCorePatient(id, "M");
        patient.addCommunication().setLanguage(new CodeableConcept(new Coding("urn:oid:1.0.639.1", "nl", "Dutch")));
        FhirHttp.Response created = pharmacy().put("/fhir/Patient/" + id, patient).expect(201);
        assertThat(created.as(Patient.class).getCommunicationFirstRep().getLanguage().getCodingFirstRep().getCode())
                .isEqualTo("nl");
    }

    @Test
    void aCodeTheServerCannotCheckAgainstARequiredValueSetOnlyWarns() {
        // nl-core-Problem requires a code from a value set that draws on all of ICPC-1 NL; the server
        // holds only a fragment of ICPC, without L88.01.
        String patientId = gp().post("/fhir/Patient", Resources.patient(Resources.freshBsn())).expect(201)
                .as(Patient.class).getIdElement().getIdPart();
        Condition problem = new Condition();
        problem.getMeta().addProfile("http://nictiz.nl/fhir/StructureDefinition/nl-core-Problem");
        problem.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icpc-1-nl", "L88.01", "Reumatoide artritis")));
        problem.setSubject(new Reference("Patient/" + patientId));
        String id = "nl-core-problem-" + Resources.freshBsn();
        problem.setId(id);
        gp().put("/fhir/Condition/" + id, problem).expect(201);

        // A code from a system the value set does not draw on is certainly not in it: refused.
        problem.setCode(new CodeableConcept(new Coding(LOCAL_STATUS, "L88.01", "Reumatoide artritis")));
        FhirHttp.Response refused = gp().put("/fhir/Condition/" + id, problem).expect(422);
        assertThat(refused.outcome().getIssueFirstRep().getDiagnostics()).contains("value set");
    }

    @Test
    void theSameResourceWithoutTheNationalProfileIsNotHeldToIt() {
        Patient patient = nlCorePatient(null, "living-apart");
        patient.getMeta().getProfile().clear();
        patient.setId((String) null);
        FhirHttp.Response response = pharmacy().post("/fhir/Patient", patient);
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.as(Patient.class).getMeta().getProfile()).isEmpty();
    }
}
