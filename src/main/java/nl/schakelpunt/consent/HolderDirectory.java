package nl.schakelpunt.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import nl.schakelpunt.access.ResourceFacts;
import nl.schakelpunt.fhirserver.StorageInterceptor;

/**
 * Information point for the decision: a holder's organisation type and its health centre (whether
 * the centre's GP permission covers its pharmacy, and which GP practices and pharmacies it groups).
 * Remembered for a minute: organisations change rarely, and an operator's change is seen at once on
 * the node that made it (and within the minute on the others).
 */
@Component
@Interceptor
public class HolderDirectory implements StorageInterceptor {

    private static final String ORGANIZATION_TYPE = "http://nictiz.nl/fhir/NamingSystem/organization-type";
    private static final Duration REMEMBER = Duration.ofMinutes(1);

    private record Cached<T>(T value, Instant until) {
    }

    private final IFhirResourceDao<Organization> organizations;
    private final DaoRegistry daos;
    private final Clock clock;
    private final Map<String, Cached<Optional<PermissionDecision.Holder>>> holders = new ConcurrentHashMap<>();

    public HolderDirectory(IFhirResourceDao<Organization> organizationDao, DaoRegistry daos, Clock clock) {
        this.clock = clock;
        this.organizations = organizationDao;
        this.daos = daos;
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
        Cached<Optional<PermissionDecision.Holder>> cached = holders.get(organizationId);
        if (cached != null && cached.until().isAfter(clock.instant())) {
            return cached.value();
        }
        // A holder is one of the directory's own entries, and so is its health centre.
        Optional<PermissionDecision.Holder> found = read(organizationId).filter(ResourceFacts::isRegistered)
                .map(organization -> new PermissionDecision.Holder(organizationId, typeOf(organization),
                        centreOf(organization).orElse(null)));
        holders.put(organizationId, new Cached<>(found, clock.instant().plus(REMEMBER)));
        return found;
    }

    /** The pharmacies of the health centre this GP practice belongs to, when the centre's GP permission covers them. */
    public Set<String> coveredPharmacies(String gpPracticeId) {
        Optional<PermissionDecision.Holder> gp = holder(gpPracticeId);
        if (gp.isEmpty() || gp.get().centre() == null || !gp.get().centre().gpPermissionCoversPharmacy()) {
            return Set.of();
        }
        return members(gp.get().centre().id(), PermissionDecision.PHARMACY_TYPE);
    }

    /** An organisation changed on this node (an operator's edit): forget what was remembered. */
    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void organizationChanged(IBaseResource previous, IBaseResource resource) {
        if (resource instanceof Organization) {
            holders.clear();
        }
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
