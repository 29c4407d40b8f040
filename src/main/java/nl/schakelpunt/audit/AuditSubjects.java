package nl.schakelpunt.audit;

import jakarta.servlet.http.HttpServletRequest;

/**
 * For an enforcement point that looks at a patient's data outside the requester's view (to say
 * precisely why it refuses): names that patient, so that a refusal is recorded under them too.
 */
public final class AuditSubjects {

    private AuditSubjects() {
    }

    public static void reachedFor(HttpServletRequest request, String patientReference) {
        if (patientReference != null) {
            AuditRecord.of(request).attemptedPatients.add(patientReference);
        }
    }
}
