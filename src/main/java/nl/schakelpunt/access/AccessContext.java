package nl.schakelpunt.access;

import java.util.Optional;

import nl.schakelpunt.identity.Requester;

/**
 * The requester of one request with what the information points know about them: the registered
 * organisation they act for, whether it is a data holder, and for a patient, their Patient's id.
 */
public record AccessContext(Requester requester, String organizationId, boolean holder, String patientId) {

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
}
