package nl.schakelpunt.access;

import java.util.Map;

import org.springframework.stereotype.Component;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import nl.schakelpunt.access.Call.Interaction;

/**
 * How an operation provider asks the decision point whether its caller may run it: the same
 * {@link AccessDecision} the door asks, so a provider holds no rule of its own about who may call it.
 */
@Component
public class AccessGuard {

    private final AccessContexts contexts;
    private final AccessDecision decision;

    public AccessGuard(AccessContexts contexts, AccessDecision decision) {
        this.contexts = contexts;
        this.decision = decision;
    }

    /**
     * The caller's context if it may run this interaction (type may be null for a system-level
     * operation); 403 with the decision's reason otherwise, and for a request without a requester.
     */
    public AccessContext require(RequestDetails request, Interaction interaction, String type, String operation) {
        AccessContext context = contexts.of(request).orElseThrow(() -> AccessContexts.forbidden(
                "The interaction is asked by an authenticated requester"));
        Verdict verdict = decision.mayRun(context, new Call(interaction, type, null, operation, Map.of()));
        if (!verdict.permitted()) {
            if (request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null) {
                AccessNotes.denied(servlet.getServletRequest(), verdict);
            }
            throw AccessContexts.forbidden(verdict.reason());
        }
        return context;
    }
}
