package nl.schakelpunt.access;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Access settings.
 *
 * @param holderOrganizationTypes organisation types that hold data and may write it (GP practices, pharmacies)
 * @param organizationCacheTtl    how long a requester's organisation, looked up by URA, is remembered
 */
@ConfigurationProperties("schakelpunt.access")
public record AccessProperties(List<String> holderOrganizationTypes, Duration organizationCacheTtl) {

    public AccessProperties {
        holderOrganizationTypes = holderOrganizationTypes == null ? List.of() : List.copyOf(holderOrganizationTypes);
        organizationCacheTtl = organizationCacheTtl == null ? Duration.ofMinutes(1) : organizationCacheTtl;
    }

    public Set<String> holderTypes() {
        return Set.copyOf(holderOrganizationTypes);
    }
}
