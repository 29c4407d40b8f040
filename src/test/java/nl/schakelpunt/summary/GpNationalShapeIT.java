package nl.schakelpunt.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.Resources;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/**
 * The GP side in national shape: a GP practice sends its summary in the nl-core profiles (episode of
 * care, problem, contact, SOAP line, laboratory result, allergy) under ids of its own, and a GP at an
 * out-of-hours service asks the national GP-data queries and gets them back as sent, profiles kept,
 * once the patient gave the practice permission.
 */
class GpNationalShapeIT extends ServerTest {

    private static final String NL_CORE = "http://nictiz.nl/fhir/StructureDefinition/";
    private static final String BSN = "http://fhir.nl/fhir/NamingSystem/bsn%7C";
    /** FHIR's dateTime needs the seconds, which OffsetDateTime.toString leaves out when they are 0. */
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private String bsn;
    private String patientId;
    private String suffix;

    private static String recent(int daysAgo) {
        return OffsetDateTime.now(ZoneOffset.ofHours(1)).minusDays(daysAgo).format(SECONDS);
    }

    private FhirHttp outOfHoursGp() {
        return fhir().as(TestTokens.professional("90000401", "N6", "900000401", "01.015"));
    }

    private void put(String type, String id, String json) {
        gp().put("/fhir/" + type + "/" + id, "{\"resourceType\":\"" + type + "\",\"id\":\"" + id + "\"," + json + "}")
                .expect(201);
    }

    @BeforeEach
    void aGpSummaryInNationalShape() {
        bsn = Resources.freshBsn();
        suffix = bsn;
        Patient patient = Resources.patient(bsn);
        patient.addGeneralPractitioner(new Reference("Organization/gp-de-linde").setDisplay("Huisartsenpraktijk De Linde"));
        patientId = gp().post("/fhir/Patient", patient).expect(201).as(Patient.class).getIdElement().getIdPart();
        String subject = "{\"reference\":\"Patient/" + patientId + "\",\"display\":\"Test Patient\"}";

        put("EpisodeOfCare", "nl-core-episode-" + suffix, "\"meta\":{\"profile\":[\"" + NL_CORE + "nl-core-EpisodeOfCare\"]},"
                + "\"status\":\"active\",\"patient\":" + subject + ",\"period\":{\"start\":\"2020-03-01\"}");
        put("Condition", "nl-core-problem-" + suffix, "\"meta\":{\"profile\":[\"" + NL_CORE + "nl-core-Problem\"]},"
                + "\"clinicalStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}]},"
                + "\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icpc-1-nl\",\"code\":\"K86\",\"display\":\"Hypertensie zonder orgaanbeschadiging\"}]},"
                + "\"subject\":" + subject + ",\"onsetDateTime\":\"2020-03-01\"");
        put("Encounter", "nl-core-contact-" + suffix, "\"meta\":{\"profile\":[\"" + NL_CORE + "nl-core-Encounter\"]},"
                + "\"status\":\"finished\",\"class\":{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"AMB\"},"
                + "\"subject\":" + subject + ",\"period\":{\"start\":\"" + recent(10) + "\",\"end\":\"" + recent(10) + "\"}");
        put("Observation", "nl-core-soap-" + suffix, "\"meta\":{\"profile\":[\"" + NL_CORE + "nl-core-SOAPReport.SOAPLine\"]},"
                + "\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"129265001\"}]},"
                + "\"subject\":" + subject + ",\"effectiveDateTime\":\"" + recent(10) + "\",\"valueString\":\"Bloeddruk goed ingesteld.\"");
        put("Observation", "nl-core-lab-" + suffix, "\"meta\":{\"profile\":[\"" + NL_CORE + "nl-core-LaboratoryTestResult\"]},"
                + "\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"laboratory\"}]}],"
                + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"4548-4\"}]},"
                + "\"subject\":" + subject + ",\"effectiveDateTime\":\"" + recent(10) + "\","
                + "\"valueQuantity\":{\"value\":48,\"unit\":\"mmol/mol\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mmol/mol\"}");
        // SNOMED CT is not held here: the code cannot be checked against the required value set and only warns.
        put("AllergyIntolerance", "nl-core-allergy-" + suffix, "\"meta\":{\"profile\":[\"" + NL_CORE + "nl-core-AllergyIntolerance\"]},"
                + "\"clinicalStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical\",\"code\":\"active\"}]},"
                + "\"category\":[\"medication\"],\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"764146007\",\"display\":\"Penicillin\"}]},"
                + "\"patient\":" + subject);

        Consent permission = Resources.permission(new Reference("Patient/" + patientId));
        permission.setDateTimeElement(new org.hl7.fhir.r4.model.DateTimeType(recent(1)));
        gp().post("/fhir/Consent", permission).expect(201);
    }

    private List<String> found(String query) {
        Bundle bundle = outOfHoursGp().get("/fhir/" + query).expect(200).bundle();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (resource.getIdElement().getIdPart().startsWith("nl-core-")) {
                assertThat(resource.getMeta().getProfile()).as("profile of %s", resource.getIdElement().getValue())
                        .singleElement().satisfies(p -> assertThat(p.getValue()).startsWith(NL_CORE + "nl-core-"));
            }
        }
        return bundle.getEntry().stream().map(e -> e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart())
                .sorted().toList();
    }

    @Test
    void theNationalGpDataQueriesAnswerWithTheSummaryAsSent() {
        assertThat(found("Patient?identifier=" + BSN + bsn + "&_include=Patient:general-practitioner"))
                .containsExactly("Organization/gp-de-linde", "Patient/" + patientId);
        assertThat(found("EpisodeOfCare?patient.identifier=" + BSN + bsn)).containsExactly("EpisodeOfCare/nl-core-episode-" + suffix);
        assertThat(found("Condition?patient.identifier=" + BSN + bsn)).containsExactly("Condition/nl-core-problem-" + suffix);
        assertThat(found("AllergyIntolerance?patient.identifier=" + BSN + bsn + "&category=medication"))
                .containsExactly("AllergyIntolerance/nl-core-allergy-" + suffix);
        assertThat(found("Observation?patient.identifier=" + BSN + bsn + "&code=http://loinc.org%7C4548-4&date=ge"
                + LocalDate.now().minusMonths(1))).containsExactly("Observation/nl-core-lab-" + suffix);
        assertThat(found("Observation?patient.identifier=" + BSN + bsn))
                .containsExactly("Observation/nl-core-lab-" + suffix, "Observation/nl-core-soap-" + suffix);
        assertThat(found("Encounter?patient.identifier=" + BSN + bsn)).containsExactly("Encounter/nl-core-contact-" + suffix);
        assertThat(found("Composition?patient.identifier=" + BSN + bsn + "&type=http://loinc.org%7C67781-5")).isEmpty();
    }

    @Test
    void withoutThePatientsPermissionTheQueriesLookEmpty() {
        String other = Resources.freshBsn();
        gp().post("/fhir/Patient", Resources.patient(other)).expect(201);
        for (String query : List.of("EpisodeOfCare?patient.identifier=", "Condition?patient.identifier=",
                "Observation?patient.identifier=", "Encounter?patient.identifier=")) {
            assertThat(found(query + BSN + other)).as(query).isEmpty();
        }
        // And the summary of the patient who did give permission is not visible to a pharmacist's role.
        Bundle pharmacist = fhir().as(TestTokens.professional("90000202", "J8", "900000202", "17.000"))
                .get("/fhir/EpisodeOfCare?patient.identifier=" + BSN + bsn).expect(200).bundle();
        assertThat(pharmacist.getEntry()).isEmpty();
    }
}
