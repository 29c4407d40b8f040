package nl.schakelpunt.access;

import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

import nl.schakelpunt.identity.Requester.Kind;

/**
 * Access settings.
 *
 * @param holderOrganizationTypes organisation types that hold data and may write it (GP practices, pharmacies)
 * @param organizationCacheTtl    how long a requester's organisation, looked up by URA, is remembered
 * @param summaryWindow           how far back a look-up reaches for contacts, results and medication
 * @param roleMatrix              which parts of the summary each professional role (UZI role code) sees
 * @param types                   the policy of each resource type (see {@link TypePolicy})
 * @param dataGroups              which kind of requester may read or write which group of data at all
 * @param permissionChanges       who may make which change to a permission
 */
@ConfigurationProperties("schakelpunt.access")
public record AccessProperties(List<String> holderOrganizationTypes, Duration organizationCacheTtl,
        Period summaryWindow, Map<String, List<SummaryRules.Part>> roleMatrix, Map<String, TypePolicy.Rule> types,
        Map<Kind, Map<DataGroup, Set<AccessPolicy.Action>>> dataGroups,
        Map<PermissionChange.Action, List<PermissionChange.Party>> permissionChanges) {

    private static final Pattern UZI_ROLE = Pattern.compile("\\d{2}\\.\\d{3}");

    public AccessProperties {
        holderOrganizationTypes = holderOrganizationTypes == null ? List.of() : List.copyOf(holderOrganizationTypes);
        organizationCacheTtl = organizationCacheTtl == null ? Duration.ofMinutes(1) : organizationCacheTtl;
        summaryWindow = summaryWindow == null ? Period.ofMonths(4) : summaryWindow;
        roleMatrix = roleMatrix == null ? Map.of() : Map.copyOf(roleMatrix);
        types = types == null ? Map.of() : Map.copyOf(types);
        dataGroups = dataGroups == null ? Map.of() : Map.copyOf(dataGroups);
        permissionChanges = permissionChanges == null ? Map.of() : Map.copyOf(permissionChanges);
        if (summaryWindow.isNegative() || summaryWindow.isZero()) {
            throw new IllegalArgumentException("schakelpunt.access.summary-window must be a positive period, not "
                    + summaryWindow);
        }
        for (Map.Entry<String, List<SummaryRules.Part>> role : roleMatrix.entrySet()) {
            if (!UZI_ROLE.matcher(role.getKey()).matches()) {
                throw new IllegalArgumentException("schakelpunt.access.role-matrix: '" + role.getKey()
                        + "' is not a UZI role code (two digits, a dot, three digits, such as 01.015)");
            }
            if (role.getValue() == null || role.getValue().isEmpty() || role.getValue().stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException("schakelpunt.access.role-matrix." + role.getKey()
                        + " names no parts of the summary (leave the role out if it sees none)");
            }
        }
        for (Kind kind : Kind.values()) {
            if (!dataGroups.containsKey(kind)) {
                throw new IllegalArgumentException("schakelpunt.access.data-groups names no groups for requesters of type "
                        + kind.claimValue() + " (give it an empty map if it may touch none)");
            }
        }
    }

    /** The data-group and permission-change tables, for the decision point. */
    public AccessPolicy policy() {
        return new AccessPolicy(dataGroups, permissionChanges);
    }

    /**
     * The summary rules these settings describe. A date without a time is indexed by the database
     * as its whole day in the server's default time zone; the check on a resource does the same.
     */
    public SummaryRules summaryRules(TypePolicy policy) {
        Map<String, Set<SummaryRules.Part>> matrix = new HashMap<>();
        roleMatrix.forEach((role, parts) -> matrix.put(role, Set.copyOf(parts)));
        return new SummaryRules(matrix, summaryWindow, policy, ZoneId.systemDefault());
    }

    public Set<String> holderTypes() {
        return Set.copyOf(holderOrganizationTypes);
    }
}
