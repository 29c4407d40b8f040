package nl.schakelpunt.consent;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A status change that a permission operation ($process, $withdraw) is making, remembered on the
 * request, so that the life cycle rules can tell it from a status changed by a plain update.
 */
record PermissionTransition(String consentId, Permission.Status from, Permission.Status to) {

    private static final String ATTRIBUTE = PermissionTransition.class.getName();

    void markOn(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    static PermissionTransition of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof PermissionTransition transition ? transition : null;
    }

    boolean allows(String id, Permission.Status previous, Permission.Status next) {
        return consentId.equals(id) && from == previous && to == next;
    }
}
