package nl.schakelpunt.fhirserver;

import static nl.schakelpunt.support.Resources.freshBsn;
import static nl.schakelpunt.support.Resources.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerNode;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TcpProxy;
import nl.schakelpunt.support.TestDatabase;
import nl.schakelpunt.support.TestTokens;

/**
 * While its database is out of reach the server answers every FHIR request with a 503 OperationOutcome and
 * Retry-After within seconds, its readiness probe says so, and it recovers by itself when the database is back.
 * On PostgreSQL only: a second node reaches the test database through a relay that the test cuts, so the database
 * that other tests share keeps running.
 */
class DatabaseOutageIT extends ServerTest {

    private static TcpProxy relay;
    private static ServerNode node;

    /** Started once the shared test server has made the database, on that database. */
    private static void startNodeBehindRelay() throws IOException {
        String url = TestDatabase.dataSourceProperties().get("spring.datasource.url");
        URI database = URI.create(url.substring("jdbc:".length()));
        relay = new TcpProxy(database.getHost(), database.getPort());
        node = ServerNode.start(DatabaseOutageIT.class, Map.of("spring.datasource.url",
                "jdbc:postgresql://127.0.0.1:" + relay.port() + database.getPath()));
    }

    @AfterAll
    static void stopNode() throws IOException {
        if (node != null) {
            node.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    private static FhirHttp behindRelay() {
        return node.fhir();
    }

    @Test
    void anOutageIsA503WithRetryAfterAndTheServerRecoversByItself() throws IOException {
        assumeTrue(TestDatabase.isPostgres(), "an outage of an in-memory H2 database cannot be staged");
        startNodeBehindRelay();
        FhirHttp gp = behindRelay().as(TestTokens.gpDeLinde());
        gp.post("/fhir/Patient", patient(freshBsn())).expect(201);
        behindRelay().getPlain("/actuator/health/readiness").expect(200);

        relay.cut();
        try {
            Instant asked = Instant.now();
            FhirHttp.Response read = gp.get("/fhir/Patient?_count=1");
            assertUnavailable(read);
            assertThat(read.header("Content-Type")).startsWith("application/fhir+json");
            // Hikari's connection timeout (5 s), not its default of 30 s.
            assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(15));

            String bsn = freshBsn();
            assertUnavailable(gp.post("/fhir/Patient", patient(bsn)));
            FhirHttp.Response xml = gp.get("/fhir/Patient?_count=1&_format=xml");
            assertThat(xml.status()).isEqualTo(503);
            assertThat(xml.header("Content-Type")).startsWith("application/fhir+xml");
            assertThat(xml.body()).contains("<OperationOutcome").contains("transient");

            FhirHttp.Response readiness = behindRelay().getPlain("/actuator/health/readiness");
            assertThat(readiness.status()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"db\":{\"status\":\"DOWN\"");

            relay.restore();
            FhirHttp.Response after = awaitAnswer(() -> gp.get("/fhir/Patient?identifier="
                    + "http://fhir.nl/fhir/NamingSystem/bsn%7C" + bsn));
            assertThat(after.status()).isEqualTo(200);
            // The write refused with 503 stored nothing.
            assertThat(after.bundle().getEntry()).isEmpty();
            gp.post("/fhir/Patient", patient(bsn)).expect(201);
            behindRelay().getPlain("/actuator/health/readiness").expect(200);
        } finally {
            relay.restore();
        }
    }

    private static void assertUnavailable(FhirHttp.Response response) {
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo(DatabaseOutage.RETRY_AFTER_SECONDS);
        OperationOutcome outcome = response.outcome();
        assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.TRANSIENT);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("database is not reachable");
    }

    /** The first answer that is not 503, asked every half second for at most 30 seconds. */
    private static FhirHttp.Response awaitAnswer(Supplier<FhirHttp.Response> request) {
        Instant until = Instant.now().plusSeconds(30);
        FhirHttp.Response response = request.get();
        while (response.status() == 503 && Instant.now().isBefore(until)) {
            sleep();
            response = request.get();
        }
        return response;
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
