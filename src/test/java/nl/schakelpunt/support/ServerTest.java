package nl.schakelpunt.support;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that talk HTTP to the running server on a random port. All subclasses share
 * one server (Spring caches the context), with the demo data loaded on H2 and on PostgreSQL alike.
 * The stored searches expire after 90 minutes rather than the default hour, which is also HAPI's own:
 * so a test sees the setting applied.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"schakelpunt.demo.enabled=true", "server.address=127.0.0.1", "schakelpunt.fhir.search-expiry=90m"})
@ActiveProfiles(resolver = TestProfiles.class)
@AutoConfigureObservability(tracing = false)
public abstract class ServerTest {

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
        registry.add("schakelpunt.security.issuers[0].issuer", () -> TestTokens.ISSUER);
        registry.add("schakelpunt.security.issuers[0].public-keys[0]", TestTokens::publicKeyPem);
    }

    /** A client without a token. */
    protected FhirHttp fhir() {
        return new FhirHttp("http://127.0.0.1:" + port);
    }

    /** A client acting as the operator: manages organisations and conformance resources. */
    protected FhirHttp operator() {
        return fhir().as(TestTokens.operator());
    }

    /** A client acting as the system of GP practice De Linde, a data holder. */
    protected FhirHttp gp() {
        return fhir().as(TestTokens.gpDeLinde());
    }

    /** A client acting as the system of pharmacy De Brug, a data holder. */
    protected FhirHttp pharmacy() {
        return fhir().as(TestTokens.pharmacyDeBrug());
    }
}
