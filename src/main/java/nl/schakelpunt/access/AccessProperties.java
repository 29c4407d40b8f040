package nl.schakelpunt.access;

import java.time.Duration;
import java.time.Period;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Access settings.
 *
 * @param holderOrganizationTypes organisation types that hold data and may write it (GP practices, pharmacies)
 * @param organizationCacheTtl    how long a requester's organisation, looked up by URA, is remembered
 * @param summaryWindow           how far back a look-up reaches for contacts, results and medication
 * @param roleMatrix              which parts of the summary each professional role (UZI role code) sees
 */
@ConfigurationProperties("schakelpunt.access")
public record AccessProperties(List<String> holderOrganizationTypes, Duration organizationCacheTtl,
        Period summaryWindow, Map<String, List<SummaryRules.Part>> roleMatrix) {

    public AccessProperties {
        holderOrganizationTypes = holderOrganizationTypes == null ? List.of() : List.copyOf(holderOrganizationTypes);
        organizationCacheTtl = organizationCacheTtl == null ? Duration.ofMinutes(1) : organizationCacheTtl;
        summaryWindow = summaryWindow == null ? Period.ofMonths(4) : summaryWindow;
        roleMatrix = roleMatrix == null ? Map.of() : Map.copyOf(roleMatrix);
    }

    /** The summary rules these settings describe. */
    public SummaryRules summaryRules() {
        Map<String, Set<SummaryRules.Part>> matrix = new HashMap<>();
        roleMatrix.forEach((role, parts) -> matrix.put(role, Set.copyOf(parts)));
        return new SummaryRules(matrix, summaryWindow);
    }

    public Set<String> holderTypes() {
        return Set.copyOf(holderOrganizationTypes);
    }
}
