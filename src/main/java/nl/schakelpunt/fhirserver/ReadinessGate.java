package nl.schakelpunt.fhirserver;

import java.io.IOException;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.web.filter.OncePerRequestFilter;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Until the server is ready (its packages, terminology and demo data in place; the readiness probe says UP), every
 * request but the health probes is answered with 503, an OperationOutcome and Retry-After, so that a client that
 * polls the CapabilityStatement or asks for a token does not start too early.
 */
final class ReadinessGate extends OncePerRequestFilter {

    private static final String RETRY_AFTER_SECONDS = "5";

    private final ApplicationAvailability availability;
    private final FhirContext fhirContext;

    ReadinessGate(ApplicationAvailability availability, FhirContext fhirContext) {
        this.availability = availability;
        this.fhirContext = fhirContext;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/actuator");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        OutcomeResponses.write(request, response, fhirContext, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                OperationOutcomes.error("transient", null, "The server is starting and not ready yet; try again in a"
                        + " few seconds (GET /actuator/health/readiness answers 200 once it is)"));
    }
}
