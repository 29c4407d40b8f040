package nl.schakelpunt.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/**
 * The database narrowing of a professional's search and the check on each resource agree, for
 * every clinical type of the policy table and every demo patient: what the search returns is
 * exactly what the professional can read one by one, out of the patient's whole record.
 */
class NarrowingAgreementIT extends ServerTest {

    private static final List<String> PATIENTS = List.of("999900006", "999900018", "999900031", "999900043",
            "999900055", "999900067", "999900079", "999900080", "999900092", "999900109");

    private static final Map<String, TestTokens> PROFESSIONALS = Map.of(
            "out-of-hours GP", TestTokens.professional("90000401", "N6", "900000401", "01.015"),
            "pharmacist", TestTokens.professional("90000202", "J8", "900000202", "17.000"),
            "cardiologist", TestTokens.cardiologist());

    @Autowired
    private TypePolicy types;

    @TestFactory
    Stream<DynamicTest> searchAndReadAgree() {
        assertThat(types.clinicalTypes()).hasSize(11);
        return types.clinicalTypes().stream().flatMap(type -> PROFESSIONALS.entrySet().stream()
                .map(professional -> DynamicTest.dynamicTest(type + " for the " + professional.getKey(),
                        () -> agree(type, fhir().as(professional.getValue())))));
    }

    private void agree(String type, FhirHttp professional) {
        for (String bsn : PATIENTS) {
            FhirHttp patient = fhir().as(TestTokens.patient(bsn));
            Set<String> record = ids(patient.get("/fhir/" + type + "?_count=200").expect(200).bundle());
            Set<String> searched = ids(professional.get("/fhir/" + type
                    + "?patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C" + bsn + "&_count=200")
                    .expect(200).bundle());
            Set<String> readable = record.stream()
                    .filter(id -> professional.get("/fhir/" + type + "/" + id).status() == 200)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(searched).as("%s of %s: search against reads", type, bsn).isEqualTo(readable);
        }
    }

    private static Set<String> ids(Bundle bundle) {
        return bundle.getEntry().stream().filter(e -> e.getSearch().getMode() != Bundle.SearchEntryMode.INCLUDE)
                .map(e -> e.getResource().getIdElement().getIdPart()).collect(Collectors.toCollection(TreeSet::new));
    }
}
