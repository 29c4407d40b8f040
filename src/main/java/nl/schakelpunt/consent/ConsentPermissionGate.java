package nl.schakelpunt.consent;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.Consent;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import nl.schakelpunt.access.AccessContext;
import nl.schakelpunt.access.PermissionGate;

/**
 * Answers the access layer's question with the permission decision: reads the patient's
 * permissions from the database (once per request, never cached beyond it), the holders' facts from
 * the holder directory, and the requester's recipient category from the configured table.
 */
@Component
public class ConsentPermissionGate implements PermissionGate {

    private final IFhirResourceDao<Consent> consents;
    private final HolderDirectory holders;
    private final ConsentProperties properties;

    public ConsentPermissionGate(IFhirResourceDao<Consent> consentDao, HolderDirectory holders,
            ConsentProperties properties) {
        this.consents = consentDao;
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
            return permissionsByPatient.computeIfAbsent(patientId, id -> consents
                    .search(SearchParameterMap.newSynchronous(Consent.SP_PATIENT, new ReferenceParam("Patient/" + id)),
                            new SystemRequestDetails())
                    .getAllResources().stream()
                    .map(resource -> Permissions.of((Consent) resource, properties.zone()))
                    .toList());
        }
    }
}
