package nl.schakelpunt.consent;

import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * A status change that a permission operation ($process, $withdraw) is making, remembered on the
 * request, so that the life cycle rules can tell it from a status changed by a plain update.
 */
record PermissionTransition(String consentId, Permission.Status from, Permission.Status to) {

    private static final String ATTRIBUTE = PermissionTransition.class.getName();

    void markOn(RequestDetails request) {
        request.getUserData().put(ATTRIBUTE, this);
    }

    static PermissionTransition of(RequestDetails request) {
        return request.getUserData().get(ATTRIBUTE) instanceof PermissionTransition transition ? transition : null;
    }

    boolean allows(String id, Permission.Status previous, Permission.Status next) {
        return consentId.equals(id) && from == previous && to == next;
    }
}
