package nl.schakelpunt.access;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * What the access decisions of one request said, kept for its AuditEvent: the deny that answered
 * it (with the patient whose data was reached for, which the client's answer does not name) and
 * every permit on another holder's data.
 */
public final class AccessNotes {

    private static final String DENIAL = AccessNotes.class.getName() + ".denial";
    private static final String PERMITS = AccessNotes.class.getName() + ".permits";

    /**
     * A deny, and the patient it kept the requester from, if known.
     *
     * @param verdict          the deny
     * @param patientReference the patient whose data was reached for, or null
     * @param resourceType     the type of the resource reached for by id, or null
     * @param resourceId       its id, or null
     */
    public record Denial(Verdict verdict, String patientReference, String resourceType, String resourceId) {
    }

    private AccessNotes() {
    }

    static void denied(RequestDetails request, Verdict verdict) {
        request.getUserData().put(DENIAL, new Denial(verdict, null, null, null));
    }

    static void denied(RequestDetails request, Verdict verdict, ResourceFacts reachedFor) {
        request.getUserData().put(DENIAL, new Denial(verdict, reachedFor.patientReference(), reachedFor.type(),
                reachedFor.id()));
    }

    @SuppressWarnings("unchecked")
    static void permitted(RequestDetails request, String reason) {
        ((Set<String>) request.getUserData().computeIfAbsent(PERMITS, k -> new LinkedHashSet<String>())).add(reason);
    }

    /** The deny that answered the request, if a decision of the door did. */
    public static Optional<Denial> denial(RequestDetails request) {
        return request != null && request.getUserData().get(DENIAL) instanceof Denial denial
                ? Optional.of(denial) : Optional.empty();
    }

    /** Why data of other holders was shown: one line per holder, patient and data category. */
    @SuppressWarnings("unchecked")
    public static Set<String> permits(RequestDetails request) {
        return request != null && request.getUserData().get(PERMITS) instanceof Set<?> set
                ? Set.copyOf((Set<String>) set) : Set.of();
    }
}
