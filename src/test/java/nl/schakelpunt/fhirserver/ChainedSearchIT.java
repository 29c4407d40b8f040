package nl.schakelpunt.fhirserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/**
 * The queries Dutch qualification tests send: by the patient's BSN through a chained parameter.
 * Asked here by the patient herself, who sees her whole record.
 */
class ChainedSearchIT extends ServerTest {

    private static final String ANNA = "patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C999900006";

    @Test
    void medicationQueryOfTheQualificationTestsFindsMedicationUseWithItsMedication() {
        Bundle result = fhir().as(TestTokens.patient("999900006")).get("/fhir/MedicationStatement?" + ANNA
                + "&category=http://snomed.info/sct%7C422979000&_include=MedicationStatement:medication")
                .expect(200).bundle();
        assertThat(result.getEntry()).filteredOn(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
                .hasSize(3);
        assertThat(result.getEntry()).filteredOn(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE)
                .extracting(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
                .containsExactlyInAnyOrder("Medication/metoprolol", "Medication/amoxicillin", "Medication/omeprazole");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "AllergyIntolerance, 2",
            "Condition, 2",
            "Encounter, 4",
            "Observation, 15",
            "MedicationDispense, 1"})
    void byBsnThroughPatientIdentifier(String type, int expected) {
        assertThat(fhir().as(TestTokens.patient("999900006")).get("/fhir/" + type + "?" + ANNA + "&_count=100").expect(200).bundle().getEntry())
                .hasSize(expected);
    }
}
