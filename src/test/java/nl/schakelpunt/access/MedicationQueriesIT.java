package nl.schakelpunt.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/**
 * The shape of the national medication queries (MP9): a patient by BSN, an MP9 category, the
 * building block's includes and the prescriber's or administrator's role followed to its
 * practitioner and organisation (_include:iterate), enforced as any other look-up.
 */
class MedicationQueriesIT extends ServerTest {

    private static final String ANNA = "http://fhir.nl/fhir/NamingSystem/bsn%7C999900006";
    private static final String CORA = "http://fhir.nl/fhir/NamingSystem/bsn%7C999900031";
    private static final String ADMINISTRATIONS = "/fhir/MedicationAdministration?patient.identifier=%s"
            + "&category=http://snomed.info/sct%%7C18629005&_include=MedicationAdministration:medication"
            + "&_include=MedicationAdministration:performer&_include:iterate=PractitionerRole:organization"
            + "&_include:iterate=PractitionerRole:practitioner";

    private FhirHttp pharmacist() {
        return fhir().as(TestTokens.professional("90000202", "J8", "900000202", "17.000"));
    }

    private static List<String> ids(Bundle bundle, Bundle.SearchEntryMode mode) {
        return bundle.getEntry().stream().filter(e -> e.getSearch().getMode() == mode)
                .map(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue()).sorted().toList();
    }

    @Test
    void administrationsInTheWindowWithTheAdministratorsRoleFollowedToItsPractitionerAndOrganisation() {
        Bundle page = pharmacist().get(String.format(ADMINISTRATIONS, ANNA)).expect(200).bundle();
        assertThat(ids(page, Bundle.SearchEntryMode.MATCH))
                .containsExactly("MedicationAdministration/anna-pharmacy-de-brug-administration-metoprolol");
        assertThat(ids(page, Bundle.SearchEntryMode.INCLUDE)).containsExactlyInAnyOrder(
                "Medication/metoprolol", "PractitionerRole/pharmacist-de-wit-role",
                "Practitioner/pharmacist-de-wit", "Organization/pharmacy-de-brug");
    }

    @Test
    void aRangeOfTheClientsOwnIsCombinedWithTheWindow() {
        String range = "/fhir/MedicationDispense?patient.identifier=" + ANNA + "&whenhandedover=le2099-12-31"
                + "&whenhandedover=ge";
        Bundle wide = pharmacist().get(range + "2000-01-01").expect(200).bundle();
        assertThat(ids(wide, Bundle.SearchEntryMode.MATCH))
                .containsExactly("MedicationDispense/anna-pharmacy-de-brug-dispense-metoprolol");
        Bundle later = pharmacist().get(range + LocalDate.now().plusDays(1)).expect(200).bundle();
        assertThat(later.getEntry()).isEmpty();
    }

    @Test
    void withoutPermissionNothingIsFollowed() {
        Bundle page = pharmacist().get(String.format(ADMINISTRATIONS, CORA)).expect(200).bundle();
        assertThat(page.getEntry()).isEmpty();
    }

    @Test
    void anIterationThatIsNotListedIsRefused() {
        FhirHttp.Response refused = pharmacist().get(String.format(ADMINISTRATIONS, ANNA)
                + "&_include:iterate=Organization:endpoint");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.outcome().getIssueFirstRep().getDiagnostics()).contains("Organization:endpoint");
    }
}
