package nl.schakelpunt.access;

import java.util.Map;
import java.util.Optional;

import nl.schakelpunt.identity.Requester;

/**
 * The requester of one request with what the information points know about them: the registered
 * organisation they act for, whether it is a data holder, for a patient their Patient's id, and the
 * records other patients have shared with them (patient id to the share's Consent id).
 */
public record AccessContext(Requester requester, String organizationId, boolean holder, String patientId,
        Map<String, String> shares) {

    public AccessContext {
        shares = shares == null ? Map.of() : Map.copyOf(shares);
    }

    public AccessContext(Requester requester, String organizationId, boolean holder, String patientId) {
        this(requester, organizationId, holder, patientId, Map.of());
    }

    public Requester.Kind kind() {
        return requester.kind();
    }

    /** The reference of the requester's own organisation, such as {@code Organization/gp-de-linde}. */
    public Optional<String> organizationReference() {
        return Optional.ofNullable(organizationId).map(id -> "Organization/" + id);
    }

    public Optional<String> patientReference() {
        return Optional.ofNullable(patientId).map(id -> "Patient/" + id);
    }

    /** The share that lets this requester read the record of the patient with this reference, if any. */
    public Optional<String> shareOf(String patientReference) {
        return patientReference != null && patientReference.startsWith("Patient/")
                ? Optional.ofNullable(shares.get(patientReference.substring("Patient/".length())))
                : Optional.empty();
    }
}
