package nl.schakelpunt.access;

import org.springframework.stereotype.Component;

import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * Whether a requester may reach a stored resource by its id, judged by the decision point from the
 * resource's facts in the index (holder, patient) before anything is read: for a read, a change or
 * an operation by id at the door, and for a reference in a resource being written.
 */
@Component
public class AccessReach {

    private final AccessDecision decision;
    private final ProfessionalLookups lookups;

    public AccessReach(AccessDecision decision, ProfessionalLookups lookups) {
        this.decision = decision;
        this.lookups = lookups;
    }

    public Verdict reach(AccessContext context, ResourceFacts facts, RequestDetails request) {
        return decision.mayShow(context, facts, null, lookups.answers(context, request), false);
    }
}
