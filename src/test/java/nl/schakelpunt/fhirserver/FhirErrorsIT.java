package nl.schakelpunt.fhirserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestDatabase;
import nl.schakelpunt.support.TestTokens;

/**
 * Every client gets FHIR answers: a raw "|" in a query is accepted, and errors of Tomcat, Spring Security and Spring
 * MVC are OperationOutcomes in the format asked for; before the server is ready it answers 503.
 */
class FhirErrorsIT extends ServerTest {

    private static final String ANNA = "identifier=http://fhir.nl/fhir/NamingSystem/bsn|999900006";

    @Autowired
    private ApplicationContext context;

    @Test
    void aRawBarInTheQueryIsAcceptedAsTheSpecificationWritesIt() throws IOException {
        String token = TestTokens.patient("999900006").sign();
        Raw answer = raw("GET /fhir/Patient?" + ANNA + " HTTP/1.1", "Authorization: Bearer " + token);
        assertThat(answer.status()).isEqualTo(200);
        Bundle found = FhirHttp.FHIR.newJsonParser().parseResource(Bundle.class, answer.body());
        assertThat(found.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly("anna");
        // The same answer as with the bar encoded.
        assertThat(fhir().as(TestTokens.patient("999900006")).get("/fhir/Patient?" + ANNA.replace("|", "%7C"))
                .expect(200).bundle().getEntry()).hasSize(1);
    }

    @Test
    void aRequestTomcatCannotReadIsAnOperationOutcome() throws IOException {
        Raw answer = raw("GET /fhir/Patient?name=a b HTTP/1.1");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/fhir+json");
        OperationOutcome outcome = FhirHttp.FHIR.newJsonParser().parseResource(OperationOutcome.class, answer.body());
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("characters");
    }

    @Test
    void aMissingTokenIsAnsweredInTheFormatAskedFor() {
        FhirHttp.Response json = fhir().get("/fhir/Patient").expect(401);
        assertThat(json.header("Content-Type")).startsWith("application/fhir+json");
        assertThat(json.outcome().getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.LOGIN);
        FhirHttp.Response xml = fhir().getPlain("/fhir/Patient?_format=xml").expect(401);
        assertThat(xml.header("Content-Type")).startsWith("application/fhir+xml");
        OperationOutcome parsed = FhirHttp.FHIR.newXmlParser().parseResource(OperationOutcome.class, xml.body());
        assertThat(parsed.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.LOGIN);
    }

    @Test
    void springsOwnErrorsAreOperationOutcomesToo() throws IOException {
        Raw notAllowed = raw("DELETE /actuator/health HTTP/1.1");
        assertThat(notAllowed.status()).isEqualTo(405);
        assertThat(outcome(notAllowed).getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.NOTSUPPORTED);
        assertThat(outcome(notAllowed).getIssueFirstRep().getDiagnostics()).contains("DELETE /actuator/health");

        Raw asXml = raw("DELETE /actuator/health HTTP/1.1", "Accept: application/fhir+xml");
        assertThat(asXml.header("Content-Type")).startsWith("application/fhir+xml");
        assertThat(FhirHttp.FHIR.newXmlParser().parseResource(OperationOutcome.class, asXml.body()).getIssueFirstRep()
                .getCode()).isEqualTo(OperationOutcome.IssueType.NOTSUPPORTED);

        // The demo issuer exists in the embedded profile only; elsewhere its address is simply not there.
        boolean demo = !TestDatabase.isPostgres();
        Raw wrongType = raw("POST /demo/token HTTP/1.1", "Content-Type: text/plain", "Content-Length: 1", "", "x");
        assertThat(wrongType.status()).isEqualTo(demo ? 415 : 404);
        assertThat(outcome(wrongType).getIssueFirstRep().getDiagnostics())
                .contains(demo ? "content type" : "nothing at this address");

        Raw nothing = raw("GET /no-such-page HTTP/1.1", "Authorization: Bearer " + TestTokens.operator().sign());
        assertThat(nothing.status()).isEqualTo(404);
        assertThat(outcome(nothing).getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.NOTFOUND);
    }

    @Test
    void beforeItIsReadyTheServerAnswers503WithAnOutcomeButItsProbesAnswer() {
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        try {
            FhirHttp.Response metadata = fhir().get("/fhir/metadata").expect(503);
            assertThat(metadata.header("Retry-After")).isEqualTo("5");
            assertThat(metadata.outcome().getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.TRANSIENT);
            fhir().post("/demo/token", "{\"persona\":\"operator\"}").expect(503);
            fhir().as(TestTokens.operator()).get("/fhir/Organization").expect(503);
            assertThat(fhir().getPlain("/actuator/health/readiness").status()).isEqualTo(503);
            assertThat(fhir().getPlain("/actuator/health/liveness").status()).isEqualTo(200);
        } finally {
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        }
        fhir().get("/fhir/metadata").expect(200);
        assertThat(fhir().getPlain("/actuator/health/readiness").status()).isEqualTo(200);
    }

    private static OperationOutcome outcome(Raw answer) {
        assertThat(answer.header("Content-Type")).startsWith("application/fhir+json");
        return FhirHttp.FHIR.newJsonParser().parseResource(OperationOutcome.class, answer.body());
    }

    /** An answer to a request sent byte for byte, as a client that does not encode its query would send it. */
    private record Raw(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase().startsWith(name.toLowerCase() + ":")) {
                    return line.substring(name.length() + 1).trim();
                }
            }
            return null;
        }
    }

    private Raw raw(String requestLine, String... headers) throws IOException {
        URI root = URI.create(fhir().root());
        StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: ").append(root.getHost())
                .append("\r\nConnection: close\r\n");
        boolean body = false;
        for (String header : headers) {
            if (header.isEmpty()) {
                request.append("\r\n");
                body = true;
            } else {
                request.append(header).append(body ? "" : "\r\n");
            }
        }
        if (!body) {
            request.append("\r\n");
        }
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = text.substring(0, split);
            String rest = text.substring(split + 4);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                rest = unchunk(rest);
            }
            int status = Integer.parseInt(head.substring(9, 12));
            return new Raw(status, head, rest);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int end = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, end).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, end + 2, end + 2 + size);
            at = end + 2 + size + 2;
        }
        return out.toString();
    }
}
