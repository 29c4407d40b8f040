package nl.schakelpunt.audit;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What one HTTP request has touched so far, gathered from the storage layer while it runs: the
 * resources shown or written, their holders and patients. Kept on the servlet request, which the
 * entries of a batch or transaction share.
 */
final class AuditRecord {

    private static final String ATTRIBUTE = AuditRecord.class.getName();

    final Set<String> resources = new LinkedHashSet<>();
    final Set<String> holders = new LinkedHashSet<>();
    final Set<String> patients = new LinkedHashSet<>();
    /**
     * Patients whose data the request reached for, shown or not. A refused request is recorded
     * under them too, so that a patient also sees who tried and was turned away.
     */
    final Set<String> attemptedPatients = new LinkedHashSet<>();
    /** What an operation says it did, for the event's outcome description. */
    String note;
    /** Whether an event has been written for this request already (by a committing write). */
    boolean eventWritten;
    /** Whether a commit-time write of the event is registered with the current database transaction. */
    boolean commitHookRegistered;

    static AuditRecord of(HttpServletRequest request) {
        Object kept = request.getAttribute(ATTRIBUTE);
        if (kept instanceof AuditRecord record) {
            return record;
        }
        AuditRecord record = new AuditRecord();
        request.setAttribute(ATTRIBUTE, record);
        return record;
    }

    boolean isEmpty() {
        return resources.isEmpty() && patients.isEmpty();
    }

    void clear() {
        resources.clear();
        holders.clear();
        patients.clear();
        attemptedPatients.clear();
    }
}
