package nl.schakelpunt.access;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.Coding;

import com.github.benmanes.caffeine.cache.Cache;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import nl.schakelpunt.identity.BsnRegister;
import nl.schakelpunt.identity.NamingSystems;

/**
 * Information point: which registered organisation a URA stands for, and which Patient a BSN. Only the
 * directory's own entries count: a copy a holder supplied with its data, URA included, is never a requester.
 * Organisations are remembered briefly (they change rarely and are looked up on every request);
 * an unknown URA is never remembered, so a newly registered organisation works at once.
 */
@Component
public class RequesterDirectory {

    static final String ORGANIZATION_TYPE_SYSTEM = "http://nictiz.nl/fhir/NamingSystem/organization-type";

    /** A registered organisation: its resource id, name and type codes. */
    public record RegisteredOrganization(String id, String name, Set<String> types, boolean active) {
    }

    private final IFhirResourceDao<Organization> organizations;
    private final BsnRegister bsnRegister;
    /** Registered organisations by URA; one that is not found is not remembered, so that a new one counts at once. */
    private final Cache<String, RegisteredOrganization> cache;

    public RequesterDirectory(IFhirResourceDao<Organization> organizationDao, BsnRegister bsnRegister,
            DirectoryCaches caches) {
        this.organizations = organizationDao;
        this.bsnRegister = bsnRegister;
        this.cache = caches.create();
    }

    public Optional<RegisteredOrganization> organizationByUra(String ura) {
        RegisteredOrganization cached = cache.getIfPresent(ura);
        if (cached != null) {
            return Optional.of(cached);
        }
        SearchParameterMap query = SearchParameterMap.newSynchronous(
                Organization.SP_IDENTIFIER, new TokenParam(NamingSystems.URA, ura));
        List<Organization> found = organizations.search(query, new SystemRequestDetails())
                .getAllResources().stream().map(Organization.class::cast)
                .filter(ResourceFacts::isRegistered).toList();
        if (found.size() != 1) {
            return Optional.empty();
        }
        Organization organization = found.get(0);
        Set<String> types = organization.getType().stream()
                .flatMap(type -> type.getCoding().stream())
                .filter(coding -> ORGANIZATION_TYPE_SYSTEM.equals(coding.getSystem()))
                .map(Coding::getCode)
                .collect(Collectors.toUnmodifiableSet());
        RegisteredOrganization registered = new RegisteredOrganization(
                organization.getIdElement().getIdPart(), organization.getName(), types, !organization.hasActive() || organization.getActive());
        cache.put(ura, registered);
        return Optional.of(registered);
    }

    public Optional<String> patientIdByBsn(String bsn) {
        return bsnRegister.patientIdOf(bsn);
    }
}
