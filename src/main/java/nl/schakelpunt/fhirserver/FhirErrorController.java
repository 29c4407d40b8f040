package nl.schakelpunt.fhirserver;

import java.io.IOException;
import java.util.Map;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.ModelAndView;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Every error that does not come from HAPI itself (Spring MVC's 404, 405 and 415, a failure in a filter, an
 * exception of the web pages) is answered as the FHIR API answers: an OperationOutcome in JSON or XML, as asked. A
 * browser asking for a page outside the API gets the HTML error page instead. The text says what went wrong and
 * where, never what is stored. A failure because the database is out of reach is a 503, as in the FHIR API.
 */
@Controller
public class FhirErrorController implements ErrorController {

    /** The OperationOutcome issue code of each status, and a sentence for it. */
    private static final Map<Integer, String[]> ISSUES = Map.of(
            400, new String[] {"invalid", "The request is not valid"},
            401, new String[] {"login", "Authentication failed"},
            403, new String[] {"forbidden", "The request is not allowed"},
            404, new String[] {"not-found", "There is nothing at this address"},
            405, new String[] {"not-supported", "This HTTP method is not allowed here"},
            406, new String[] {"not-supported", "The server cannot answer in the format asked for"},
            413, new String[] {"too-costly", "The request is too large"},
            415, new String[] {"not-supported", "The content type of the request is not supported here"},
            503, new String[] {"transient", "The server is not ready; try again shortly"});

    private final FhirContext fhirContext;
    private final ErrorAttributes errorAttributes;

    public FhirErrorController(FhirContext fhirContext, ErrorAttributes errorAttributes) {
        this.fhirContext = fhirContext;
        this.errorAttributes = errorAttributes;
    }

    @RequestMapping("/error")
    public ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // What the container recorded of the error: its status and the path that failed.
        ServletWebRequest webRequest = new ServletWebRequest(request);
        Map<String, Object> error = errorAttributes.getErrorAttributes(webRequest, ErrorAttributeOptions.defaults());
        int status = error.get("status") instanceof Integer value ? value : HttpStatus.INTERNAL_SERVER_ERROR.value();
        String path = error.get("path") instanceof String uri ? uri : "";
        if (DatabaseOutage.isCause(errorAttributes.getError(webRequest)) && !wantsPage(request, path)) {
            response.setHeader("Retry-After", DatabaseOutage.RETRY_AFTER_SECONDS);
            OutcomeResponses.write(request, response, fhirContext, HttpStatus.SERVICE_UNAVAILABLE.value(),
                    DatabaseOutage.outcome());
            return null;
        }
        if (wantsPage(request, path)) {
            return new ModelAndView("error", Map.of("status", status), HttpStatus.valueOf(status));
        }
        String[] issue = ISSUES.getOrDefault(status, new String[] {status >= 500 ? "exception" : "processing",
                status >= 500 ? "The server could not handle the request" : "The request could not be handled"});
        OperationOutcome outcome = OperationOutcomes.error(issue[0], null,
                issue[1] + " (HTTP " + status + ", " + request.getMethod() + " " + path + ")");
        OutcomeResponses.write(request, response, fhirContext, status, outcome);
        // Written: no view.
        return null;
    }

    /** A person's browser on the web pages, not a client of the API. */
    private static boolean wantsPage(HttpServletRequest request, String path) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("text/html") && !path.startsWith("/fhir")
                && !path.startsWith("/demo") && !path.startsWith("/actuator");
    }
}
