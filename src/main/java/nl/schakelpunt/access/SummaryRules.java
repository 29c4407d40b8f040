package nl.schakelpunt.access;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * What a summary look-up by a treating professional of another organisation may contain: the role
 * matrix (which roles may see which part of the summary), the length of the window, and per type
 * (from the {@link TypePolicy} table) the part, the data category and the window element. Plain
 * Java: the window is measured from the moment given.
 */
public final class SummaryRules {

    /** The parts of the summary. */
    public enum Part { MEDICATION, GP_SUMMARY }

    public static final String TREATMENT_DATA = "GGC002";
    public static final String RESULTS = "GGC012";
    public static final String MEDICATION = "GGC013";

    private final Map<String, Set<Part>> roleMatrix;
    private final Period window;
    private final TypePolicy types;
    private final ZoneId indexZone;

    /**
     * @param roleMatrix the parts of the summary each UZI role may see
     * @param window     how far back a look-up reaches
     * @param types      the policy table of the resource types
     * @param indexZone  the zone in which the database indexes a date without a time
     */
    public SummaryRules(Map<String, Set<Part>> roleMatrix, Period window, TypePolicy types, ZoneId indexZone) {
        this.roleMatrix = Map.copyOf(roleMatrix);
        this.window = window;
        this.types = types;
        this.indexZone = indexZone;
    }

    public Optional<Part> partOf(String resourceType) {
        return types.partOf(resourceType);
    }

    /** Whether a professional with this UZI role may see this part of the summary at all. */
    public boolean roleMaySee(String uziRole, Part part) {
        return uziRole != null && roleMatrix.getOrDefault(uziRole, Set.of()).contains(part);
    }

    /** The data categories a search of this type can return (an Observation is a journal entry or a result). */
    public List<String> categoriesOf(String resourceType) {
        return types.categoriesOf(resourceType);
    }

    /** The data categories of a part of the summary. */
    public List<String> categoriesOf(Part part) {
        return types.categoriesOf(part);
    }

    /** The data category of one resource. */
    public String categoryOf(IBaseResource resource) {
        return types.categoryOf(resource);
    }

    /** The start of the window for a request at this moment. */
    public Instant windowStart(Instant now) {
        return ZonedDateTime.ofInstant(now, ZoneOffset.UTC).minus(window).toInstant();
    }

    /**
     * The search parameters that keep a search of this type inside the window; ANDed with the
     * client's. Empty for types outside the summary.
     */
    public Map<String, String> windowParameters(String resourceType, Instant now) {
        return types.windowParameters(resourceType, windowStart(now));
    }

    /** The same window, checked on one resource about to be returned. */
    public boolean inWindow(IBaseResource resource, Instant now) {
        return types.inWindow(resource, windowStart(now), indexZone);
    }
}
