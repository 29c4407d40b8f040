package nl.schakelpunt.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;

/**
 * A search that must find nothing is narrowed to a reference no stored resource can carry: a holder's or the
 * operator's PUT under that id is refused, so no Patient or Organization created by a client can make such a
 * search find a record (a carer's permission search, a look-up no holder may answer).
 */
class NothingToFindIT extends ServerTest {

    private static final String BSN = "http://fhir.nl/fhir/NamingSystem/bsn";
    private static final String URA = "http://fhir.nl/fhir/NamingSystem/ura";

    @Test
    void noPatientCanBeStoredUnderTheReferenceOfNoRecord() {
        String id = idOf(AccessDecision.NO_RECORD);
        FhirHttp.Response refused = gp().put("/fhir/Patient/" + id, "{\"resourceType\":\"Patient\",\"id\":\"" + id
                + "\",\"identifier\":[{\"system\":\"" + BSN + "\",\"value\":\"999911120\"}]}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.outcome().getIssueFirstRep().getDiagnostics()).contains("not a valid FHIR ID");
        gp().get("/fhir/Patient/" + id).expect(404);
    }

    @Test
    void noOrganizationCanBeStoredUnderTheReferenceOfNoHolder() {
        String id = idOf(AccessDecision.NO_HOLDER);
        FhirHttp.Response refused = operator().put("/fhir/Organization/" + id, "{\"resourceType\":\"Organization\","
                + "\"id\":\"" + id + "\",\"identifier\":[{\"system\":\"" + URA + "\",\"value\":\"90009999\"}],"
                + "\"name\":\"Apotheek Nergens\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.outcome().getIssueFirstRep().getDiagnostics()).contains("not a valid FHIR ID");
        operator().get("/fhir/Organization/" + id).expect(404);
    }

    private static String idOf(String reference) {
        return reference.substring(reference.indexOf('/') + 1);
    }
}
