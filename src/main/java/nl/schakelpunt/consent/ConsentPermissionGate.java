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
    private final EmergencyRegime regime;

    public ConsentPermissionGate(PermissionIndex index, HolderDirectory holders, ConsentProperties properties,
            EmergencyRegime regime) {
        this.index = index;
        this.regime = regime;
        this.holders = holders;
        this.properties = properties;
    }

    @Override
    public Session session(AccessContext requester, Instant now) {
        String type = requester.requester().organizationType();
        boolean emergencyCare = properties.emergencyCare().organizationTypes().contains(type)
                || properties.emergencyCare().roles().contains(requester.requester().uziRole());
        PermissionDecision.Requester asking = new PermissionDecision.Requester(
                type == null ? null : properties.recipientCategories().get(type),
                requester.requester().purposeOfUse(), requester.organizationId(), emergencyCare);
        boolean regimeOn = emergencyCare && regime.activeAt(now);
        return new DecisionSession(asking, now, regimeOn);
    }

    private final class DecisionSession implements Session {

        private final PermissionDecision.Requester asking;
        private final Instant now;
        private final boolean regimeOn;
        private final Map<String, List<Permission>> permissionsByPatient = new HashMap<>();
        private boolean usedRegime;

        DecisionSession(PermissionDecision.Requester asking, Instant now, boolean regimeOn) {
            this.asking = asking;
            this.now = now;
            this.regimeOn = regimeOn;
        }

        @Override
        public boolean usedEmergencyRegime() {
            return usedRegime;
        }

        @Override
        public boolean permits(String patientId, String holderId, String dataCategory) {
            Optional<PermissionDecision.Holder> holder = holders.holder(holderId);
            if (holder.isEmpty()) {
                return false;
            }
            PermissionDecision.Answer answer = PermissionDecision.decide(asking, dataCategory, holder.get(), now,
                    permissionsOf(patientId), regimeOn);
            if (answer.reason() == PermissionDecision.Reason.PERMITTED_BY_EMERGENCY_REGIME) {
                usedRegime = true;
            }
            return answer.permit();
        }

        @Override
        public Set<String> permittedHolders(String patientId, String dataCategory) {
            Set<String> candidates = new LinkedHashSet<>();
            if (regimeOn) {
                // Under the regime, any GP practice may hold data the requester may see.
                candidates.addAll(holders.gpPracticesHolding(patientId));
            }
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
