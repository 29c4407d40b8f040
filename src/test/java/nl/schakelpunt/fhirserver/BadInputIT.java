package nl.schakelpunt.fhirserver;

import static nl.schakelpunt.support.Resources.freshUra;
import static nl.schakelpunt.support.Resources.organization;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.identity.NamingSystems;
import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/** Bad input gets a clear 4xx OperationOutcome, nothing is stored, and the server keeps serving. */
class BadInputIT extends ServerTest {

    @AfterEach
    void serverStillServes() {
        fhir().get("/fhir/metadata").expect(200);
    }

    @Test
    void malformedJsonIs400WithParseError() {
        FhirHttp.Response response = gp().post("/fhir/Patient", "{\"resourceType\":\"Patient\",").expect(400);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).containsIgnoringCase("parse");
    }

    @Test
    void notJsonAtAllIs400() {
        gp().post("/fhir/Patient", "this is not FHIR").expect(400);
    }

    @Test
    void wrongResourceTypeAtEndpointIs400AndNothingStored() {
        String ura = freshUra();
        FhirHttp.Response response = gp().post("/fhir/Patient",
                FhirHttp.json(organization(NamingSystems.URA, ura))).expect(400);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("Organization").contains("Patient");
        assertThat(gp().get("/fhir/Organization?identifier=" + NamingSystems.URA + "%7C" + ura)
                .expect(200).bundle().getEntry()).isEmpty();
    }

    @Test
    void unknownSearchParameterIsRefusedNamingIt() {
        // Not on the allow-list, so refused before the search runs, never ignored.
        FhirHttp.Response response = gp().get("/fhir/Patient?favourite-colour=blue").expect(403);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics())
                .contains("search parameter favourite-colour").contains("not offered");
    }

    @Test
    void unsupportedResourceTypeIsRefused() {
        FhirHttp.Response response = gp().get("/fhir/Basic");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("Unknown resource type 'Basic'");
    }

    @Test
    void maintenanceOperationIsRefused() {
        FhirHttp.Response response = gp().post("/fhir/Patient/$expunge",
                "{\"resourceType\":\"Parameters\"}").expect(403);
        assertThat(response.outcome().getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("$expunge").contains("not offered");
        gp().post("/fhir/Patient/anna/$meta-add", "{\"resourceType\":\"Parameters\"}").expect(403);
    }

    @Test
    void maintenanceOperationInsideABatchIsRefused() {
        String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Patient/anna/$meta\"}},"
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Patient/anna\"}}]}";
        org.hl7.fhir.r4.model.Bundle response = gp().post("/fhir", batch).expect(200).bundle();
        assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("403");
        assertThat(FhirHttp.json(response.getEntry().get(0).getResponse().getOutcome()))
                .contains("$meta").contains("not offered");
        assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("200");
    }

    @Test
    void oversizedPayloadIs413() {
        String big = "{\"resourceType\":\"Patient\",\"text\":{\"status\":\"generated\",\"div\":\"<div>"
                + "x".repeat(11 * 1024 * 1024) + "</div>\"}}";
        FhirHttp.Response response = gp().post("/fhir/Patient", big).expect(413);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("exceeds the limit");
    }

    @Test
    void oversizedChunkedPayloadIs413() throws Exception {
        byte[] big = ("{\"resourceType\":\"Patient\",\"text\":{\"status\":\"generated\",\"div\":\"<div>"
                + "x".repeat(11 * 1024 * 1024) + "</div>\"}}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(fhir().root() + "/fhir/Patient"))
                .header("Content-Type", FhirHttp.FHIR_JSON)
                .header("Authorization", "Bearer " + TestTokens.gpDeLinde().sign())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("OperationOutcome").contains("exceeds the limit");
    }
}
