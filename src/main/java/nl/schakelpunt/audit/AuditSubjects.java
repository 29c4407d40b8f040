package nl.schakelpunt.audit;

import java.util.Set;

import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * What an enforcement point tells the audit trail about a request: the patient whose data it looked
 * at outside the requester's view (to say precisely why it refuses), so that a refusal is recorded
 * under them too; or what an operation did.
 */
public final class AuditSubjects {

    private AuditSubjects() {
    }

    /** What an operation did, recorded as the outcome description of the request's event. */
    public static void note(RequestDetails request, String text) {
        AuditRecord.of(request).note = text;
    }

    /**
     * A resource the request's enforcement point wrote on the server's own account as a consequence
     * of the request (an older permission made inactive by a newer one): recorded in the request's
     * event like the request's own writes.
     *
     * @param versionedReference {@code Type/id/_history/version}
     * @param patientReference   the patient it is about
     * @param holders            the holders it belongs to
     */
    public static void written(RequestDetails request, String versionedReference, String patientReference,
            Set<String> holders) {
        AuditRecord record = AuditRecord.of(request);
        record.resources.add(versionedReference);
        record.holders.addAll(holders);
        if (patientReference != null) {
            String[] parts = versionedReference.split("/");
            record.patients.add(patientReference);
            record.resourceOfPatient(patientReference, parts[0], parts[1]);
            record.holdersOfPatient(patientReference, holders);
        }
    }

    public static void reachedFor(RequestDetails request, String patientReference) {
        if (patientReference != null) {
            AuditRecord.of(request).attemptedPatients.add(patientReference);
        }
    }
}
