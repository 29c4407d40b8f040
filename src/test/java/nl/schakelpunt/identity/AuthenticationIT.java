package nl.schakelpunt.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/** Bearer tokens: every way a token can be wrong is refused with 401 before any data is touched. */
class AuthenticationIT extends ServerTest {

    static Stream<Arguments> badTokens() {
        return Stream.of(
                Arguments.of("garbage", (Supplier<String>) () -> "not-a-jwt"),
                Arguments.of("expired", (Supplier<String>) () -> TestTokens.gpDeLinde()
                        .expires(Instant.now().minusSeconds(300)).sign()),
                Arguments.of("not yet valid", (Supplier<String>) () -> TestTokens.gpDeLinde()
                        .notBefore(Instant.now().plusSeconds(300)).sign()),
                Arguments.of("without exp", (Supplier<String>) () -> TestTokens.gpDeLinde().expires(null).sign()),
                Arguments.of("unknown issuer", (Supplier<String>) () -> TestTokens.gpDeLinde()
                        .issuer("https://somebody-else.example").sign()),
                Arguments.of("badly signed", (Supplier<String>) () -> TestTokens.gpDeLinde()
                        .signWith(TestTokens.generate())),
                Arguments.of("alg none", (Supplier<String>) () -> TestTokens.gpDeLinde().unsigned()),
                Arguments.of("another audience", (Supplier<String>) () -> TestTokens.gpDeLinde()
                        .audience("another-server").sign()),
                Arguments.of("no audience", (Supplier<String>) () -> TestTokens.gpDeLinde().audience(null).sign()),
                Arguments.of("unknown requester type", (Supplier<String>) () -> TestTokens.gpDeLinde()
                        .claim("requester_type", "robot").sign()),
                Arguments.of("professional without UZI number", (Supplier<String>) () -> TestTokens.cardiologist()
                        .claim("uzi_number", null).sign()),
                Arguments.of("professional without purpose", (Supplier<String>) () -> TestTokens.cardiologist()
                        .claim("purpose_of_use", null).sign()),
                Arguments.of("purpose other than treatment", (Supplier<String>) () -> TestTokens.cardiologist()
                        .claim("purpose_of_use", "HMARKT").sign()),
                Arguments.of("patient with invalid BSN", (Supplier<String>) () -> TestTokens.patient("123456789").sign()),
                Arguments.of("organisation with invalid URA", (Supplier<String>) () -> TestTokens.organization("123", "Z3").sign()),
                Arguments.of("no resource scope", (Supplier<String>) () -> TestTokens.gpDeLinde().scope("openid").sign()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void badTokenIsRefusedWith401(String problem, Supplier<String> token) {
        FhirHttp.Response response = fhir().as(token.get()).get("/fhir/Patient/anna").expect(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
        assertThat(response.outcome().getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.LOGIN);
        assertThat(response.body()).doesNotContain("999900006");
    }

    @Test
    void missingTokenIsRefusedWith401() {
        for (String path : List.of("/fhir/Patient/anna", "/fhir/Patient", "/fhir/MedicationStatement")) {
            FhirHttp.Response response = fhir().get(path).expect(401);
            assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("bearer token");
        }
        fhir().post("/fhir", "{\"resourceType\":\"Bundle\",\"type\":\"batch\"}").expect(401);
    }

    @Test
    void capabilityStatementAndHealthNeedNoToken() {
        fhir().get("/fhir/metadata").expect(200);
        fhir().getPlain("/actuator/health/readiness").expect(200);
    }

    @Test
    void validTokenIsAccepted() {
        fhir().as(TestTokens.gpDeLinde()).get("/fhir/Patient/anna").expect(200);
    }

    @Test
    void organisationThatIsNotRegisteredIsRefusedWith403() {
        FhirHttp.Response response = fhir().as(TestTokens.organization("79999999", "Z3"))
                .get("/fhir/Patient/anna").expect(403);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("79999999").contains("not registered");
    }

    @Test
    void organisationTypeThatDoesNotMatchTheRegisterIsRefusedWith403() {
        FhirHttp.Response response = fhir().as(TestTokens.organization(TestTokens.GP_DE_LINDE, "J8"))
                .get("/fhir/Patient/anna").expect(403);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("organization_type");
    }
}
