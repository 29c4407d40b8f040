package nl.schakelpunt.fhirserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.transaction.CannotCreateTransactionException;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;

/** Which failures mean the database is out of reach, however deep HAPI and Spring wrap them. */
class DatabaseOutageTest {

    @Test
    void aDatabaseOutOfReachIsFoundInTheChainOfCauses() {
        assertThat(DatabaseOutage.isCause(new InternalErrorException("HAPI-0389: Failed to call access method",
                new CannotCreateTransactionException("Could not open JPA EntityManager for transaction")))).isTrue();
        assertThat(DatabaseOutage.isCause(new IllegalStateException(new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 5000ms")))).isTrue();
        assertThat(DatabaseOutage.isCause(new RuntimeException(new PSQLException("Connection refused",
                PSQLState.CONNECTION_UNABLE_TO_CONNECT)))).isTrue();
        assertThat(DatabaseOutage.isCause(new RuntimeException(new SQLException(
                "terminating connection due to administrator command", "57P01")))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DatabaseOutage.isCause(new SQLException("duplicate key value", "23505"))).isFalse();
        assertThat(DatabaseOutage.isCause(new InternalErrorException("The access could not be recorded"))).isFalse();
        assertThat(DatabaseOutage.isCause(null)).isFalse();
    }

    @Test
    void theAnswerIsA503OperationOutcomeWithRetryAfter() {
        BaseServerResponseException answer = DatabaseOutage.answer();
        assertThat(answer.getStatusCode()).isEqualTo(503);
        assertThat(answer.getResponseHeaders()).containsEntry("Retry-After", List.of("5"));
        OperationOutcome outcome = (OperationOutcome) answer.getOperationOutcome();
        assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.TRANSIENT);
    }
}
