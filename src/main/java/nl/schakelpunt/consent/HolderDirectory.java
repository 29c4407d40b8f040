package nl.schakelpunt.consent;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.github.benmanes.caffeine.cache.Cache;

import nl.schakelpunt.access.DirectoryCaches;
import nl.schakelpunt.access.ResourceFacts;

/**
 * Information point for the decision: a holder's organisation type and its health centre (whether
 * the centre's GP permission covers its pharmacy, and which GP practices and pharmacies it groups).
 * Remembered under the rule of the directory caches ({@code DirectoryCaches}): organisations change rarely, and a
 * change is seen at once on the node that made it (and within organization-cache-ttl on the others).
 */
@Component
public class HolderDirectory {

    private static final String ORGANIZATION_TYPE = "http://nictiz.nl/fhir/NamingSystem/organization-type";

    private final IFhirResourceDao<Organization> organizations;
    private final DaoRegistry daos;
    /** Holders by Organization id, under the directory caches' rule (expiry, cleared when an Organization is written). */
    private final Cache<String, Optional<PermissionDecision.Holder>> holders;

    public HolderDirectory(IFhirResourceDao<Organization> organizationDao, DaoRegistry daos, DirectoryCaches caches) {
        this.organizations = organizationDao;
        this.daos = daos;
        this.holders = caches.create();
    }

    /** The GP practices that hold GP summary data about this patient (for the emergency regime). */
    public Set<String> gpPracticesHolding(String patientId) {
        Set<String> found = new LinkedHashSet<>();
        for (String type : List.of("Encounter", "Condition", "Observation")) {
            SearchParameterMap query = SearchParameterMap.newSynchronous("patient", new ReferenceParam("Patient/" + patientId));
            for (Object resource : daos.getResourceDao(type).search(query, new SystemRequestDetails()).getAllResources()) {
                for (String holder : ResourceFacts.holdersOf((IBaseResource) resource)) {
                    String id = holder.substring(holder.indexOf('/') + 1);
                    holder(id).filter(h -> PermissionDecision.GP_TYPES.contains(h.type())).ifPresent(h -> found.add(id));
                }
            }
        }
        return found;
    }

    /** The holder with this Organization id, or empty if there is no such organisation. */
    public Optional<PermissionDecision.Holder> holder(String organizationId) {
        // A holder is one of the directory's own entries, and so is its health centre.
        return holders.get(organizationId, id -> read(id).filter(ResourceFacts::isRegistered)
                .map(organization -> new PermissionDecision.Holder(id, typeOf(organization),
                        centreOf(organization).orElse(null))));
    }

    /** The pharmacies of the health centre this GP practice belongs to, when the centre's GP permission covers them. */
    public Set<String> coveredPharmacies(String gpPracticeId) {
        Optional<PermissionDecision.Holder> gp = holder(gpPracticeId);
        if (gp.isEmpty() || gp.get().centre() == null || !gp.get().centre().gpPermissionCoversPharmacy()) {
            return Set.of();
        }
        return members(gp.get().centre().id(), PermissionDecision.PHARMACY_TYPE);
    }

    private Optional<PermissionDecision.Centre> centreOf(Organization organization) {
        if (!organization.hasPartOf()) {
            return Optional.empty();
        }
        return read(organization.getPartOf().getReferenceElement().getIdPart())
                .filter(ResourceFacts::isRegistered)
                .filter(c -> c.getExtensionByUrl(PermissionCodes.CENTRE_GP_COVERS_PHARMACY_EXTENSION) != null)
                .map(this::centre);
    }

    private PermissionDecision.Centre centre(Organization centre) {
        Extension covers = centre.getExtensionByUrl(PermissionCodes.CENTRE_GP_COVERS_PHARMACY_EXTENSION);
        boolean coversPharmacy = covers.getValue() instanceof BooleanType flag && flag.booleanValue();
        String id = centre.getIdElement().getIdPart();
        return new PermissionDecision.Centre(id, coversPharmacy, members(id, "Z3"));
    }

    private Set<String> members(String centreId, String type) {
        SearchParameterMap query = SearchParameterMap.newSynchronous(
                Organization.SP_PARTOF, new ReferenceParam("Organization/" + centreId));
        Set<String> ids = new LinkedHashSet<>();
        List<?> found = organizations.search(query, new SystemRequestDetails()).getAllResources();
        for (Object resource : found) {
            Organization member = (Organization) resource;
            if (ResourceFacts.isRegistered(member) && type.equals(typeOf(member))) {
                ids.add(member.getIdElement().getIdPart());
            }
        }
        return ids;
    }

    private Optional<Organization> read(String id) {
        try {
            return Optional.of(organizations.read(new IdType("Organization", id), new SystemRequestDetails()));
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return Optional.empty();
        }
    }

    private static String typeOf(Organization organization) {
        return organization.getType().stream().flatMap(t -> t.getCoding().stream())
                .filter(c -> ORGANIZATION_TYPE.equals(c.getSystem())).map(c -> c.getCode()).findFirst().orElse(null);
    }
}
