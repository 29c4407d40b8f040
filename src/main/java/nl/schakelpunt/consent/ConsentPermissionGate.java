package nl.schakelpunt.consent;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import nl.schakelpunt.access.AccessContext;
import nl.schakelpunt.access.PermissionGate;

/**
 * Answers the access layer's question with the permission decision: reads the patient's
 * permissions from the permission index (once per request, never cached beyond it), the holders'
 * facts from the holder directory, and the requester's recipient category from the configured table.
 */
@Component
public class ConsentPermissionGate implements PermissionGate {

    private final PermissionIndex index;
    private final HolderDirectory holders;
    private final ConsentProperties properties;

    public ConsentPermissionGate(PermissionIndex index, HolderDirectory holders, ConsentProperties properties) {
        this.index = index;
        this.holders = holders;
        this.properties = properties;
    }

    @Override
    public Session session(AccessContext requester, Instant now) {
        String type = requester.requester().organizationType();
        PermissionDecision.Requester asking = new PermissionDecision.Requester(
                type == null ? null : properties.recipientCategories().get(type),
                requester.requester().purposeOfUse(), requester.organizationId());
        return new DecisionSession(asking, now);
    }

    private final class DecisionSession implements Session {

        private final PermissionDecision.Requester asking;
        private final Instant now;
        private final Map<String, List<Permission>> permissionsByPatient = new HashMap<>();

        DecisionSession(PermissionDecision.Requester asking, Instant now) {
            this.asking = asking;
            this.now = now;
        }

        @Override
        public boolean permits(String patientId, String holderId, String dataCategory) {
            Optional<PermissionDecision.Holder> holder = holders.holder(holderId);
            if (holder.isEmpty()) {
                return false;
            }
            return PermissionDecision.decide(asking, dataCategory, holder.get(), now, permissionsOf(patientId)).permit();
        }

        @Override
        public Set<String> permittedHolders(String patientId, String dataCategory) {
            Set<String> candidates = new LinkedHashSet<>();
            for (Permission permission : permissionsOf(patientId)) {
                if (permission.holderId() != null) {
                    candidates.add(permission.holderId());
                    candidates.addAll(holders.coveredPharmacies(permission.holderId()));
                }
            }
            candidates.removeIf(holderId -> !permits(patientId, holderId, dataCategory));
            return candidates;
        }

        private List<Permission> permissionsOf(String patientId) {
            return permissionsByPatient.computeIfAbsent(patientId, id -> index.ofPatient(id).stream()
                    .map(consent -> Permissions.of(consent, properties.zone()))
                    .toList());
        }
    }
}
