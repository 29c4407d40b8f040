package nl.schakelpunt.fhirserver;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.hibernate.exception.JDBCConnectionException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;

/**
 * A request that fails because the database cannot be reached (refused, timed out in the pool, or the connection
 * dropped by a database restart) is answered 503 with Retry-After and an OperationOutcome, not 500: nothing is
 * wrong with the request, and the same request succeeds once the database is back. The pool reconnects by itself.
 */
@Component
@Interceptor
public class DatabaseOutage implements RequestInterceptor {

    static final String RETRY_AFTER_SECONDS = "5";
    static final String MESSAGE = "The database is not reachable; nothing was changed by this request. Try again"
            + " in a few seconds (GET /actuator/health/readiness answers 200 once the database is back)";

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException unavailable(RequestDetails request, Throwable exception) {
        return isCause(exception) ? answer() : null;
    }

    /** The 503 answer, with its OperationOutcome and Retry-After header. */
    static BaseServerResponseException answer() {
        BaseServerResponseException answer = new UnclassifiedServerFailureException(503, MESSAGE, outcome());
        answer.addResponseHeader("Retry-After", RETRY_AFTER_SECONDS);
        return answer;
    }

    /** What the answer says: the same from the FHIR API and from the error page of the rest. */
    static OperationOutcome outcome() {
        return OperationOutcomes.error("transient", null, MESSAGE);
    }

    /** Whether the database being out of reach caused this failure, anywhere in its chain of causes. */
    public static boolean isCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof JDBCConnectionException || cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && connectionLost(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** SQL state class 08 (connection exception), and PostgreSQL's shutting down or starting up (57P01 to 57P03). */
    private static boolean connectionLost(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }
}
