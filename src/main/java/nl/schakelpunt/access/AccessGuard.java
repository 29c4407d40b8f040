package nl.schakelpunt.access;

import java.util.Map;
import java.util.function.Function;

import org.springframework.stereotype.Component;

import ca.uhn.fhir.rest.api.server.RequestDetails;
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
            AccessNotes.denied(request, verdict);
            throw AccessContexts.forbidden(verdict.reason());
        }
        return context;
    }

    /**
     * Whom the caller acts as in this change to a permission; refused with the decision's reason,
     * in the form the enforcement point gives its refusals, otherwise.
     */
    public PermissionChange.Party requirePermissionChange(AccessContext context, PermissionChange change,
            RequestDetails request, Function<String, RuntimeException> refusal) {
        AccessDecision.PermissionStanding standing = decision.mayChangePermission(context, change);
        if (!standing.verdict().permitted()) {
            AccessNotes.denied(request, standing.verdict());
            throw refusal.apply(standing.verdict().reason());
        }
        return standing.party();
    }
}
