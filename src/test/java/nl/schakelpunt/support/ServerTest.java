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
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"schakelpunt.demo.enabled=true", "server.address=127.0.0.1"})
@ActiveProfiles(resolver = TestProfiles.class)
@AutoConfigureObservability(tracing = false)
public abstract class ServerTest {

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    protected FhirHttp fhir() {
        return new FhirHttp("http://127.0.0.1:" + port);
    }
}
