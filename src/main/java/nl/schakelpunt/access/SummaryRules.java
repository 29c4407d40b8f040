package nl.schakelpunt.access;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;

/**
 * What a summary look-up by a treating professional of another organisation may contain, as data:
 * which part of the summary each clinical type belongs to (medication and allergies, or the GP
 * summary), its data category, which roles may see which part (the role matrix), and the time
 * window: contacts of the last months with the journal entries and results recorded in them, open
 * episodes whatever their start, medication whose use overlaps the window, active allergies.
 * Plain Java: the window is measured from the moment given.
 */
public final class SummaryRules {

    /** The parts of the summary. */
    public enum Part { MEDICATION, GP_SUMMARY }

    public static final String TREATMENT_DATA = "GGC002";
    public static final String RESULTS = "GGC012";
    public static final String MEDICATION = "GGC013";

    private static final Map<String, Part> PARTS = Map.of(
            "MedicationStatement", Part.MEDICATION,
            "MedicationRequest", Part.MEDICATION,
            "MedicationDispense", Part.MEDICATION,
            "AllergyIntolerance", Part.MEDICATION,
            "Condition", Part.GP_SUMMARY,
            "EpisodeOfCare", Part.GP_SUMMARY,
            "Encounter", Part.GP_SUMMARY,
            "Observation", Part.GP_SUMMARY,
            "Composition", Part.GP_SUMMARY);

    private final Map<String, Set<Part>> roleMatrix;
    private final Period window;

    public SummaryRules(Map<String, Set<Part>> roleMatrix, Period window) {
        this.roleMatrix = Map.copyOf(roleMatrix);
        this.window = window;
    }

    public static Optional<Part> partOf(String resourceType) {
        return Optional.ofNullable(PARTS.get(resourceType));
    }

    /** Whether a professional with this UZI role may see this part of the summary at all. */
    public boolean roleMaySee(String uziRole, Part part) {
        return uziRole != null && roleMatrix.getOrDefault(uziRole, Set.of()).contains(part);
    }

    /** The data categories a search of this type can return (an Observation is a journal entry or a result). */
    public static List<String> categoriesOf(String resourceType) {
        Part part = PARTS.get(resourceType);
        if (part == null) {
            return List.of();
        }
        if (part == Part.MEDICATION) {
            return List.of(MEDICATION);
        }
        return "Observation".equals(resourceType) ? List.of(TREATMENT_DATA, RESULTS) : List.of(TREATMENT_DATA);
    }

    /** The data categories of a part of the summary. */
    public static List<String> categoriesOf(Part part) {
        return part == Part.MEDICATION ? List.of(MEDICATION) : List.of(TREATMENT_DATA, RESULTS);
    }

    /** The data category of one resource. */
    public static String categoryOf(IBaseResource resource) {
        if (resource instanceof Observation observation && observation.getCategory().stream()
                .flatMap(c -> c.getCoding().stream()).anyMatch(c -> "laboratory".equals(c.getCode()))) {
            return RESULTS;
        }
        Part part = PARTS.get(resource.fhirType());
        return part == Part.MEDICATION ? MEDICATION : TREATMENT_DATA;
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
        String start = "ge" + windowStart(now).toString();
        return switch (resourceType) {
            case "Encounter", "Observation", "Composition" -> Map.of("date", start);
            case "MedicationStatement" -> Map.of("effective", start);
            case "MedicationRequest" -> Map.of("authoredon", start);
            case "MedicationDispense" -> Map.of("whenhandedover", start);
            case "Condition", "AllergyIntolerance" -> Map.of("clinical-status", "active");
            case "EpisodeOfCare" -> Map.of("status", "active");
            default -> Map.of();
        };
    }

    /**
     * The same window, checked on one resource about to be returned. A date counts with its whole
     * precision (a day reaches to its end), as the database search does.
     */
    public boolean inWindow(IBaseResource resource, Instant now) {
        Instant start = windowStart(now);
        if (resource instanceof Encounter encounter) {
            return reaches(encounter.getPeriod(), start);
        }
        if (resource instanceof Observation observation) {
            return observation.hasEffectivePeriod() ? reaches(observation.getEffectivePeriod(), start)
                    : observation.hasEffectiveDateTimeType() && reaches(observation.getEffectiveDateTimeType(), start);
        }
        if (resource instanceof Composition composition) {
            return reaches(composition.getDateElement(), start);
        }
        if (resource instanceof MedicationStatement statement) {
            return statement.hasEffectivePeriod() ? reaches(statement.getEffectivePeriod(), start)
                    : statement.hasEffectiveDateTimeType() && reaches(statement.getEffectiveDateTimeType(), start);
        }
        if (resource instanceof MedicationRequest request) {
            return reaches(request.getAuthoredOnElement(), start);
        }
        if (resource instanceof MedicationDispense dispense) {
            return reaches(dispense.getWhenHandedOverElement(), start);
        }
        if (resource instanceof Condition condition) {
            return hasCode(condition.getClinicalStatus(), "active");
        }
        if (resource instanceof AllergyIntolerance allergy) {
            return hasCode(allergy.getClinicalStatus(), "active");
        }
        if (resource instanceof EpisodeOfCare episode) {
            return episode.getStatus() == EpisodeOfCare.EpisodeOfCareStatus.ACTIVE;
        }
        return false;
    }

    /** A period reaches into the window unless it ended before the window starts; an open period does. */
    private static boolean reaches(org.hl7.fhir.r4.model.Period period, Instant start) {
        if (period.hasEnd()) {
            return reaches(period.getEndElement(), start);
        }
        return period.hasStart();
    }

    /** A date or time reaches into the window when the end of its precision is not before the window starts. */
    private static boolean reaches(BaseDateTimeType value, Instant start) {
        if (value == null || value.getValue() == null) {
            return false;
        }
        Instant upper;
        if (value.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
            // The database indexes a date as its whole day in the server's time zone.
            LocalDate day = LocalDate.ofInstant(value.getValue().toInstant(), ZoneId.systemDefault());
            upper = day.plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant().minusMillis(1);
        } else {
            upper = value.getValue().toInstant();
        }
        return !upper.isBefore(start);
    }

    private static boolean hasCode(CodeableConcept concept, String code) {
        return concept != null && concept.getCoding().stream().anyMatch(c -> code.equals(c.getCode()));
    }
}
