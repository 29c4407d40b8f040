package nl.schakelpunt.access;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.Coding;
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

    private record Cached(RegisteredOrganization organization, Instant until) {
    }

    private final IFhirResourceDao<Organization> organizations;
    private final BsnRegister bsnRegister;
    private final AccessProperties properties;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public RequesterDirectory(IFhirResourceDao<Organization> organizationDao, BsnRegister bsnRegister,
            AccessProperties properties, Clock clock) {
        this.clock = clock;
        this.organizations = organizationDao;
        this.bsnRegister = bsnRegister;
        this.properties = properties;
    }

    public Optional<RegisteredOrganization> organizationByUra(String ura) {
        Cached cached = cache.get(ura);
        if (cached != null && cached.until().isAfter(clock.instant())) {
            return Optional.of(cached.organization());
        }
        SearchParameterMap query = SearchParameterMap.newSynchronous(
                Organization.SP_IDENTIFIER, new TokenParam(NamingSystems.URA, ura));
        List<Organization> found = organizations.search(query, new SystemRequestDetails())
                .getAllResources().stream().map(Organization.class::cast)
                .filter(ResourceFacts::isRegistered).toList();
        if (found.size() != 1) {
            cache.remove(ura);
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
        cache.put(ura, new Cached(registered, clock.instant().plus(properties.organizationCacheTtl())));
        return Optional.of(registered);
    }

    public Optional<String> patientIdByBsn(String bsn) {
        return bsnRegister.patientIdOf(bsn);
    }

    /** Forgets remembered organisations, after an operator changed one. */
    public void forgetOrganizations() {
        cache.clear();
    }
}
