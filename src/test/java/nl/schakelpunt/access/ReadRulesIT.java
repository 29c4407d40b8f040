package nl.schakelpunt.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/**
 * Who may read what, on the demo data: a holder reads its own data, a patient their own record
 * and nothing else, the operator no patient data, and scopes narrow all of it.
 */
class ReadRulesIT extends ServerTest {

    private static final String ANNA = "999900006";
    private static final String BRAM = "999900018";

    private FhirHttp anna() {
        return fhir().as(TestTokens.patient(ANNA));
    }

    @Test
    void patientReadsTheirWholeRecordWithoutTimeWindow() {
        anna().get("/fhir/Patient/anna").expect(200);
        anna().get("/fhir/Encounter/anna-gp-de-linde-contact-14m").expect(200);
        anna().get("/fhir/Condition/anna-gp-de-linde-episode-r74").expect(200);
        assertThat(ids(anna().get("/fhir/Encounter?_count=100").expect(200).bundle()))
                .containsExactlyInAnyOrder("anna-gp-de-linde-contact-2w", "anna-gp-de-linde-contact-3m",
                        "anna-gp-de-linde-contact-5m", "anna-gp-de-linde-contact-14m");
        assertThat(ids(anna().get("/fhir/Consent").expect(200).bundle()))
                .allMatch(id -> id.startsWith("anna-"));
        assertThat(ids(anna().get("/fhir/Patient").expect(200).bundle())).containsExactly("anna");
    }

    @Test
    void patientDoesNotReadAnotherPatient() {
        anna().get("/fhir/Patient/bram").expect(404);
        anna().get("/fhir/Encounter/bram-gp-de-linde-contact-2w").expect(404);
        assertThat(anna().get("/fhir/Encounter?patient=Patient/bram").expect(200).bundle().getEntry()).isEmpty();
        assertThat(anna().get("/fhir/Encounter?patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C" + BRAM)
                .expect(200).bundle().getEntry()).isEmpty();
        assertThat(anna().get("/fhir/Encounter?patient=Patient/bram&_summary=count").expect(200).bundle().getTotal())
                .isZero();
        assertThat(anna().get("/fhir/Consent/bram-gp-de-linde").status()).isEqualTo(404);
    }

    @Test
    void patientDoesNotReachAnotherPatientThroughIncludesOrHistory() {
        Bundle included = anna().get("/fhir/Encounter?_id=bram-gp-de-linde-contact-2w&_include=Encounter:subject")
                .expect(200).bundle();
        assertThat(included.getEntry()).isEmpty();
        // A revinclude is on no allow-list: it would reach from a Patient to everybody's data.
        anna().get("/fhir/Patient?_revinclude=Encounter:subject").expect(403);
        anna().get("/fhir/Patient/bram/_history").expect(404);
        anna().get("/fhir/Encounter/bram-gp-de-linde-contact-2w/_history").expect(404);
        anna().get("/fhir/Encounter/bram-gp-de-linde-contact-2w/_history/1").expect(404);
        assertThat(anna().get("/fhir/Encounter/anna-gp-de-linde-contact-2w/_history").expect(200).bundle().getEntry())
                .hasSize(1);
        anna().get("/fhir/Encounter/_history").expect(403);
        Bundle everything = anna().get("/fhir/Patient/anna/$everything?_count=200").expect(200).bundle();
        assertThat(everything.getEntry()).isNotEmpty();
        assertThat(everything.getEntry()).extracting(e -> e.getResource())
                .noneMatch(r -> r.getIdElement().getIdPart().startsWith("bram"));
    }

    @Test
    void holderReadsItsOwnDataNotAnotherHolders() {
        gp().get("/fhir/Encounter/anna-gp-de-linde-contact-2w").expect(200);
        pharmacy().get("/fhir/Encounter/anna-gp-de-linde-contact-2w").expect(404);
        assertThat(pharmacy().get("/fhir/Encounter?patient=Patient/anna").expect(200).bundle().getEntry()).isEmpty();
        assertThat(gp().get("/fhir/Encounter?patient=Patient/anna").expect(200).bundle().getEntry()).hasSize(4);
        Bundle batch = pharmacy().post("/fhir", "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Encounter/anna-gp-de-linde-contact-2w\"}}]}")
                .expect(200).bundle();
        assertThat(batch.getEntryFirstRep().getResponse().getStatus()).startsWith("404");
    }

    @Test
    void professionalOfAReadingOrganisationReadsPatientsAndTheDirectory() {
        FhirHttp cardiologist = fhir().as(TestTokens.cardiologist());
        cardiologist.get("/fhir/Patient/anna").expect(200);
        assertThat(cardiologist.get("/fhir/Patient?identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C" + ANNA)
                .expect(200).bundle().getEntry()).hasSize(1);
        cardiologist.get("/fhir/Organization/gp-de-linde").expect(200);
        cardiologist.get("/fhir/Medication/metoprolol").expect(200);
        // Other holders' data only through the patient's permission: Bram has recorded no choice.
        cardiologist.get("/fhir/Encounter/bram-gp-de-linde-contact-2w").expect(404);
        Bundle brams = cardiologist.get("/fhir/MedicationStatement?patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C"
                + BRAM).expect(200).bundle();
        assertThat(brams.getEntry()).isEmpty();
        assertThat(brams.hasTotal()).isFalse();
        // A professional's search answers without a count: a count could tell what was withheld.
        cardiologist.get("/fhir/MedicationStatement?patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C"
                + BRAM + "&_summary=count").expect(403);
    }

    @Test
    void operatorReadsNoPatientData() {
        for (String path : List.of("/fhir/Patient/anna", "/fhir/Patient", "/fhir/Encounter?patient=Patient/anna",
                "/fhir/Consent", "/fhir/MedicationStatement/anna-pharmacy-de-brug-use-metoprolol",
                "/fhir/Patient/anna/$everything", "/fhir/AuditEvent")) {
            operator().get(path).expect(403);
        }
        operator().get("/fhir/Organization/gp-de-linde").expect(200);
        operator().get("/fhir/Patient/anna/_history").expect(403);
        operator().get("/fhir/Organization/gp-de-linde/_history").expect(200);
    }

    @Test
    void tokenWithoutReadScopeForATypeDoesNotReadIt() {
        FhirHttp patientsOnly = fhir().as(TestTokens.pharmacyDeBrug().scope("system/Patient.rs"));
        patientsOnly.get("/fhir/Patient/anna").expect(200);
        patientsOnly.get("/fhir/MedicationStatement?patient=Patient/anna").expect(403);
        patientsOnly.get("/fhir/MedicationStatement/anna-pharmacy-de-brug-use-metoprolol").expect(403);
        patientsOnly.get("/fhir/Patient?_id=anna&_revinclude=MedicationStatement:subject").expect(403);
    }

    @Test
    void readScopeWithoutSearchScopeReadsButDoesNotSearch() {
        FhirHttp readOnly = fhir().as(TestTokens.pharmacyDeBrug().scope("system/MedicationStatement.r"));
        readOnly.get("/fhir/MedicationStatement/anna-pharmacy-de-brug-use-metoprolol").expect(200);
        readOnly.get("/fhir/MedicationStatement?patient=Patient/anna").expect(403);
    }

    @Test
    void patientWithoutARecordSeesNothing() {
        FhirHttp nobody = fhir().as(TestTokens.patient("999700005"));
        nobody.get("/fhir/Patient/anna").expect(404);
        nobody.get("/fhir/Encounter?_count=10").expect(403);
    }

    private static List<String> ids(Bundle bundle) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .map(Resource::getIdElement).map(id -> id.getIdPart()).toList();
    }
}
