package nl.schakelpunt.fhirserver;

import java.io.IOException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.hl7.fhir.r4.model.OperationOutcome;

import ca.uhn.fhir.context.FhirContext;

/**
 * Tomcat's own error answers (a request it cannot parse, before any servlet sees it) as an OperationOutcome in JSON,
 * instead of Tomcat's HTML page. Errors that reach a servlet are answered by {@link FhirErrorController}.
 */
public class OutcomeErrorReportValve extends ErrorReportValve {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        OperationOutcome outcome = OperationOutcomes.error(status >= 500 ? "exception" : "invalid", null,
                status == 400 ? "The request could not be read: check the characters of its address and query"
                        + " (HTTP 400)" : "The request could not be handled (HTTP " + status + ")");
        try {
            response.setContentType("application/fhir+json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(FHIR.newJsonParser().encodeResourceToString(outcome));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The connection is gone or the response already committed: Tomcat closes it.
            container.getLogger().debug("Could not write the error outcome", e);
        }
    }
}
