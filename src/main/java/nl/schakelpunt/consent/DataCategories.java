package nl.schakelpunt.consent;

import java.util.Map;
import java.util.Set;

/**
 * The data categories of the national consent service and how they nest: treatment data (GGC002)
 * covers results (GGC012) and medication (GGC013, which includes allergies).
 */
public final class DataCategories {

    private static final Map<String, Set<String>> NARROWER = Map.of(
            PermissionCodes.TREATMENT_DATA, Set.of(PermissionCodes.RESULTS, PermissionCodes.MEDICATION));

    private DataCategories() {
    }

    /** Whether data of category {@code asked} falls under category {@code granted}. */
    public static boolean covers(String granted, String asked) {
        return granted.equals(asked) || NARROWER.getOrDefault(granted, Set.of()).contains(asked);
    }

    /** Whether any of the granted categories covers the asked one; no categories at all covers everything. */
    public static boolean anyCovers(Set<String> granted, String asked) {
        return granted.isEmpty() || granted.stream().anyMatch(g -> covers(g, asked));
    }
}
