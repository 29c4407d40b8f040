package nl.schakelpunt.audit;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What an enforcement point tells the audit trail about a request: the patient whose data it looked
 * at outside the requester's view (to say precisely why it refuses), so that a refusal is recorded
 * under them too; or what an operation did.
 */
public final class AuditSubjects {

    private AuditSubjects() {
    }

    /** What an operation did, recorded as the outcome description of the request's event. */
    public static void note(HttpServletRequest request, String text) {
        AuditRecord.of(request).note = text;
    }

    public static void reachedFor(HttpServletRequest request, String patientReference) {
        if (patientReference != null) {
            AuditRecord.of(request).attemptedPatients.add(patientReference);
        }
    }
}
