package nl.schakelpunt.consent;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import nl.schakelpunt.access.AccessContext;
import nl.schakelpunt.access.AccessContexts;
import nl.schakelpunt.access.AccessGuard;
import nl.schakelpunt.access.PermissionChange;
import nl.schakelpunt.fhirserver.OperationOutcomes;
import nl.schakelpunt.fhirserver.OwnOperations;

/**
 * A data holder's setting for permissions its patients give online: {@code $online-permissions} on its own
 * Organization says whether one given with a verified login takes effect at once. The setting is the extension
 * {@code online-permissions-at-once} on the holder's directory entry; only the holder itself changes it (the decision
 * point's {@code permission.set-online-permissions} rule), and the operation writes it to the exchange point's entry.
 */
@Component
public class HolderSettings implements OwnOperations {

    public static final String AT_ONCE_EXTENSION = PermissionCodes.CANONICAL_BASE
            + "/StructureDefinition/online-permissions-at-once";

    private final IFhirResourceDao<Organization> organizations;
    private final AccessContexts contexts;
    private final AccessGuard guard;

    public HolderSettings(IFhirResourceDao<Organization> organizations, AccessContexts contexts, AccessGuard guard) {
        this.organizations = organizations;
        this.contexts = contexts;
        this.guard = guard;
    }

    /** Whether permissions given online with a verified login take effect at once at this holder. */
    public static boolean onlinePermissionsAtOnce(Organization holder) {
        Extension setting = holder == null ? null : holder.getExtensionByUrl(AT_ONCE_EXTENSION);
        return setting != null && setting.getValue() instanceof BooleanType value && value.booleanValue();
    }

    @Operation(name = "$online-permissions", type = Organization.class, idempotent = false)
    public Organization onlinePermissions(@IdParam IdType id,
            @OperationParam(name = "at-once", min = 1, max = 1) BooleanType atOnce,
            RequestDetails request) {
        AccessContext who = contexts.of(request).orElseThrow();
        guard.requirePermissionChange(who, new PermissionChange(PermissionChange.Action.SET_ONLINE_PERMISSIONS, null,
                id.getIdPart(), null), request, AccessContexts::forbidden);
        if (atOnce == null || atOnce.getValue() == null) {
            throw new UnprocessableEntityException("at-once is true or false", OperationOutcomes.error("invalid",
                    "Parameters.parameter.where(name = 'at-once')", "at-once is true or false"));
        }
        Organization holder = organizations.read(id.toUnqualifiedVersionless(), new SystemRequestDetails());
        holder.getExtension().removeIf(e -> AT_ONCE_EXTENSION.equals(e.getUrl()));
        holder.addExtension(AT_ONCE_EXTENSION, new BooleanType(atOnce.booleanValue()));
        holder.getMeta().setVersionId(null);
        // Written as the exchange point: the entry is its own (ADR 18); the call itself is audited as the holder's.
        return (Organization) organizations.update(holder, new SystemRequestDetails()).getResource();
    }
}
