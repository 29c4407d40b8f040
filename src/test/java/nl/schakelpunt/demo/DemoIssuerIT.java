package nl.schakelpunt.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestDatabase;

/**
 * The demo token issuer: present in the embedded profile (the H2 run of the suite), absent in
 * every other (the PostgreSQL run, which uses the production profile).
 */
class DemoIssuerIT extends ServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void issuerExistsOnlyInTheEmbeddedProfile() throws Exception {
        FhirHttp.Response personas = fhir().getPlain("/demo/personas");
        FhirHttp.Response token = fhir().post("/demo/token", "{\"persona\":\"operator\"}",
                Map.of("Content-Type", "application/json", "Accept", "application/json"));
        if (TestDatabase.isPostgres()) {
            assertThat(personas.status()).isEqualTo(404);
            assertThat(token.status()).isEqualTo(404);
            return;
        }
        personas.expect(200);
        List<Map<String, Object>> list = JSON.readValue(personas.body(), new TypeReference<>() { });
        Set<String> ids = list.stream().map(p -> (String) p.get("id")).collect(Collectors.toSet());
        for (DemoData.DemoPatient patient : DemoData.PATIENTS) {
            assertThat(ids).contains("patient-" + patient.id());
        }
        assertThat(ids).contains("org-gp-de-linde", "org-pharmacy-de-brug", "org-pharmacy-centrum", "org-centre-haven",
                "org-gp-haven", "org-pharmacy-haven", "org-hap-rivierenland", "org-hospital-rivierenland",
                "org-hospital-cardiology", "org-hospital-emergency", "gp-jansen", "cardiologist-hendriks",
                "hap-gp-vos-emergency", "emergency-physician-claes-emergency", "operator");
        assertThat(list).allSatisfy(p -> assertThat(p).containsKeys("id", "description", "claims"));
        token.expect(200);
        assertThat(token.body()).contains("\"token_type\":\"Bearer\"").contains("\"expires_in\":3600");
    }

    @Test
    void personaTokenActsAsThatPersona() throws Exception {
        assumeFalse(TestDatabase.isPostgres(), "the demo issuer exists in the embedded profile only");
        String annasToken = tokenFor("{\"persona\":\"patient-anna\"}");
        fhir().as(annasToken).get("/fhir/Patient/anna").expect(200);
        fhir().as(annasToken).get("/fhir/Patient/bram").expect(404);
        String gpToken = tokenFor("{\"persona\":\"org-gp-de-linde\"}");
        fhir().as(gpToken).get("/fhir/Encounter/bram-gp-de-linde-contact-2w").expect(200);
    }

    @Test
    void tokenForExplicitClaims() throws Exception {
        assumeFalse(TestDatabase.isPostgres(), "the demo issuer exists in the embedded profile only");
        String pharmacy = tokenFor("{\"claims\":{\"requester_type\":\"organization\",\"organization_ura\":\"90000201\","
                + "\"organization_type\":\"J8\",\"scope\":\"system/Patient.rs\",\"sub\":\"curious\"}}");
        fhir().as(pharmacy).get("/fhir/Patient/anna").expect(200);
        fhir().as(pharmacy).get("/fhir/MedicationStatement/anna-pharmacy-de-brug-use-metoprolol").expect(403);
        String expired = tokenFor("{\"claims\":{\"requester_type\":\"operator\",\"scope\":\"system/*.rs\",\"exp\":1000}}");
        fhir().as(expired).get("/fhir/Organization/gp-de-linde").expect(401);
        FhirHttp.Response unknown = fhir().post("/demo/token", "{\"persona\":\"nobody\"}",
                Map.of("Content-Type", "application/json", "Accept", "application/json")).expect(400);
        assertThat(unknown.body()).contains("Unknown persona");
    }

    private String tokenFor(String request) throws Exception {
        String body = fhir().post("/demo/token", request, Map.of("Content-Type", "application/json", "Accept", "application/json"))
                .expect(200).body();
        return (String) JSON.readValue(body, Map.class).get("access_token");
    }
}
