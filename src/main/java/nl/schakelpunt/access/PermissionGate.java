package nl.schakelpunt.access;

import java.time.Instant;
import java.util.Set;

/**
 * The question the access layer asks about a patient's permissions, answered by the consent
 * package from the permission decision. A session answers for one request: it reads each patient's
 * permissions once, and never from a cache that outlives the request.
 */
public interface PermissionGate {

    Session session(AccessContext requester, Instant now);

    interface Session {

        /** Whether the patient's permissions let the requester see data of this category from this holder. */
        boolean permits(String patientId, String holderId, String dataCategory);

        /** The holders whose data of this category about the patient the permissions let through. */
        Set<String> permittedHolders(String patientId, String dataCategory);

        /** Whether some answer of this session rested on the temporary emergency regime. */
        boolean usedEmergencyRegime();
    }
}
