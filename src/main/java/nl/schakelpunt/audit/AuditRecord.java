package nl.schakelpunt.audit;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * What one HTTP request has touched so far, gathered from the storage layer while it runs: the
 * resources shown or written, their holders and patients. Kept in HAPI's request details, which the
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
    /**
     * Per patient, their resources the request reached for or showed ({@code Type/id}), and the
     * holders of those shown: what each patient's view of the event may name.
     */
    private final Map<String, Set<String>> resourcesOfPatient = new HashMap<>();
    private final Map<String, Set<String>> holdersOfPatient = new HashMap<>();
    /** What an operation says it did, for the event's outcome description. */
    String note;
    /** Whether an event has been written for this request already (by a committing write). */
    boolean eventWritten;
    /** Whether a commit-time write of the event is registered with the current database transaction. */
    boolean commitHookRegistered;

    static AuditRecord of(RequestDetails request) {
        return (AuditRecord) request.getUserData().computeIfAbsent(ATTRIBUTE, k -> new AuditRecord());
    }

    boolean isEmpty() {
        return resources.isEmpty() && patients.isEmpty();
    }

    void clear() {
        resources.clear();
        holders.clear();
        patients.clear();
        attemptedPatients.clear();
        resourcesOfPatient.clear();
        holdersOfPatient.clear();
    }

    /** Notes that a resource, reached for or shown, is about this patient. */
    void resourceOfPatient(String patient, String type, String id) {
        if (id != null) {
            resourcesOfPatient.computeIfAbsent(patient, p -> new LinkedHashSet<>()).add(type + "/" + id);
        }
    }

    /** Notes the holders of a resource of this patient that was shown or written. */
    void holdersOfPatient(String patient, Set<String> holders) {
        holdersOfPatient.computeIfAbsent(patient, p -> new LinkedHashSet<>()).addAll(holders);
    }

    Set<String> resourcesOf(String patient) {
        return resourcesOfPatient.getOrDefault(patient, Set.of());
    }

    Set<String> holdersOf(String patient) {
        return holdersOfPatient.getOrDefault(patient, Set.of());
    }
}
